package dev.spoon.llm.providers.sim;

import dev.spoon.llm.ToolCall;

import java.util.List;

/**
 * What one simulated request will produce, decided before the first token: reasoning tokens, then content
 * tokens, then tool calls (one "token" each), and the prompt's token estimate.
 */
record SimPlan(List<String> reasoningTokens, List<String> contentTokens, List<ToolCall> toolCalls, int promptTokens) {
    int tokenCount() {
        return reasoningTokens.size() + contentTokens.size() + toolCalls.size();
    }
}
