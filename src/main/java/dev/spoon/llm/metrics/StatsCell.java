package dev.spoon.llm.metrics;

import dev.spoon.llm.config.PriceTable;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;

/**
 * The counters and histograms of some exchanges (one provider and model, in one time slot or since start):
 * requests, successes, errors by type, cancellations, cache hits, latency and time-to-first-token histograms
 * (microseconds, auto-resizing), token sums and generation time. Cells merge, so a window or a provider's total
 * is a sum of cells. Not thread-safe: the collector guards them with its lock.
 */
final class StatsCell {
    private final int digits;
    long requests;
    long successes;
    long cacheHits;
    long cancelled;
    final Map<String, Long> errors = new HashMap<>(2);
    private Histogram latency;
    private Histogram ttft;
    private double latencySumMs;
    private double ttftSumMs;
    long promptTokens;
    long completionTokens;
    private long cachedPromptTokens;
    private long cacheCreationTokens;
    private long reasoningTokens;
    private long genTokens;
    private double genSeconds;

    /** @param digits significant digits of the histograms (3 for totals, 2 for time slots) */
    StatsCell(int digits) {
        this.digits = digits;
    }

    private Histogram newHistogram() {
        Histogram h = new Histogram(digits);
        h.setAutoResize(true);
        return h;
    }

    void add(ExchangeOutcome o) {
        requests++;
        if (o.cancelled()) {
            cancelled++;
            return;
        }
        if (o.errorType() != null) {
            errors.merge(o.errorType(), 1L, Long::sum);
        } else {
            successes++;
            if (o.cacheHit()) {
                cacheHits++;
            } else {
                if (latency == null) {
                    latency = newHistogram();
                }
                latency.recordValue(Math.max(1, Math.round(o.latencyMs() * 1000)));
                latencySumMs += o.latencyMs();
                if (o.ttftMs() >= 0) {
                    if (ttft == null) {
                        ttft = newHistogram();
                    }
                    ttft.recordValue(Math.max(1, Math.round(o.ttftMs() * 1000)));
                    ttftSumMs += o.ttftMs();
                }
            }
        }
        promptTokens += o.promptTokens();
        completionTokens += o.completionTokens();
        cachedPromptTokens += o.cachedPromptTokens();
        cacheCreationTokens += o.cacheCreationTokens();
        reasoningTokens += o.reasoningTokens();
        if (o.genSeconds() > 0 && o.completionTokens() > 0) {
            genTokens += o.completionTokens();
            genSeconds += o.genSeconds();
        }
    }

    void merge(StatsCell c) {
        requests += c.requests;
        successes += c.successes;
        cacheHits += c.cacheHits;
        cancelled += c.cancelled;
        c.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        if (c.latency != null) {
            if (latency == null) {
                latency = newHistogram();
            }
            latency.add(c.latency);
        }
        if (c.ttft != null) {
            if (ttft == null) {
                ttft = newHistogram();
            }
            ttft.add(c.ttft);
        }
        latencySumMs += c.latencySumMs;
        ttftSumMs += c.ttftSumMs;
        promptTokens += c.promptTokens;
        completionTokens += c.completionTokens;
        cachedPromptTokens += c.cachedPromptTokens;
        cacheCreationTokens += c.cacheCreationTokens;
        reasoningTokens += c.reasoningTokens;
        genTokens += c.genTokens;
        genSeconds += c.genSeconds;
    }

    /** Completion tokens per second of generation (0 when unknown). */
    double tokensPerSecond() {
        return genSeconds <= 0 ? 0 : genTokens / genSeconds;
    }

    /** What these tokens cost on {@code model} by {@code prices} (0 when the model has no price). */
    double cost(String model, PriceTable prices) {
        return prices.priceOf(model).map(p -> p.cost(promptTokens, completionTokens, cachedPromptTokens,
                cacheCreationTokens)).orElse(0.0);
    }

    double latencyPercentile(double p) {
        return pct(latency, p);
    }

    double ttftPercentile(double p) {
        return pct(ttft, p);
    }

    ProviderStats stats(String provider, String model, double cost) {
        long lat = latency == null ? 0 : latency.getTotalCount();
        long tt = ttft == null ? 0 : ttft.getTotalCount();
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        return new ProviderStats(provider, model, requests, successes, failed, cancelled, cacheHits, errors,
                lat == 0 ? Double.NaN : latencySumMs / lat, pct(latency, 50), pct(latency, 95),
                pct(latency, 99), tt == 0 ? Double.NaN : ttftSumMs / tt, pct(ttft, 50), pct(ttft, 95),
                tokensPerSecond(), promptTokens, completionTokens, cost, cachedPromptTokens, cacheCreationTokens,
                reasoningTokens);
    }

    private static double pct(Histogram h, double p) {
        return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }
}
