package dev.spoon.llm;

import java.util.Locale;

/** Why generation ended, normalized across providers. The native word is kept beside it. */
public enum FinishReason {
    STOP, LENGTH, TOOL_CALLS, CONTENT_FILTER, ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Maps a provider's own finish word (OpenAI, Anthropic, Gemini, Ollama…) to the normalized reason;
     * unknown words map to {@link #STOP}, null maps to null.
     */
    public static FinishReason fromNative(String nativeReason) {
        if (nativeReason == null) {
            return null;
        }
        return switch (nativeReason.trim().toLowerCase(Locale.ROOT)) {
            case "stop", "end_turn", "stop_sequence", "finish_reason_unspecified", "eos", "pause_turn" -> STOP;
            case "length", "max_tokens", "max_output_tokens", "model_length", "model_context_window_exceeded" -> LENGTH;
            case "tool_calls", "function_call", "tool_use" -> TOOL_CALLS;
            case "content_filter", "safety", "recitation", "blocklist", "prohibited_content", "spii",
                 "refusal", "image_safety", "language" -> CONTENT_FILTER;
            case "error", "malformed_function_call", "other", "unexpected_tool_call" -> ERROR;
            default -> STOP;
        };
    }
}
