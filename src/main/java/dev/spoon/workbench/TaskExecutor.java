package dev.spoon.workbench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs background work off the FX thread (JabRef's TaskExecutor). Views and ViewModels get it injected;
 * tests inject {@link #direct()}, which runs everything on the calling thread, so nothing sleeps or races.
 */
public interface TaskExecutor {

    /** Runs {@code work} in the background. */
    <T> CompletableFuture<T> submit(Supplier<T> work);

    /** Runs {@code action} on the UI thread (or inline, in tests). */
    void ui(Runnable action);

    /** The production executor: a small daemon pool, UI actions via {@code Platform.runLater}. */
    static TaskExecutor background() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "spoon-bg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(Supplier<T> work) {
                return CompletableFuture.supplyAsync(work, pool);
            }

            @Override
            public void ui(Runnable action) {
                if (javafx.application.Platform.isFxApplicationThread()) {
                    action.run();
                } else {
                    javafx.application.Platform.runLater(action);
                }
            }
        };
    }

    /** Runs everything on the calling thread (unit tests of ViewModels). */
    static TaskExecutor direct() {
        return new TaskExecutor() {
            @Override
            public <T> CompletableFuture<T> submit(Supplier<T> work) {
                try {
                    return CompletableFuture.completedFuture(work.get());
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void ui(Runnable action) {
                action.run();
            }
        };
    }
}
