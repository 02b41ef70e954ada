package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Chat Completions wire format ({@code POST /chat/completions}) shared by OpenAI and the compatible
 * servers: request and response records, and the translation from the neutral {@link Message}s and
 * {@link Tool}s, and the model list. Responses and stream chunks are read by {@link OpenAiChunkReader} (a
 * streaming parser: the per-token hot path), error bodies by {@link OpenAiErrors}.
 */
final class OpenAiWire {
    private OpenAiWire() {
    }

    static final ObjectReader MODELS = Json.MAPPER.readerFor(ModelList.class);

    // ------------------------------------------------------------------ request

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ChatBody(String model, List<RequestMessage> messages, Integer maxTokens, Integer maxCompletionTokens,
                    Double temperature, Boolean stream, StreamOptions streamOptions, List<RequestTool> tools,
                    Object toolChoice, Object responseFormat, String reasoningEffort, Reasoning reasoning) {
    }

    /** OpenRouter's reasoning settings ({@code "reasoning": {"effort": "high"}}). */
    record Reasoning(String effort) {
    }

    /**
     * {@code response_format}: {@code {"type": "json_object"}}, or {@code {"type": "json_schema", "json_schema":
     * {"name", "schema", "strict"}}}; null for text (the server's default). {@code schemaAsJsonObject} sends a
     * schema as plain JSON mode, for servers that know only that (the answer is still validated locally).
     */
    static Object responseFormat(ResponseFormat f, boolean schemaAsJsonObject) {
        if (f instanceof ResponseFormat.JsonSchema s && !schemaAsJsonObject) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("name", s.name());
            schema.put("schema", s.schema());
            schema.put("strict", s.strict());
            return Map.of("type", "json_schema", "json_schema", schema);
        }
        return f.isJson() ? Map.of("type", "json_object") : null;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StreamOptions(boolean includeUsage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RequestMessage(String role, Object content, List<RequestToolCall> toolCalls, String toolCallId,
                          String name) {
    }

    record RequestToolCall(String id, String type, FunctionCall function) {
    }

    record FunctionCall(String name, String arguments) {
    }

    record TextPart(String type, String text) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImagePart(String type, ImageUrl imageUrl) {
    }

    record ImageUrl(String url) {
    }

    record RequestTool(String type, FunctionDef function) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionDef(String name, String description, JsonNode parameters) {
    }

    static List<RequestMessage> messages(List<Message> messages) {
        return messages(messages, false);
    }

    /** A text part marked for prompt caching (OpenRouter passes {@code cache_control} on to Anthropic and Gemini). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CachedTextPart(String type, String text, Map<String, String> cacheControl) {
    }

    /**
     * The messages as sent; with {@code cacheSystem} the last system message is one text part marked
     * {@code cache_control: ephemeral}.
     */
    static List<RequestMessage> messages(List<Message> messages, boolean cacheSystem) {
        List<RequestMessage> out = new ArrayList<>(messages.size());
        int lastSystem = -1;
        for (int i = 0; cacheSystem && i < messages.size(); i++) {
            if (messages.get(i).role() == dev.spoon.llm.Role.SYSTEM) {
                lastSystem = i;
            }
        }
        int index = 0;
        for (Message m : messages) {
            boolean cached = index++ == lastSystem;
            out.add(switch (m.role()) {
                case SYSTEM -> new RequestMessage("system", cached ? List.of(new CachedTextPart("text", m.text(),
                        Map.of("type", "ephemeral"))) : m.text(), null, null, null);
                case USER -> new RequestMessage("user", userContent(m), null, null, m.name());
                case ASSISTANT -> {
                    List<RequestToolCall> calls = null;
                    if (!m.toolCalls().isEmpty()) {
                        calls = new ArrayList<>();
                        for (ToolCall c : m.toolCalls()) {
                            calls.add(new RequestToolCall(c.id(), "function", new FunctionCall(c.name(),
                                    c.arguments())));
                        }
                    }
                    String text = m.text();
                    yield new RequestMessage("assistant", text.isEmpty() && calls != null ? null : text, calls,
                            null, null);
                }
                case TOOL -> new RequestMessage("tool", m.text(), null, m.toolCallId(), null);
            });
        }
        return out;
    }

    private static Object userContent(Message m) {
        if (m.parts().isEmpty()) {
            return m.text();
        }
        List<Object> parts = new ArrayList<>();
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t) {
                parts.add(new TextPart("text", t.text()));
            } else if (p instanceof ContentPart.Image img) {
                parts.add(new ImagePart("image_url", new ImageUrl(img.asUrl())));
            }
        }
        return parts;
    }

    static List<RequestTool> tools(List<Tool> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        List<RequestTool> out = new ArrayList<>();
        for (Tool t : tools) {
            out.add(new RequestTool("function", new FunctionDef(t.name(), t.description(), t.parameters())));
        }
        return out;
    }

    static Object toolChoice(ToolChoice c) {
        if (c == null) {
            return null;
        }
        return switch (c.mode()) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "required";
            case NAMED -> Map.of("type", "function", "function", Map.of("name", c.toolName()));
        };
    }

    // ------------------------------------------------------------------ response, stream chunk, error

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(List<ModelEntry> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelEntry(String id) {
    }
}
