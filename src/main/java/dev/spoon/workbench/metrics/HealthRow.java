package dev.spoon.workbench.metrics;

import dev.spoon.llm.HealthStatus;

/**
 * One provider's health as the dashboard shows it.
 *
 * @param status the latest check, or null when the provider was not checked yet
 */
public record HealthRow(String provider, HealthStatus status) {
    public String state() {
        return status == null ? "not checked" : status.healthy() ? "healthy" : "unhealthy";
    }

    /** The last error ("Type: message"), or "" when healthy or not checked. */
    public String lastError() {
        return status == null || status.healthy() || status.error() == null ? ""
                : (status.errorType() == null ? "" : status.errorType() + ": ") + status.error();
    }
}
