package dev.spoon.llm;

/**
 * Token counts as the provider reported them, normalized so that the prompt count includes every prompt token
 * (cached or not) and the completion count includes reasoning tokens, whatever the provider's own split. The
 * optional counts are null when the provider did not report them; the CLI prints them under the names of
 * DESIGN.md ({@code cached_prompt_tokens}, {@code cache_creation_tokens}, {@code reasoning_tokens}).
 *
 * @param cachedPromptTokens  prompt tokens read from the provider's prompt cache (OpenAI
 *                            {@code prompt_tokens_details.cached_tokens}, Anthropic {@code cache_read_input_tokens},
 *                            Gemini {@code cachedContentTokenCount}), or null
 * @param cacheCreationTokens prompt tokens written to the prompt cache (Anthropic
 *                            {@code cache_creation_input_tokens}), or null
 * @param reasoningTokens     completion tokens spent on reasoning (OpenAI
 *                            {@code completion_tokens_details.reasoning_tokens}, Gemini {@code thoughtsTokenCount}),
 *                            or null
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens,
                    Integer cachedPromptTokens, Integer cacheCreationTokens, Integer reasoningTokens) {

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, promptTokens + completionTokens, null, null, null);
    }

    public Usage(int promptTokens, int completionTokens, int totalTokens) {
        this(promptTokens, completionTokens, totalTokens, null, null, null);
    }

    /** The sum of two usages (a tool loop's steps); an optional count is null only when both are. */
    public Usage plus(Usage o) {
        if (o == null) {
            return this;
        }
        return new Usage(promptTokens + o.promptTokens, completionTokens + o.completionTokens,
                totalTokens + o.totalTokens, sum(cachedPromptTokens, o.cachedPromptTokens),
                sum(cacheCreationTokens, o.cacheCreationTokens), sum(reasoningTokens, o.reasoningTokens));
    }

    private static Integer sum(Integer a, Integer b) {
        return a == null ? b : b == null ? a : Integer.valueOf(a + b);
    }
}
