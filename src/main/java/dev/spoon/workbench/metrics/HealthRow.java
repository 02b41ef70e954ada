package dev.spoon.workbench.metrics;

import dev.spoon.llm.HealthStatus;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * One provider's health as the dashboard shows it.
 *
 * @param status the latest check (or real request), or null when the provider was not checked yet
 */
public record HealthRow(String provider, HealthStatus status) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** "healthy", "unhealthy", "not running" (a local server nobody started) or "not checked". */
    public String state() {
        return status == null ? "not checked" : status.state().word();
    }

    /** When the provider was last checked (or last answered a request), local time {@code HH:mm:ss}; "" if never. */
    public String lastChecked() {
        return status == null ? "" : TIME.format(status.checkedAt());
    }

    /** The last error ("Type: message"), or "" when healthy, not running or not checked. */
    public String lastError() {
        return status == null || !status.failed() || status.error() == null ? ""
                : status.errorType() == null ? status.error()
                : dev.spoon.llm.LlmException.displayLine(status.errorType(), null, null, status.error(), null);
    }
}
