package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.RequestOptions;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Responses API request body ({@code POST /v1/responses}) into the neutral {@link ChatRequest}: the
 * reverse of the mapping {@link ResponsesWire} writes, for replaying a logged request (and any other reader
 * of that format).
 *
 * <p>{@code instructions} becomes a system message; {@code input} (a string, or a list of items) becomes the
 * conversation: messages with role {@code user}, {@code assistant}, {@code system} or {@code developer}
 * (read as system), whose content is a string or {@code input_text}/{@code output_text}/{@code input_image}
 * parts; {@code function_call} items join the assistant turn before them as tool calls (id = {@code call_id});
 * {@code function_call_output} items become tool messages. {@code reasoning} items are skipped.
 * {@code model}, {@code max_output_tokens}, {@code temperature}, function {@code tools} and
 * {@code tool_choice} become request fields, {@code text.format} and {@code reasoning.effort} request options;
 * {@code stream} is the caller's to read.
 */
public final class ResponsesRequestParser {
    private ResponsesRequestParser() {
    }

    /** Whether {@code body} looks like a Responses request (it has {@code input} or {@code instructions}). */
    public static boolean accepts(JsonNode body) {
        return body != null && body.isObject() && !body.has("messages") && (body.has("input")
                || body.has("instructions"));
    }

    /** Whether the body asks for a streamed answer ({@code "stream": true}). */
    public static boolean stream(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    /**
     * The request {@code body} asks for.
     *
     * @throws IllegalArgumentException naming the field (and item index) that cannot be read
     */
    public static ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object with model and input");
        }
        for (String stored : new String[]{"previous_response_id", "conversation"}) {
            if (body.hasNonNull(stored)) {
                throw new IllegalArgumentException(stored + " is not supported: no responses are stored here; send "
                        + "the whole conversation in input");
            }
        }
        List<Message> messages = new ArrayList<>();
        JsonNode instructions = body.get("instructions");
        if (instructions != null && instructions.isTextual() && !instructions.asText().isEmpty()) {
            messages.add(Message.system(instructions.asText()));
        }
        JsonNode input = body.get("input");
        if (input == null || !(input.isTextual() || input.isArray()) || (input.isArray() && input.size() == 0)) {
            throw new IllegalArgumentException("input: expected a string or a non-empty array of items");
        }
        if (input.isTextual()) {
            messages.add(Message.user(input.asText()));
        } else {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), i, messages);
            }
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(messages);
        if (body.hasNonNull("model")) {
            b.model(body.get("model").asText());
        }
        JsonNode max = body.get("max_output_tokens");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
                throw new IllegalArgumentException("max_output_tokens: expected a positive whole number, found " + max);
            }
            b.maxTokens(max.asInt());
        }
        if (body.hasNonNull("temperature")) {
            b.temperature(body.get("temperature").asDouble());
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            List<Tool> out = new ArrayList<>();
            for (JsonNode t : tools) {
                String type = t.path("type").asText("function");
                if (!type.equals("function")) {
                    throw new IllegalArgumentException("tools: tool type '" + type + "' is not supported (only "
                            + "function tools)");
                }
                out.add(new Tool(t.path("name").asText(), t.hasNonNull("description")
                        ? t.get("description").asText() : null, t.get("parameters")));
            }
            b.tools(out);
        }
        b.toolChoice(toolChoice(body.get("tool_choice")));
        RequestOptions options = RequestOptions.NONE.withResponseFormat(responseFormat(body.path("text")
                .path("format")));
        JsonNode effort = body.path("reasoning").path("effort");
        if (effort.isTextual()) {
            try {
                options = options.withReasoningEffort(ReasoningEffort.parse(effort.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reasoning.effort: " + e.getMessage(), e);
            }
        }
        return b.options(options).build();
    }

    private static void item(JsonNode item, int index, List<Message> messages) {
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> {
                Role role = switch (item.path("role").asText()) {
                    case "user" -> Role.USER;
                    case "assistant" -> Role.ASSISTANT;
                    case "system", "developer" -> Role.SYSTEM;
                    default -> throw new IllegalArgumentException("input[" + index + "].role: expected user, "
                            + "assistant, system or developer, found '" + item.path("role").asText() + "'");
                };
                JsonNode c = item.get("content");
                if (c != null && c.isArray() && role == Role.USER && hasImage(c)) {
                    messages.add(Message.user(parts(c)));
                } else {
                    messages.add(new Message(role, c != null && c.isTextual() ? c.asText() : text(c), null, null,
                            null, null, null));
                }
            }
            case "function_call" -> {
                ToolCall call = new ToolCall(item.path("call_id").asText(), item.path("name").asText(),
                        item.path("arguments").asText("{}"), null);
                Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
                if (last != null && last.role() == Role.ASSISTANT) {
                    List<ToolCall> calls = new ArrayList<>(last.toolCalls());
                    calls.add(call);
                    messages.set(messages.size() - 1, Message.assistant(last.text(), calls));
                } else {
                    messages.add(Message.assistant("", List.of(call)));
                }
            }
            case "function_call_output" -> {
                JsonNode out = item.get("output");
                messages.add(Message.tool(item.path("call_id").asText(), null, out == null ? ""
                        : out.isTextual() ? out.asText() : text(out)));
            }
            case "reasoning", "item_reference" -> { } // the model's own state: not part of the neutral conversation
            default -> throw new IllegalArgumentException("input[" + index + "]: item type '" + type
                    + "' is not supported (messages, function_call and function_call_output are)");
        }
    }

    /** {@code text.format}: {@code json_object}, {@code json_schema} (flat: name, schema, strict) or text. */
    private static ResponseFormat responseFormat(JsonNode format) {
        return switch (format.path("type").asText("text")) {
            case "json_object" -> ResponseFormat.JSON;
            case "json_schema" -> {
                if (!format.path("schema").isObject()) {
                    throw new IllegalArgumentException("text.format.schema: expected a JSON Schema object");
                }
                yield new ResponseFormat.JsonSchema(format.path("name").asText(null), format.get("schema"),
                        format.path("strict").asBoolean(false));
            }
            case "text" -> ResponseFormat.TEXT;
            default -> throw new IllegalArgumentException("text.format.type: expected text, json_object or "
                    + "json_schema, found '" + format.path("type").asText() + "'");
        };
    }

    private static boolean hasImage(JsonNode parts) {
        for (JsonNode p : parts) {
            if ("input_image".equals(p.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static List<ContentPart> parts(JsonNode parts) {
        List<ContentPart> out = new ArrayList<>();
        for (JsonNode p : parts) {
            if ("input_image".equals(p.path("type").asText()) && p.hasNonNull("image_url")) {
                out.add(ContentPart.Image.ofUrl(p.get("image_url").asText()));
            } else if (p.hasNonNull("text")) {
                out.add(new ContentPart.Text(p.get("text").asText()));
            }
        }
        return out;
    }

    private static String text(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        if (parts != null && parts.isArray()) {
            for (JsonNode p : parts) {
                if (p.hasNonNull("text")) {
                    sb.append(p.get("text").asText());
                }
            }
        }
        return sb.toString();
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
                        + "{\"type\":\"function\",\"name\":...}, found \"" + c.asText() + "\"");
            };
        }
        String name = c.path("name").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool_choice: a named choice needs name");
        }
        return new ToolChoice(ToolChoice.Mode.NAMED, name);
    }
}
