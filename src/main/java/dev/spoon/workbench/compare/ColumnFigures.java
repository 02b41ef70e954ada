package dev.spoon.workbench.compare;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;

import java.util.List;

/**
 * The measured figures of one column's latest answer. Times in milliseconds; a null field was not reported
 * (no usage from the provider, no price for the model, no streamed token before a failure).
 *
 * @param answeredBy the provider that produced the answer (differs from the column's when the manager fell back)
 * @param model      the model the server reported
 * @param finishReason the normalized finish reason ({@code stop}, {@code length}, {@code error}…)
 * @param errorType  the seed's error name ({@code RateLimitError}…) when the answer failed, else null
 * @param error      the error's display line ({@link LlmException#displayLine()}) when the answer failed, and on
 *                   the next line what to do ({@link LlmException#guiHint()}) when there is advice; else null
 * @param cachedPromptTokens  prompt tokens read from the provider's prompt cache, when reported
 * @param cacheCreationTokens prompt tokens written to the prompt cache (Anthropic), when reported
 * @param reasoningTokens     completion tokens spent on reasoning, when reported
 * @param jsonCheck  for an answer asked for as JSON, its check in words ({@code StructuredText}); else null
 * @param jsonValid  whether that answer parsed (and matches its schema); null for a text answer
 */
public record ColumnFigures(String answeredBy, String model, Long ttftMs, Long totalMs, Double tokensPerSecond,
                            Integer promptTokens, Integer completionTokens, Double costUsd, String finishReason,
                            String errorType, String error, Integer cachedPromptTokens, Integer cacheCreationTokens,
                            Integer reasoningTokens, List<String> jsonCheck, Boolean jsonValid) {

    /** Figures without a token breakdown (a stopped or failed answer without usage). */
    static ColumnFigures of(String answeredBy, Long totalMs, String finishReason, String errorType, String error) {
        return new ColumnFigures(answeredBy, null, null, totalMs, null, null, null, null, finishReason, errorType,
                error, null, null, null, null, null);
    }

    /** Figures of a finished answer; {@code costUsd} as the caller priced it (null when unknown). */
    static ColumnFigures of(LlmResponse r, Double costUsd) {
        return new ColumnFigures(r.provider(), r.model(), r.ttftMs(), r.durationMs(),
                r.usage() == null ? null : r.tokensPerSecond(),
                r.usage() == null ? null : r.usage().promptTokens(),
                r.usage() == null ? null : r.usage().completionTokens(), costUsd,
                r.finishReason() == null ? null : r.finishReason().wireName(),
                r.error() == null ? null : r.error().errorType(),
                r.error() == null ? null : r.error().displayLine(),
                r.usage() == null ? null : r.usage().cachedPromptTokens(),
                r.usage() == null ? null : r.usage().cacheCreationTokens(),
                r.usage() == null ? null : r.usage().reasoningTokens(), null, null);
    }

    /** Figures of a failed answer: the partial response's when there was one, and the error. */
    static ColumnFigures failed(LlmException e, Double partialCost, long elapsedMs) {
        LlmResponse p = e.partial();
        String line = e.guiHint() == null ? e.displayLine() : e.displayLine() + "\n" + e.guiHint();
        if (p != null) {
            ColumnFigures f = of(p, partialCost);
            return new ColumnFigures(f.answeredBy, f.model, f.ttftMs, f.totalMs, f.tokensPerSecond, f.promptTokens,
                    f.completionTokens, f.costUsd, "error", e.errorType(), line, f.cachedPromptTokens,
                    f.cacheCreationTokens, f.reasoningTokens, null, null);
        }
        return of(e.provider(), elapsedMs, "error", e.errorType(), line);
    }

    /** These figures with the check of a JSON answer ({@code out} null: a text answer, nothing changes). */
    ColumnFigures withJsonCheck(dev.spoon.llm.StructuredOutput out, boolean withSchema) {
        if (out == null) {
            return this;
        }
        return new ColumnFigures(answeredBy, model, ttftMs, totalMs, tokensPerSecond, promptTokens, completionTokens,
                costUsd, finishReason, errorType, error, cachedPromptTokens, cacheCreationTokens, reasoningTokens,
                dev.spoon.workbench.request.StructuredText.lines(out, withSchema), out.valid());
    }

    public boolean failed() {
        return errorType != null;
    }
}
