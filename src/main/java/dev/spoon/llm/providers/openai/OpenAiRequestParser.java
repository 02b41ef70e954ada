package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Message;
import dev.spoon.llm.ToolChoice;

import java.util.Map;
import java.util.Set;

/**
 * Reads a Chat Completions request body ({@code POST /v1/chat/completions}, as an OpenAI client sends it) into
 * the neutral {@link ChatRequest}: the one reader of that format, used by the gateway and by replay of a
 * logged request. Messages and tools are read by {@link LlmJson} (the same OpenAI chat format the CLI's
 * {@code --messages} and {@code --tools} take); a tool message gets the name of the call it answers.
 *
 * <p>{@code max_tokens} or {@code max_completion_tokens}, {@code temperature}, {@code tools} and
 * {@code tool_choice} become request fields; {@code stream} and {@code stream_options} are the caller's to
 * read (they say how to answer, not what to ask); every other field ({@code response_format}, {@code top_p},
 * {@code seed}, {@code stop}…) is kept unchanged in {@link ChatRequest#extra()}.
 */
public final class OpenAiRequestParser {
    /** Fields this parser turns into request fields, or that describe the answer's transport. */
    private static final Set<String> CONSUMED = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "tools", "tool_choice", "stream", "stream_options");

    private OpenAiRequestParser() {
    }

    /**
     * The request {@code body} asks for.
     *
     * @throws IllegalArgumentException naming the field (and message or tool index) that is wrong
     */
    public static ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object with model and messages");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("messages: expected a non-empty array of messages");
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(Message.namingToolResults(LlmJson.messages(messages)));
        JsonNode model = body.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isTextual()) {
                throw new IllegalArgumentException("model: expected a string");
            }
            b.model(model.asText());
        }
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1) {
                throw new IllegalArgumentException("max_tokens: expected a positive whole number, found " + max);
            }
            b.maxTokens(max.asInt());
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber()) {
                throw new IllegalArgumentException("temperature: expected a number, found " + temperature);
            }
            b.temperature(temperature.asDouble());
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            for (JsonNode t : tools) {
                String type = t.path("type").asText("function");
                if (!type.equals("function")) {
                    throw new IllegalArgumentException("tools: tool type '" + type + "' is not supported (only "
                            + "function tools)");
                }
            }
            b.tools(LlmJson.tools(tools));
        }
        b.toolChoice(toolChoice(body.get("tool_choice")));
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (!CONSUMED.contains(e.getKey())) {
                b.extra(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /** Whether the body asks for a streamed answer ({@code "stream": true}). */
    public static boolean stream(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    /** Whether a streamed answer should end with a usage chunk ({@code stream_options.include_usage}). */
    public static boolean includeUsage(JsonNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static ToolChoice toolChoice(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        if (c.isTextual()) {
            return switch (c.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new IllegalArgumentException("tool_choice: expected auto, none, required or "
                        + "{\"type\":\"function\",\"function\":{\"name\":...}}, found \"" + c.asText() + "\"");
            };
        }
        String name = c.path("function").path("name").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool_choice: a named choice needs function.name");
        }
        return new ToolChoice(ToolChoice.Mode.NAMED, name);
    }
}
