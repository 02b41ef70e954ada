package dev.spoon.llm.config;

import dev.spoon.llm.Usage;

/**
 * Price of a model in US dollars per million tokens ({@code [prices."model"]} in the config). Look a model's
 * price up with {@link PriceTable}, never by hand.
 *
 * @param cachedInputPerMillion prompt tokens read from the provider's prompt cache ({@code cached_input_per_mtok});
 *                              null: charged as ordinary input
 * @param cacheWritePerMillion  prompt tokens written to the prompt cache ({@code cache_write_per_mtok});
 *                              null: charged as ordinary input
 */
public record Price(double inputPerMillion, double outputPerMillion, Double cachedInputPerMillion,
                    Double cacheWritePerMillion) {

    /** A price without separate cache prices. */
    public Price(double inputPerMillion, double outputPerMillion) {
        this(inputPerMillion, outputPerMillion, null, null);
    }

    /** The cost of one answer's {@code usage} in US dollars (0 when usage is null). */
    public double cost(Usage usage) {
        if (usage == null) {
            return 0;
        }
        return cost(usage.promptTokens(), usage.completionTokens(),
                usage.cachedPromptTokens() == null ? 0 : usage.cachedPromptTokens(),
                usage.cacheCreationTokens() == null ? 0 : usage.cacheCreationTokens());
    }

    /**
     * The cost of token counts (sums over many answers, as the metrics keep them) in US dollars. Prompt tokens
     * include the cache reads and writes, as {@link Usage} normalizes them for every provider; those are charged
     * at their own price when the table sets one.
     */
    public double cost(long promptTokens, long completionTokens, long cachedPromptTokens, long cacheCreationTokens) {
        long read = Math.max(0, Math.min(cachedPromptTokens, promptTokens));
        long write = Math.max(0, Math.min(cacheCreationTokens, promptTokens - read));
        long plain = promptTokens - read - write;
        double readPrice = cachedInputPerMillion != null ? cachedInputPerMillion : inputPerMillion;
        double writePrice = cacheWritePerMillion != null ? cacheWritePerMillion : inputPerMillion;
        return (plain * inputPerMillion + read * readPrice + write * writePrice
                + completionTokens * outputPerMillion) / 1_000_000.0;
    }
}
