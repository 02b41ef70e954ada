package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Messages API request body ({@code POST /v1/messages}, as an Anthropic client sends it) into the
 * neutral {@link ChatRequest}: the one reader of that format, used by the gateway and by replay of a logged
 * request. It is the inverse of the request {@link AnthropicProvider} writes:
 *
 * <ul>
 *   <li>{@code system} (a string or text blocks) becomes a system message;</li>
 *   <li>a user turn's {@code tool_result} blocks become tool messages (in order, before the turn's other
 *   content; each named after the call it answers), its text and {@code image} blocks a user message;</li>
 *   <li>an assistant turn's {@code tool_use} blocks become tool calls (arguments = the {@code input} object
 *   as JSON text; no text is a null content, as in OpenAI's format), its {@code thinking} the turn's
 *   reasoning, with the block's signature kept on the first call so it can be sent back to Anthropic;</li>
 *   <li>{@code tools} ({@code name}, {@code description}, {@code input_schema}) and {@code tool_choice}
 *   ({@code auto}, {@code any}, {@code none}, {@code tool}) become the neutral tools and choice.</li>
 * </ul>
 *
 * <p>{@code max_tokens} and {@code temperature} become request fields, {@code stream} is the caller's to read,
 * and every other field ({@code top_p}, {@code stop_sequences}, {@code thinking}, {@code metadata}…) is kept
 * unchanged in {@link ChatRequest#extra()}.
 */
public final class AnthropicRequestParser {
    private static final Set<String> CONSUMED = Set.of("model", "messages", "system", "max_tokens", "temperature",
            "tools", "tool_choice", "stream");

    private AnthropicRequestParser() {
    }

    /**
     * The request {@code body} asks for.
     *
     * @throws IllegalArgumentException naming the field (and message or block index) that is wrong
     */
    public static ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object with model, max_tokens and "
                    + "messages");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("messages: expected a non-empty array of messages");
        }
        ChatRequest.Builder b = ChatRequest.builder();
        String system = system(body.get("system"));
        List<Message> out = new ArrayList<>();
        if (system != null) {
            out.add(Message.system(system));
        }
        int i = 0;
        for (JsonNode m : messages) {
            try {
                turn(m, out);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("messages." + i + ": " + e.getMessage(), e);
            }
            i++;
        }
        b.messages(Message.namingToolResults(out));
        JsonNode model = body.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isTextual()) {
                throw new IllegalArgumentException("model: expected a string");
            }
            b.model(model.asText());
        }
        JsonNode max = body.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
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
        b.tools(tools(body.get("tools")));
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

    private static String system(JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        if (s.isTextual()) {
            return s.asText().isEmpty() ? null : s.asText();
        }
        if (!s.isArray()) {
            throw new IllegalArgumentException("system: expected a string or an array of text blocks");
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : s) {
            if (!"text".equals(block.path("type").asText())) {
                throw new IllegalArgumentException("system: only text blocks are supported, found '"
                        + block.path("type").asText() + "'");
            }
            if (!sb.isEmpty()) {
                sb.append("\n\n");
            }
            sb.append(block.path("text").asText());
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static void turn(JsonNode m, List<Message> out) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("expected an object with role and content");
        }
        String role = m.path("role").asText("");
        JsonNode content = m.get("content");
        if (!role.equals("user") && !role.equals("assistant")) {
            throw new IllegalArgumentException("role: expected user or assistant, found '" + role + "'");
        }
        if (content == null || content.isNull()) {
            throw new IllegalArgumentException("content: missing");
        }
        if (content.isTextual()) {
            out.add(role.equals("user") ? Message.user(content.asText()) : Message.assistant(content.asText()));
            return;
        }
        if (!content.isArray()) {
            throw new IllegalArgumentException("content: expected a string or an array of blocks");
        }
        if (role.equals("user")) {
            userTurn(content, out);
        } else {
            assistantTurn(content, out);
        }
    }

    private static void userTurn(JsonNode blocks, List<Message> out) {
        List<ContentPart> parts = new ArrayList<>();
        int i = 0;
        for (JsonNode b : blocks) {
            String type = b.path("type").asText("");
            switch (type) {
                case "text" -> parts.add(new ContentPart.Text(b.path("text").asText()));
                case "image" -> parts.add(image(b.path("source"), i));
                case "tool_result" -> {
                    String id = b.path("tool_use_id").asText("");
                    if (id.isEmpty()) {
                        throw new IllegalArgumentException("content." + i + ": a tool_result needs tool_use_id");
                    }
                    out.add(Message.tool(id, null, toolResultText(b.get("content"))));
                }
                default -> throw new IllegalArgumentException("content." + i + ": block type '" + type
                        + "' is not supported in a user turn (text, image, tool_result)");
            }
            i++;
        }
        if (parts.isEmpty()) {
            return;
        }
        if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
            out.add(Message.user(t.text()));
        } else {
            out.add(Message.user(parts));
        }
    }

    private static ContentPart.Image image(JsonNode source, int index) {
        return switch (source.path("type").asText("")) {
            case "base64" -> ContentPart.Image.ofBase64(source.path("media_type").asText(),
                    source.path("data").asText());
            case "url" -> ContentPart.Image.ofUrl(source.path("url").asText());
            default -> throw new IllegalArgumentException("content." + index + ": image source type '"
                    + source.path("type").asText() + "' is not supported (base64, url)");
        };
    }

    /** A tool result's content: a string, or its text blocks joined. */
    private static String toolResultText(JsonNode c) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isTextual()) {
            return c.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : c) {
            if ("text".equals(block.path("type").asText())) {
                sb.append(block.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static void assistantTurn(JsonNode blocks, List<Message> out) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = null;
        String signature = null;
        List<ToolCall> calls = new ArrayList<>();
        int i = 0;
        for (JsonNode b : blocks) {
            String type = b.path("type").asText("");
            switch (type) {
                case "text" -> text.append(b.path("text").asText());
                case "thinking" -> {
                    thinking = thinking == null ? new StringBuilder() : thinking;
                    thinking.append(b.path("thinking").asText());
                    signature = b.path("signature").asText(null);
                }
                case "redacted_thinking" -> {
                    // opaque to every other provider; nothing to keep in the neutral turn
                }
                case "tool_use" -> {
                    JsonNode input = b.get("input");
                    calls.add(new ToolCall(b.path("id").asText(null), b.path("name").asText(),
                            input == null || input.isNull() ? "{}" : input.toString(),
                            calls.isEmpty() ? AnthropicWire.keptSignature(signature) : null));
                }
                default -> throw new IllegalArgumentException("content." + i + ": block type '" + type
                        + "' is not supported in an assistant turn (text, thinking, tool_use)");
            }
            i++;
        }
        out.add(new Message(Role.ASSISTANT, text.isEmpty() && !calls.isEmpty() ? null : text.toString(), null,
                calls, null, null,
                thinking == null ? null : thinking.toString()));
    }

    private static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new IllegalArgumentException("tools: expected an array of tools");
        }
        List<Tool> out = new ArrayList<>();
        int i = 0;
        for (JsonNode t : tools) {
            String name = t.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("tools." + i + ": missing name");
            }
            String type = t.path("type").asText("custom");
            if (!type.equals("custom")) {
                throw new IllegalArgumentException("tools." + i + " (" + name + "): tool type '" + type
                        + "' is not supported (only client tools with input_schema)");
            }
            JsonNode schema = t.get("input_schema");
            if (schema != null && !schema.isObject()) {
                throw new IllegalArgumentException("tools." + i + " (" + name + "): input_schema must be a JSON "
                        + "Schema object");
            }
            out.add(new Tool(name, t.path("description").asText(null),
                    schema == null ? Json.MAPPER.createObjectNode().put("type", "object") : schema));
            i++;
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        String type = c.path("type").asText("");
        return switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "any" -> ToolChoice.REQUIRED;
            case "none" -> ToolChoice.NONE;
            case "tool" -> {
                String name = c.path("name").asText("");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("tool_choice: type tool needs a name");
                }
                yield new ToolChoice(ToolChoice.Mode.NAMED, name);
            }
            default -> throw new IllegalArgumentException("tool_choice: expected type auto, any, none or tool, "
                    + "found '" + type + "'");
        };
    }
}
