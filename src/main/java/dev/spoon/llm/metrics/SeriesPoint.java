package dev.spoon.llm.metrics;

import java.util.Map;

/**
 * One point of a dashboard series: what finished during {@code seconds} seconds starting at
 * {@code epochSecond}. Latency/TTFT figures are in milliseconds over successful non-cached requests and are
 * {@code NaN} when the point has none; cost is in US dollars at the current price table.
 *
 * @param tokensPerSecond completion tokens per second of generation time (the model's speed), or 0
 */
public record SeriesPoint(long epochSecond, int seconds, long requests, long successes, long cacheHits,
                          long cancelled, Map<String, Long> errorsByType, double p50Ms, double p95Ms, double p99Ms,
                          double ttftP50Ms, double ttftP95Ms, double tokensPerSecond, long promptTokens,
                          long completionTokens, double costUsd) {

    public SeriesPoint {
        errorsByType = Map.copyOf(errorsByType);
    }

    /** Requests finished per second during this point. */
    public double requestsPerSecond() {
        return seconds <= 0 ? 0 : (double) requests / seconds;
    }

    /** Errors of any type. */
    public long errors() {
        return errorsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
