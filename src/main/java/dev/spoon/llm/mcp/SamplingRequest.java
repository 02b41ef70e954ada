package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Message;

import java.util.List;

/**
 * A server's {@code sampling/createMessage}: it asks the client's model for a completion.
 *
 * @param server        the asking server's name
 * @param messages      the conversation, as neutral messages (text and images)
 * @param systemPrompt  the server's system prompt, or null
 * @param maxTokens     the limit it asked for, or null
 * @param temperature   the temperature it asked for, or null
 * @param stopSequences stop sequences (empty when none)
 * @param modelHints    the model names it hinted at, most preferred first (empty when none)
 * @param params        the request's params exactly as received
 */
public record SamplingRequest(String server, List<Message> messages, String systemPrompt, Integer maxTokens,
                              Double temperature, List<String> stopSequences, List<String> modelHints,
                              JsonNode params) {
    public SamplingRequest {
        messages = List.copyOf(messages);
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
        modelHints = modelHints == null ? List.of() : List.copyOf(modelHints);
    }
}
