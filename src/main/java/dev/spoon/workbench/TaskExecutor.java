package dev.spoon.workbench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs the workbench's background work and schedules its timed UI actions (JabRef's {@code TaskExecutor}).
 * Views and ViewModels get it injected through the {@link WorkbenchContext}. Work the user may notice is a
 * {@link BackgroundTask} ({@link #execute}); {@link #submit} is the bare primitive underneath.
 *
 * <p>Nothing run here may block waiting for another task or for a provider: compose futures instead. The
 * production executor has a small pool for blocking steps (disk, encoding) and one timer thread that only
 * hands due actions to the UI thread. Tests use {@code QueuedTaskExecutor}, whose background work, UI actions
 * and timers all run on the test's thread when the test drains them, on a clock the test moves.
 */
public interface TaskExecutor {

    /** A scheduled action; {@link #cancel} keeps it from running (no effect once it ran). */
    @FunctionalInterface
    interface Scheduled {
        void cancel();
    }

    /** Runs {@code work} in the background. Prefer {@link #execute} for work the user may notice. */
    <T> CompletableFuture<T> submit(Supplier<T> work);

    /**
     * Starts a call to the core off the UI thread: {@code start} (building and sending the request: encoding
     * a long conversation or its images, a simulator planning its answer) runs in the background. The returned
     * future completes as the call does; cancelling it cancels the call, and a call cancelled before it started
     * is never made.
     */
    default <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            if (result.isDone()) {
                return null; // cancelled before it started
            }
            CompletableFuture<T> inner;
            try {
                inner = start.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return null;
            }
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    inner.cancel(true);
                }
            });
            inner.whenComplete((v, e) -> {
                if (e == null) {
                    result.complete(v);
                } else {
                    result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                }
            });
            return null;
        });
        return result;
    }

    /** Runs {@code action} on the UI thread: at once when called there, else as soon as it is free. */
    void ui(Runnable action);

    /** Runs {@code action} on the UI thread after {@code delay}. Any thread. */
    Scheduled schedule(Duration delay, Runnable action);

    /** The executor's clock in nanoseconds, the one {@link #schedule} runs on (virtual in tests). */
    long nanoTime();

    /**
     * Starts {@code task} (call on the UI thread). The returned future completes after the task's callbacks
     * ran, with its result or its (unwrapped) failure.
     */
    default <T> CompletableFuture<T> execute(BackgroundTask<T> task) {
        return task.start(this);
    }

    /** An action that runs once, {@code quiet} after the last of a burst of {@link Debouncer#trigger()}s. */
    default Debouncer debounce(Duration quiet, Runnable action) {
        return new Debouncer(this, quiet, action);
    }

    /** The production executor: a small daemon pool, one timer thread, UI actions via {@code Platform.runLater}. */
    static TaskExecutor background() {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "spoon-bg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spoon-ui-timer");
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

            @Override
            public Scheduled schedule(Duration delay, Runnable action) {
                ScheduledFuture<?> f = timer.schedule(() -> javafx.application.Platform.runLater(action),
                        Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }

    /**
     * Runs background work and UI actions at once on the calling thread, and timers never. Only for code whose
     * background work is itself synchronous (preferences, files); a ViewModel that calls the core must be
     * tested with a {@code QueuedTaskExecutor}, or its callbacks would run on the core's threads.
     */
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

            @Override
            public Scheduled schedule(Duration delay, Runnable action) {
                return () -> { };
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }
}
