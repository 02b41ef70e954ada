package dev.spoon.workbench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TaskExecutor#call}: a call to the core is started off the UI thread and stays cancellable. */
class BackgroundCallTest {
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();
    private final AtomicInteger started = new AtomicInteger();
    private final CompletableFuture<String> inner = new CompletableFuture<>();

    private CompletableFuture<String> start() {
        return executor.call(() -> {
            started.incrementAndGet();
            return inner;
        });
    }

    @Test
    void theCallIsMadeInTheBackgroundNotOnTheCallingThread() {
        CompletableFuture<String> call = start();
        assertThat(started).as("nothing runs on the calling (UI) thread").hasValue(0);
        executor.runPending();
        assertThat(started).hasValue(1);
        inner.complete("answer");
        assertThat(call).isCompletedWithValue("answer");
    }

    @Test
    void cancellingCancelsTheCallItStarted() {
        CompletableFuture<String> call = start();
        executor.runPending();
        call.cancel(true);
        assertThat(inner).isCancelled();
    }

    @Test
    void aCallCancelledBeforeItStartedIsNeverMade() {
        CompletableFuture<String> call = start();
        call.cancel(true);
        executor.runPending();
        assertThat(started).hasValue(0);
        assertThat(call).isCancelled();
    }

    @Test
    void failuresArePassedOnUnwrapped() {
        IllegalStateException boom = new IllegalStateException("no such provider");
        CompletableFuture<String> thrown = executor.call(() -> {
            throw boom;
        });
        CompletableFuture<String> call = start();
        executor.runPending();
        inner.completeExceptionally(new java.util.concurrent.CompletionException(boom));
        assertThat(thrown).isCompletedExceptionally();
        assertThat(thrown.handle((v, e) -> e).join()).isSameAs(boom);
        assertThat(call.handle((v, e) -> e).join()).isSameAs(boom);
    }
}
