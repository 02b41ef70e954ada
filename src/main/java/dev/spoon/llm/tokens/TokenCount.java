package dev.spoon.llm.tokens;

import java.util.Locale;

/**
 * How many tokens a request's prompt is, counted before it is sent ({@code spoon tokens}, the workbench's draft
 * count).
 *
 * @param promptTokens the count: what the provider would report as {@code usage.prompt_tokens}
 * @param method       {@link Method#EXACT} when the provider's own tokenizer and message framing were applied,
 *                     else {@link Method#ESTIMATE}
 * @param basis        what the count rests on, for a tooltip or a note: the encoding ({@code o200k_base},
 *                     {@code cl100k_base}) or {@code sim}
 */
public record TokenCount(int promptTokens, Method method, String basis) {

    /** Whether a count is exact or an estimate. */
    public enum Method {
        /** Counted with the model's own tokenizer and framing: what the provider will report. */
        EXACT,
        /** The model's tokenizer is not available here (or part of the prompt is not text): an approximation. */
        ESTIMATE;

        /** The word in the CLI's JSON ({@code "exact"}, {@code "estimate"}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether this count is exact. */
    public boolean exact() {
        return method == Method.EXACT;
    }
}
