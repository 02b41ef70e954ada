package dev.spoon.llm.metrics;

/**
 * Told that the metrics changed. Called on the collector's own daemon thread ({@code spoon-metrics}), at
 * most {@value MetricsCollector#NOTIFY_HZ} times a second and only when something changed; never on a
 * transport thread or the FX thread. Read what you need from the collector in the call (or hop to the UI
 * thread first). A throwing listener is ignored.
 */
@FunctionalInterface
public interface MetricsListener {
    void onMetricsChanged(long revision);
}
