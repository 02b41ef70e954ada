package dev.spoon.llm;

/**
 * Token counts as the provider reported them.
 *
 * @param cacheReadTokens  prompt tokens served from the provider's prompt cache, or null when unknown
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache (Anthropic), or null
 * @param reasoningTokens  completion tokens spent on reasoning, or null when unknown
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens,
                   Integer cacheReadTokens, Integer cacheWriteTokens, Integer reasoningTokens) {

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, promptTokens + completionTokens, null, null, null);
    }

    public Usage(int promptTokens, int completionTokens, int totalTokens) {
        this(promptTokens, completionTokens, totalTokens, null, null, null);
    }
}
