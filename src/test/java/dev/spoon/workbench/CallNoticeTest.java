package dev.spoon.workbench;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.RateLimitException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CallNoticeTest {
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();
    private final AtomicInteger redraws = new AtomicInteger();
    private final CallNotice notice = new CallNotice(executor, line -> redraws.incrementAndGet());

    private static RateLimitException rateLimited() {
        return new RateLimitException("Rate limit reached", "mystub", 429, "Rate limit reached", true,
                Duration.ofSeconds(7), null);
    }

    /** The manager reports from its own thread, as it does in a real call. */
    private void fromManager(Runnable r) throws InterruptedException {
        Thread t = new Thread(r);
        t.start();
        t.join();
    }

    @Test
    void aRetryCountsDownOnTheExecutorsClock() throws Exception {
        fromManager(() -> notice.onRetry("mystub", 2, 4, Duration.ofSeconds(7), rateLimited()));
        assertThat(notice.textProperty().get()).isEmpty(); // handed to the UI thread, not set on the manager's
        executor.runPending();
        assertThat(notice.textProperty().get()).isEqualTo("rate limited by mystub, retrying in 7 s (attempt 2 of 4)");
        List<String> seen = new ArrayList<>();
        notice.textProperty().addListener((o, a, b) -> seen.add(b));
        executor.advance(Duration.ofSeconds(1));
        assertThat(notice.textProperty().get()).isEqualTo("rate limited by mystub, retrying in 6 s (attempt 2 of 4)");
        executor.advance(Duration.ofMillis(5500));
        assertThat(notice.textProperty().get()).endsWith("retrying in 1 s (attempt 2 of 4)");
        executor.advance(Duration.ofMillis(500));
        assertThat(notice.textProperty().get()).isEqualTo("retrying mystub now (attempt 2 of 4)\u2026");
        assertThat(seen).containsExactly(
                "rate limited by mystub, retrying in 6 s (attempt 2 of 4)",
                "rate limited by mystub, retrying in 5 s (attempt 2 of 4)",
                "rate limited by mystub, retrying in 4 s (attempt 2 of 4)",
                "rate limited by mystub, retrying in 3 s (attempt 2 of 4)",
                "rate limited by mystub, retrying in 2 s (attempt 2 of 4)",
                "rate limited by mystub, retrying in 1 s (attempt 2 of 4)",
                "retrying mystub now (attempt 2 of 4)\u2026");
        assertThat(executor.hasTimers()).isFalse();
        assertThat(redraws).hasValue(8);
    }

    @Test
    void aFallbackStopsTheCountdownAndSaysWhereTheCallGoes() throws Exception {
        fromManager(() -> {
            notice.onRetry("mystub", 2, 2, Duration.ofSeconds(3), rateLimited());
            notice.onFallback("mystub", "anthropic", rateLimited());
        });
        executor.runPending();
        assertThat(notice.textProperty().get()).isEqualTo("rate limited by mystub, falling back to anthropic");
        assertThat(executor.hasTimers()).isFalse();
        assertThat(notice.events()).containsExactly("rate limited by mystub, retried after 3 s (attempt 2 of 2)",
                "rate limited by mystub, falling back to anthropic");
    }

    @Test
    void theEndOfTheCallStopsTheCountdown() throws Exception {
        fromManager(() -> notice.onRetry("mystub", 2, 4, Duration.ofSeconds(30), rateLimited()));
        executor.runPending();
        notice.end();
        executor.advance(Duration.ofSeconds(5));
        assertThat(notice.textProperty().get()).isEqualTo("rate limited by mystub, retried after 30 s (attempt 2 of 4)");
        assertThat(executor.hasTimers()).isFalse();
    }

    @Test
    void aCallThatEndsAfterItsLastRetrySaysSoInThePastInsteadOfStillAnnouncingIt() throws Exception {
        fromManager(() -> notice.onRetry("ollama", 4, 4, Duration.ZERO, new dev.spoon.llm.NetworkException(
                "could not connect to ollama", "ollama", null, null)));
        executor.runPending();
        assertThat(notice.textProperty().get()).isEqualTo("retrying ollama now (attempt 4 of 4)\u2026");
        notice.end();
        assertThat(notice.textProperty().get()).isEqualTo("no answer from ollama, retried after 0 s (attempt 4 of 4)");
        notice.end();
        assertThat(notice.events()).hasSize(1);
    }

    @Test
    void aFallbackLineStaysWhenTheCallEnds() throws Exception {
        fromManager(() -> {
            notice.onRetry("mystub", 2, 2, Duration.ZERO, rateLimited());
            notice.onFallback("mystub", "anthropic", rateLimited());
        });
        executor.runPending();
        notice.end();
        assertThat(notice.textProperty().get()).isEqualTo("rate limited by mystub, falling back to anthropic");
    }

    @Test
    void otherErrorsAreNamedByTypeAndStatus() {
        assertThat(CallNotice.reason("openai", new AuthenticationException("bad key", "openai", 401, "bad key",
                false, null, null))).isEqualTo("openai failed (AuthenticationError 401)");
    }
}
