package dev.spoon.llm;

import java.time.Instant;

/**
 * The outcome of one health check.
 *
 * @param error the real error of a failed check (the provider's message), or null when healthy
 */
public record HealthStatus(String provider, boolean healthy, long latencyMs, String errorType, String error,
                           Instant checkedAt) {

    public static HealthStatus healthy(String provider, long latencyMs) {
        return new HealthStatus(provider, true, latencyMs, null, null, Instant.now());
    }

    public static HealthStatus unhealthy(String provider, long latencyMs, LlmException e) {
        return new HealthStatus(provider, false, latencyMs, e.errorType(), e.getMessage(), Instant.now());
    }
}
