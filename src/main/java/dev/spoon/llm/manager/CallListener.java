package dev.spoon.llm.manager;

import dev.spoon.llm.LlmException;

import java.time.Duration;

/**
 * Observes one call through the {@link LlmManager} while it runs: every retry it is about to wait for and
 * every move to a fallback provider, so a caller can show them as they happen ("retrying openai in 7 s
 * (attempt 2 of 4): RateLimitError …"). Pass one to {@link LlmManager#chat(dev.spoon.llm.ChatRequest, String,
 * CallListener)}, {@code chatStream} or {@code chatWithTools}.
 *
 * <p>Both methods have no-op defaults. They are called on the thread that saw the failure (a transport
 * thread or the manager's timer), before the wait starts or the next provider is tried; they must return
 * quickly and never block (hand off to a UI thread yourself). They are invoked defensively: a listener that
 * throws is ignored and never changes the call.
 */
public interface CallListener {
    /** A listener that ignores everything. */
    CallListener NONE = new CallListener() {
    };

    /**
     * {@code provider} failed with a retryable {@code error}; the manager tries it again after {@code delay}
     * (exponential backoff with jitter, or the provider's {@code Retry-After} when longer).
     *
     * @param attempt     the attempt on this provider that follows the wait (2 = the first retry)
     * @param maxAttempts the most attempts this provider gets in this call ({@code retry_attempts} + 1)
     */
    default void onRetry(String provider, int attempt, int maxAttempts, Duration delay, LlmException error) {
    }

    /**
     * {@code fromProvider} is given up on (its error was not retryable, its retries ran out, its
     * {@code Retry-After} was longer than {@code retry_max_wait_s}, or it could not even be created) and the
     * call moves on to {@code toProvider}, the next of the fallback chain. Not called when no provider is left:
     * then the call fails.
     */
    default void onFallback(String fromProvider, String toProvider, LlmException error) {
    }
}
