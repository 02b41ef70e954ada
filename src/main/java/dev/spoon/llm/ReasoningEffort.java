package dev.spoon.llm;

import java.util.Locale;

/**
 * How much a reasoning model should think before answering. Mapped per provider: OpenAI
 * {@code reasoning_effort}, OpenRouter {@code reasoning.effort}, Anthropic a thinking budget, Gemini
 * {@code thinkingConfig}. Tokens spent show in {@link Usage#reasoningTokens()} where the provider reports them.
 */
public enum ReasoningEffort {
    MINIMAL, LOW, MEDIUM, HIGH;

    /** The word on the wire and on the command line: {@code minimal}, {@code low}, {@code medium}, {@code high}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The effort named {@code word} (any case).
     *
     * @throws IllegalArgumentException naming the accepted words when it is none of them
     */
    public static ReasoningEffort parse(String word) {
        if (word != null) {
            for (ReasoningEffort e : values()) {
                if (e.wireName().equalsIgnoreCase(word.strip())) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a reasoning effort; use minimal, low, medium or high");
    }
}
