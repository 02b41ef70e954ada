package dev.spoon.llm.metrics;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Usage;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeResult;

/**
 * What one finished exchange contributes to the metrics, from the transport's own timestamps: which provider
 * and model, when it ended, success / error type / cancellation / cache hit, latency, time to first token,
 * tokens and generation time.
 *
 * @param ttftMs     time to the first token, or -1 when none (a plain answer)
 * @param genSeconds from the first token (or the start) to the end, when usage was reported; else 0
 */
record ExchangeOutcome(String provider, String model, long endMillis, boolean cancelled, boolean cacheHit,
                       String errorType, double latencyMs, double ttftMs, long promptTokens, long completionTokens,
                       long cachedPromptTokens, long cacheCreationTokens, long reasoningTokens, double genSeconds) {

    /** The outcome of {@code ex}, which ended with {@code res}. */
    static ExchangeOutcome of(Exchange ex, ExchangeResult res) {
        LlmException err = res.error();
        LlmResponse resp = res.response() != null ? res.response() : err != null ? err.partial() : null;
        String model = ex.model() != null ? ex.model() : resp != null ? resp.model() : null;
        boolean cacheHit = "true".equals(ex.tags().get("cache_hit"));
        boolean cancelled = res.cancelled();
        long durationNanos = Math.max(0, res.endNanos() - ex.startNanos());
        double ttftMs = res.firstTokenNanos() > 0
                ? Math.max(0, res.firstTokenNanos() - ex.startNanos()) / 1_000_000.0 : -1;
        Usage u = resp == null ? null : resp.usage();
        long prompt = 0;
        long completion = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        long reasoning = 0;
        double genSeconds = 0;
        if (u != null && !cacheHit) {
            prompt = u.promptTokens();
            completion = u.completionTokens();
            cacheRead = u.cachedPromptTokens() == null ? 0 : u.cachedPromptTokens();
            cacheWrite = u.cacheCreationTokens() == null ? 0 : u.cacheCreationTokens();
            reasoning = u.reasoningTokens() == null ? 0 : u.reasoningTokens();
            long genNanos = res.firstTokenNanos() > 0 ? res.endNanos() - res.firstTokenNanos() : durationNanos;
            genSeconds = genNanos / 1e9;
        }
        return new ExchangeOutcome(ex.provider(), model, ex.startedAt().toEpochMilli() + durationNanos / 1_000_000,
                cancelled, cacheHit, cancelled || err == null ? null : err.errorType(), durationNanos / 1_000_000.0,
                ttftMs, prompt, completion, cacheRead, cacheWrite, reasoning, genSeconds);
    }

    /** Provider + model: what the metrics are kept per. */
    MetricsKey key() {
        return new MetricsKey(provider, model);
    }
}
