package dev.spoon.workbench.providers;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.workbench.TaskExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the Providers pane runs work: disk and key-store work on the background executor, network calls as the
 * core's own futures with a time limit; nothing waits on another task. The result is handled on the UI thread;
 * a failure goes to {@code onFailure} as one line ("Type (HTTP n): message", or "no answer within N s").
 *
 * <p>Each method returns a future that completes once the UI-thread handling has run, so tests can wait for it.
 */
final class PaneTasks {
    private final TaskExecutor executor;
    private final Consumer<String> onFailure;

    PaneTasks(TaskExecutor executor, Consumer<String> onFailure) {
        this.executor = executor;
        this.onFailure = onFailure;
    }

    /** Runs blocking {@code work} (files, key store) in the background, then {@code onUi} with its result. */
    <T> CompletableFuture<Void> disk(Supplier<T> work, Consumer<T> onUi) {
        return handle(executor.submit(work), then(onUi), null);
    }

    /**
     * Like {@link #disk}, for an {@code onUi} that starts more work: the returned future completes when that
     * work's future does.
     */
    <T> CompletableFuture<Void> diskThen(Supplier<T> work, Function<T, CompletableFuture<?>> onUi) {
        return handle(executor.submit(work), onUi, null);
    }

    /**
     * Waits, without blocking any thread, for {@code call} (at most {@code limit}), then runs {@code onUi} with
     * its result, or {@code onError} (null: the pane's failure line) with the failure's line when it failed or
     * ran out of time.
     */
    <T> CompletableFuture<Void> call(CompletableFuture<T> call, Duration limit, Consumer<T> onUi,
                                     Consumer<String> onError) {
        return handle(call.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS), then(onUi),
                e -> (onError != null ? onError : onFailure).accept(describe(e, limit)));
    }

    private static <T> Function<T, CompletableFuture<?>> then(Consumer<T> onUi) {
        return r -> {
            onUi.accept(r);
            return CompletableFuture.completedFuture(null);
        };
    }

    private <T> CompletableFuture<Void> handle(CompletableFuture<T> work, Function<T, CompletableFuture<?>> onUi,
                                               Consumer<Throwable> onError) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        work.whenComplete((r, e) -> executor.ui(() -> {
            try {
                if (e == null) {
                    onUi.apply(r).whenComplete((x, y) -> done.complete(null));
                    return;
                }
                if (onError != null) {
                    onError.accept(e);
                } else {
                    onFailure.accept(describe(e, null));
                }
            } catch (RuntimeException x) {
                onFailure.accept(describe(x, null));
            }
            done.complete(null);
        }));
        return done;
    }

    /** One line for a failure: the error's display line, or what ran out of time. */
    static String describe(Throwable e, Duration limit) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "no answer within " + (limit == null ? "the time limit" : limit.toSeconds() + " s");
        }
        LlmException le = LlmProvider.unwrap(c);
        return le.displayLine();
    }
}
