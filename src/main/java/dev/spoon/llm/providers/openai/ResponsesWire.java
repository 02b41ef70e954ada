package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.Message;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Responses API wire format ({@code POST {base}/responses}): the request body built from the
 * neutral {@link Message}s and {@link Tool}s, and the records a response object and a stream event bind to.
 * Streams are read by {@link ResponsesStream}, whole bodies by {@link ResponsesReader}; error bodies have the
 * Chat Completions shape and go to {@link OpenAiErrors}.
 *
 * <p>Mapping of the conversation: leading system messages become {@code instructions}; later system messages,
 * user and assistant text become {@code input} messages (user images as {@code input_image} parts); an
 * assistant's tool calls become {@code function_call} items and tool results {@code function_call_output}
 * items, both keyed by the call's {@code call_id} (the {@link ToolCall#id()} of the normalized answer). The
 * request options map to {@code text.format} (response format) and {@code reasoning.effort}.
 */
final class ResponsesWire {
    private ResponsesWire() {
    }

    static final ObjectReader RESPONSE = Json.MAPPER.readerFor(Response.class);
    static final ObjectReader EVENT = Json.MAPPER.readerFor(Event.class);

    // ------------------------------------------------------------------ request

    /**
     * A request body. {@code store} is sent as false: the workbench sends the whole conversation each turn and
     * never refers to a stored response, so nothing needs to stay on OpenAI's side.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RequestBody(String model, String instructions, List<Object> input, Integer maxOutputTokens,
                       Double temperature, Boolean stream, List<FunctionTool> tools, Object toolChoice,
                       TextOptions text, OpenAiWire.Reasoning reasoning, Boolean store) {
    }

    /** {@code text}: the answer's format ({@code {"format": {...}}}). */
    record TextOptions(Map<String, Object> format) {
    }

    /**
     * {@code text.format} for {@code f}: {@code {"type": "json_object"}}, or {@code {"type": "json_schema",
     * "name", "schema", "strict"}} (flat, unlike Chat Completions' {@code response_format.json_schema}); null for
     * text (the default).
     */
    static TextOptions text(ResponseFormat f) {
        if (f instanceof ResponseFormat.JsonSchema s) {
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("type", "json_schema");
            format.put("name", s.name());
            format.put("schema", s.schema());
            format.put("strict", s.strict());
            return new TextOptions(format);
        }
        return f.isJson() ? new TextOptions(Map.of("type", "json_object")) : null;
    }

    /** An input message; {@code content} is a string or a list of {@link InputText}/{@link InputImage}. */
    record InputMessage(String role, Object content) {
    }

    record InputText(String type, String text) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InputImage(String type, String imageUrl) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FunctionCallItem(String type, String callId, String name, String arguments) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FunctionCallOutput(String type, String callId, String output) {
    }

    /**
     * A function tool in the flat Responses format. {@code strict} is sent as false, as Chat Completions
     * treats an unmarked tool: strict mode rejects the many schemas that do not close every object.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionTool(String type, String name, String description, JsonNode parameters, Boolean strict) {
    }

    /** The body for {@code r}; {@code maxTokens} and {@code temperature} as the provider resolved them. */
    static RequestBody body(ChatRequest r, String model, Integer maxTokens, Double temperature, boolean stream) {
        ReasoningEffort effort = r.options().reasoningEffort();
        return new RequestBody(model, instructions(r.messages()), input(r.messages()), maxTokens, temperature,
                stream ? Boolean.TRUE : null, tools(r.tools()), r.tools().isEmpty() ? null : toolChoice(r.toolChoice()),
                text(r.responseFormat()), effort == null ? null : new OpenAiWire.Reasoning(effort.wireName()),
                Boolean.FALSE);
    }

    /** The leading system messages joined, or null when the conversation does not start with one. */
    static String instructions(List<Message> messages) {
        StringBuilder sb = null;
        for (Message m : messages) {
            if (m.role() != Role.SYSTEM) {
                break;
            }
            sb = sb == null ? new StringBuilder() : sb.append("\n\n");
            sb.append(m.text());
        }
        return sb == null ? null : sb.toString();
    }

