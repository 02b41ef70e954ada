package dev.spoon.llm.code;

import java.util.Set;

/**
 * The request-body fields the official SDKs' create methods take as named parameters (openai-python 1.x
 * {@code chat.completions.create} and {@code responses.create}, anthropic-python {@code messages.create}); any
 * other field of a body goes through the SDK's {@code extra_body}.
 */
final class SdkParams {
    static final Set<String> OPENAI_CHAT = Set.of("model", "messages", "audio", "frequency_penalty", "function_call",
            "functions", "logit_bias", "logprobs", "max_completion_tokens", "max_tokens", "metadata", "modalities",
            "n", "parallel_tool_calls", "prediction", "presence_penalty", "prompt_cache_key", "reasoning_effort",
            "response_format", "safety_identifier", "seed", "service_tier", "stop", "store", "stream",
            "stream_options", "temperature", "tool_choice", "tools", "top_logprobs", "top_p", "user", "verbosity",
            "web_search_options");
    static final Set<String> OPENAI_RESPONSES = Set.of("model", "input", "background", "include", "instructions",
            "max_output_tokens", "max_tool_calls", "metadata", "parallel_tool_calls", "previous_response_id",
            "prompt", "prompt_cache_key", "reasoning", "safety_identifier", "service_tier", "store", "stream",
            "temperature", "text", "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
            "conversation", "stream_options");
    static final Set<String> ANTHROPIC = Set.of("model", "max_tokens", "messages", "metadata", "service_tier",
            "stop_sequences", "stream", "system", "temperature", "thinking", "tool_choice", "tools", "top_k",
            "top_p");

    private SdkParams() {
    }
}
