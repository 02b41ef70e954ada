package dev.spoon.llm.metrics;

/** Provider + model: the metrics are kept per pair. */
record MetricsKey(String provider, String model) {
}
