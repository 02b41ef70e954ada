package dev.spoon.llm.metrics;

import java.util.Map;

/**
 * Aggregated figures of one provider (and model), as the seed's {@code get_provider_stats} returns them.
 * Latency and TTFT figures are in milliseconds and cover successful, non-cached requests; they are
 * {@code NaN} when there is no such request. Cost is in US dollars from the price table at query time.
 *
 * @param model             the model, or null when the figures cover all models of the provider
 * @param totalRequests     every exchange: successes, failures, cancellations and cache hits
 * @param failedRequests    exchanges that ended with an error (see {@code errorsByType})
 * @param cancelledRequests exchanges the caller cancelled (neither success nor error)
 * @param cacheHits         requests answered from the manager's cache (counted as successes, no latency)
 * @param tokensPerSecond   completion tokens per second of generation time, or 0 when unknown
 * @param costUsd           priced with the cache prices: cached and cache-written prompt tokens at their own price
 * @param cachedPromptTokens  of {@code promptTokens}, those read from the providers' prompt caches
 * @param cacheCreationTokens of {@code promptTokens}, those written to a prompt cache (Anthropic)
 * @param reasoningTokens     of {@code completionTokens}, those spent on reasoning
 */
public record ProviderStats(String provider, String model, long totalRequests, long successfulRequests,
                            long failedRequests, long cancelledRequests, long cacheHits,
                            Map<String, Long> errorsByType, double avgResponseTimeMs, double p50Ms, double p95Ms,
                            double p99Ms, double avgTtftMs, double ttftP50Ms, double ttftP95Ms,
                            double tokensPerSecond, long promptTokens, long completionTokens, double costUsd,
                            long cachedPromptTokens, long cacheCreationTokens, long reasoningTokens) {

    public ProviderStats {
        errorsByType = Map.copyOf(errorsByType);
    }

    /** Successful requests as a fraction of all finished ones (0 when there were none). */
    public double successRate() {
        long finished = successfulRequests + failedRequests;
        return finished == 0 ? 0 : (double) successfulRequests / finished;
    }
}