    /** Every message after the leading system messages, as input items. */
    static List<Object> input(List<Message> messages) {
        List<Object> out = new ArrayList<>(messages.size());
        boolean leading = true;
        for (Message m : messages) {
            if (leading && m.role() == Role.SYSTEM) {
                continue;
            }
            leading = false;
            switch (m.role()) {
                case SYSTEM -> out.add(new InputMessage("system", m.text()));
                case USER -> out.add(new InputMessage("user", userContent(m)));
                case ASSISTANT -> {
                    if (!m.text().isEmpty() || m.toolCalls().isEmpty()) {
                        out.add(new InputMessage("assistant", m.text()));
                    }
                    for (ToolCall c : m.toolCalls()) {
                        out.add(new FunctionCallItem("function_call", c.id(), c.name(),
                                c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments()));
                    }
                }
                case TOOL -> out.add(new FunctionCallOutput("function_call_output", m.toolCallId(), m.text()));
            }
        }
        return out;
    }

    private static Object userContent(Message m) {
        if (m.parts().isEmpty()) {
            return m.text();
        }
        List<Object> parts = new ArrayList<>(m.parts().size());
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t) {
                parts.add(new InputText("input_text", t.text()));
            } else if (p instanceof ContentPart.Image img) {
                parts.add(new InputImage("input_image", img.asUrl()));
            }
        }
        return parts;
    }

    static List<FunctionTool> tools(List<Tool> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        List<FunctionTool> out = new ArrayList<>(tools.size());
        for (Tool t : tools) {
            JsonNode parameters = t.parameters() != null ? t.parameters()
                    : Json.MAPPER.createObjectNode().put("type", "object").set("properties",
                    Json.MAPPER.createObjectNode());
            out.add(new FunctionTool("function", t.name(), t.description(), parameters, Boolean.FALSE));
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
            case NAMED -> Map.of("type", "function", "name", c.toolName());
        };
    }

    // ------------------------------------------------------------------ response object, stream event

    /** A response object (the whole body, or {@code response} of the lifecycle events). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Response(String id, String model, String status, List<OutputItem> output, WireUsage usage,
                    IncompleteDetails incompleteDetails, JsonNode error) {
    }

    /** An output item: {@code message}, {@code reasoning}, {@code function_call}, or one not read here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OutputItem(String id, String type, List<Part> content, List<Part> summary, String callId, String name,
                      String arguments) {
    }

    /** {@code output_text}, {@code refusal}, {@code summary_text} or {@code reasoning_text}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Part(String type, String text, String refusal) {
        /** The text this part adds to the answer (a refusal is the answer's text, as in Chat Completions). */
        String shown() {
            return text != null ? text : refusal != null ? refusal : "";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WireUsage(Integer inputTokens, Integer outputTokens, Integer totalTokens, Details inputTokensDetails,
                     Details outputTokensDetails) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Details(Integer cachedTokens, Integer reasoningTokens) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IncompleteDetails(String reason) {
    }

    /** One stream event; which fields are set depends on {@code type}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Event(String type, String delta, String itemId, Integer summaryIndex, OutputItem item,
                 Response response) {
    }

    /** The normalized usage: input → prompt, output → completion, cached input and reasoning tokens. */
    static Usage usage(WireUsage u) {
        if (u == null) {
            return null;
        }
        int in = u.inputTokens() == null ? 0 : u.inputTokens();
        int out = u.outputTokens() == null ? 0 : u.outputTokens();
        return new Usage(in, out, u.totalTokens() != null ? u.totalTokens() : in + out,
                u.inputTokensDetails() == null ? null : u.inputTokensDetails().cachedTokens(), null,
                u.outputTokensDetails() == null ? null : u.outputTokensDetails().reasoningTokens());
    }

    /**
     * The provider's own word for how a response ended: the {@code incomplete_details.reason}
     * ({@code max_output_tokens}, {@code content_filter}) of an incomplete one, else its {@code status}.
     */
    static String nativeFinish(Response r) {
        if (r.incompleteDetails() != null && r.incompleteDetails().reason() != null) {
            return r.incompleteDetails().reason();
        }
        return r.status() == null ? "completed" : r.status();
    }

    /** The normalized finish reason of {@link #nativeFinish}. */
    static FinishReason finish(Response r) {
        return FinishReason.fromNative(nativeFinish(r));
    }
}
