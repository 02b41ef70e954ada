package dev.spoon.llm.manager;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.config.SpoonConfig;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed attempt is tried again on the same provider, and after how long (DESIGN.md, configuration):
 * retryable errors only, at most {@code retry_attempts} retries per provider; the wait before retry {@code n}
 * (0-based) is {@code retry_delay_ms × 2ⁿ} times a jitter in [0.5, 1), capped at {@code retry_max_wait_s};
 * a provider's {@code Retry-After} wins when longer, and one longer than {@code retry_max_wait_s} is not waited
 * for at all (the provider is given up on). Immutable; thread-safe when its random source is.
 *
 * <p>Why not Failsafe: its jitter is symmetric (delay ± factor), its fallback is a single value rather than a
 * chain of providers each with its own retries, and the manager's retry loop is a dozen lines around this
 * class; wrapping it in Failsafe would add a dependency and make the code longer, not shorter.
 */
final class RetryPolicy {
    private final int attempts;
    private final long firstDelayMs;
    private final long maxWaitMs;
    private final Random random;

    /** @param random the jitter source; null: {@link ThreadLocalRandom} */
    RetryPolicy(int attempts, long firstDelayMs, long maxWaitMs, Random random) {
        this.attempts = Math.max(0, attempts);
        this.firstDelayMs = Math.max(0, firstDelayMs);
        this.maxWaitMs = Math.max(0, maxWaitMs);
        this.random = random;
    }

    static RetryPolicy of(SpoonConfig cfg, Random random) {
        return new RetryPolicy(cfg.retryAttempts(), cfg.retryDelayMs(), cfg.retryMaxWaitSeconds() * 1000L, random);
    }

    /** Retries per provider ({@code retry_attempts}); a provider gets at most this + 1 attempts. */
    int attempts() {
        return attempts;
    }

    /**
     * The wait before retrying after {@code e}, when {@code retriesDone} retries of this provider were made
     * already; null when {@code e} is not retried (not retryable, retries used up, or a {@code Retry-After}
     * longer than the longest wait).
     */
    Duration delayBeforeRetry(int retriesDone, LlmException e) {
        if (!e.retryable() || retriesDone >= attempts) {
            return null;
        }
        Duration retryAfter = e.retryAfter();
        if (retryAfter != null && retryAfter.toMillis() > maxWaitMs) {
            return null;
        }
        return Duration.ofMillis(backoffMillis(retriesDone, retryAfter));
    }

    /** The wait before retry number {@code retry} (0-based): exponential with jitter, Retry-After when longer. */
    long backoffMillis(int retry, Duration retryAfter) {
        double base = firstDelayMs * Math.pow(2, Math.min(retry, 30));
        double jitter = 0.5 + 0.5 * (random != null ? random.nextDouble() : ThreadLocalRandom.current().nextDouble());
        long wait = (long) Math.min(base * jitter, maxWaitMs);
        if (retryAfter != null) {
            wait = Math.max(wait, retryAfter.toMillis());
        }
        return wait;
    }
}
