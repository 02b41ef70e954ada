package dev.spoon.llm.manager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Chooses which provider of a pool answers next: {@code round_robin}, {@code weighted} (smooth weighted round
 * robin, so the split is exact over each cycle), {@code random}, {@code least_busy} (fewest calls in flight)
 * or {@code latency} (lowest moving average of recent latencies; an untried provider goes first).
 * Thread-safe.
 */
final class LoadBalancer {
    static final double EWMA_ALPHA = 0.3;

    private final String strategy;
    private final Random random;
    private long next;
    private final Map<String, Double> currentWeight = new HashMap<>();
    private final Map<String, Double> ewmaMs = new HashMap<>();

    LoadBalancer(String strategy, Random random) {
        this.strategy = strategy;
        this.random = random;
    }

    String strategy() {
        return strategy;
    }

    /**
     * One provider of {@code available} (non-empty).
     *
     * @param weight   a provider's weight (≥ 0)
     * @param inFlight a provider's calls in flight
     */
    synchronized String pick(List<String> available, ToDoubleFunction<String> weight,
                             ToIntFunction<String> inFlight) {
        int n = available.size();
        if (n == 1) {
            return available.get(0);
        }
        switch (strategy) {
            case "random":
                return available.get(random.nextInt(n));
            case "weighted": {
                double total = 0;
                String best = null;
                double bestWeight = Double.NEGATIVE_INFINITY;
                for (String p : available) {
                    double w = Math.max(0, weight.applyAsDouble(p));
                    total += w;
                    double cw = currentWeight.merge(p, w, Double::sum);
                    if (cw > bestWeight) {
                        bestWeight = cw;
                        best = p;
                    }
                }
                if (total <= 0) {
                    return available.get((int) (next++ % n));
                }
                currentWeight.merge(best, -total, Double::sum);
                return best;
            }
            case "least_busy": {
                int start = (int) (next++ % n);
                String best = null;
                int bestLoad = Integer.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    String p = available.get((start + i) % n);
                    int load = inFlight.applyAsInt(p);
                    if (load < bestLoad) {
                        bestLoad = load;
                        best = p;
                    }
                }
                return best;
            }
            case "latency": {
                String best = null;
                double bestMs = Double.MAX_VALUE;
                for (String p : available) {
                    double ms = ewmaMs.getOrDefault(p, 0.0);
                    if (ms < bestMs) {
                        bestMs = ms;
                        best = p;
                    }
                }
                return best;
            }
            default: // round_robin
                return available.get((int) (next++ % n));
        }
    }

    /** Feeds the latency average of {@code provider} with one successful call's duration. */
    synchronized void recordLatency(String provider, double ms) {
        ewmaMs.merge(provider, ms, (old, v) -> old + EWMA_ALPHA * (v - old));
    }

    synchronized Double averageLatencyMs(String provider) {
        return ewmaMs.get(provider);
    }
}
