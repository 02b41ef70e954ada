package dev.spoon.llm;

import java.util.List;
import java.util.Map;

/**
 * The normalized answer of any provider (DESIGN.md "CLI contract").
 *
 * @param id                 the provider's response id, or null
 * @param provider           the provider instance that answered
 * @param model              the model the server reports (or the one asked for when it reports none)
 * @param content            the answer text, never null ("" when the model only called tools)
 * @param reasoning          reasoning/thinking text, or null
 * @param finishReason       normalized; {@link FinishReason#ERROR} when a stream broke after output
 * @param nativeFinishReason the provider's own word, or null
 * @param toolCalls          tool calls, in call order
 * @param usage              token counts, or null when the provider sent none
 * @param durationMs         from request start to the last byte
 * @param ttftMs             time to the first content/reasoning/tool token, or null for non-streamed calls
 * @param attempts           every try that went into this answer, the successful one last
 * @param cacheHit           served from the manager's response cache
 * @param error              for a stream that broke after output: the error that ended it; else null
 * @param metadata           extra provider data (e.g. Gemini safety ratings); never null
 */
public record LlmResponse(String id, String provider, String model, String content, String reasoning,
                          FinishReason finishReason, String nativeFinishReason, List<ToolCall> toolCalls,
                          Usage usage, long durationMs, Long ttftMs, List<Attempt> attempts, boolean cacheHit,
                          LlmException error, Map<String, Object> metadata) {

    public LlmResponse {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public LlmResponse withAttempts(List<Attempt> newAttempts) {
        return new LlmResponse(id, provider, model, content, reasoning, finishReason, nativeFinishReason, toolCalls,
                usage, durationMs, ttftMs, newAttempts, cacheHit, error, metadata);
    }

    public LlmResponse withCacheHit(boolean hit) {
        return new LlmResponse(id, provider, model, content, reasoning, finishReason, nativeFinishReason, toolCalls,
                usage, durationMs, ttftMs, attempts, hit, error, metadata);
    }

    public LlmResponse withTiming(long newDurationMs, Long newTtftMs) {
        return new LlmResponse(id, provider, model, content, reasoning, finishReason, nativeFinishReason, toolCalls,
                usage, newDurationMs, newTtftMs, attempts, cacheHit, error, metadata);
    }

    public LlmResponse withProvider(String newProvider) {
        return new LlmResponse(id, newProvider, model, content, reasoning, finishReason, nativeFinishReason, toolCalls,
                usage, durationMs, ttftMs, attempts, cacheHit, error, metadata);
    }

    /** Completion tokens per second over the generation time (after the first token when known), or 0. */
    public double tokensPerSecond() {
        if (usage == null || usage.completionTokens() <= 0) {
            return 0;
        }
        long genMs = ttftMs != null ? durationMs - ttftMs : durationMs;
        return genMs <= 0 ? 0 : usage.completionTokens() * 1000.0 / genMs;
    }
}
