package dev.spoon.llm.metrics;

/** The time spans the live dashboard shows, and the width of one point of each series. */
public enum MetricsWindow {
    /** The last 5 minutes, one point per second (300 points). */
    LAST_5_MIN(300, 1),
    /** The last hour, one point per minute (60 points). */
    LAST_HOUR(3600, 60),
    /** Since the collector started (at most the last 7 days), one point per minute. */
    SESSION(7 * 24 * 3600, 60);

    private final int seconds;
    private final int pointSeconds;

    MetricsWindow(int seconds, int pointSeconds) {
        this.seconds = seconds;
        this.pointSeconds = pointSeconds;
    }

    /** The span covered, in seconds (for {@link #SESSION}: the most kept). */
    public int seconds() {
        return seconds;
    }

    /** The width of one series point, in seconds. */
    public int pointSeconds() {
        return pointSeconds;
    }
}
