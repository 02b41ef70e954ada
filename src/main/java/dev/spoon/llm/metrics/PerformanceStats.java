package dev.spoon.llm.metrics;

import java.util.List;

/**
 * Figures across every provider, as the seed's {@code get_performance_stats} returns them. Times in
 * milliseconds ({@link #avgResponseTime()} gives the seed's seconds); {@code NaN} when there is no sample.
 *
 * @param providers one entry per provider (all its models)
 * @param cachedPromptTokens  of {@code promptTokens}, those read from the providers' prompt caches
 * @param cacheCreationTokens of {@code promptTokens}, those written to a prompt cache (Anthropic)
 * @param reasoningTokens     of {@code completionTokens}, those spent on reasoning
 */
public record PerformanceStats(long totalRequests, long successfulRequests, long failedRequests,
                               long cancelledRequests, long cacheHits, double successRate, double avgResponseTimeMs,
                               double p50Ms, double p95Ms, double p99Ms, double avgTtftMs, double tokensPerSecond,
                               long promptTokens, long completionTokens, double costUsd,
                               List<ProviderStats> providers, long cachedPromptTokens, long cacheCreationTokens,
                               long reasoningTokens) {

    public PerformanceStats {
        providers = List.copyOf(providers);
    }

    /** The seed's {@code avg_response_time}, in seconds. */
    public double avgResponseTime() {
        return avgResponseTimeMs / 1000.0;
    }
}
