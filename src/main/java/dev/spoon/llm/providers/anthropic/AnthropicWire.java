package dev.spoon.llm.providers.anthropic;

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
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API wire format ({@code POST /v1/messages}): request records and the translation of
 * neutral conversations (system prompt as top-level {@code system}, tool calls as {@code tool_use} blocks,
 * tool results as {@code tool_result} blocks in a user turn, images as {@code image} blocks), and the
 * response, stream-event, error and model-list records.
 */
final class AnthropicWire {
    private AnthropicWire() {
    }

    static final ObjectReader MESSAGE = Json.MAPPER.readerFor(MessageResponse.class);
    static final ObjectReader EVENT = Json.MAPPER.readerFor(StreamEvent.class);
    static final ObjectReader MODELS = Json.MAPPER.readerFor(ModelList.class);

    // ------------------------------------------------------------------ request

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MessagesBody(String model, int maxTokens, Object system, List<WireMessage> messages, Double temperature,
                        Boolean stream, List<WireTool> tools, Map<String, Object> toolChoice, Thinking thinking) {
    }

    record WireMessage(String role, List<Object> content) {
    }

    record TextBlock(String type, String text) {
    }

    record ImageBlock(String type, ImageSource source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ImageSource(String type, String mediaType, String data, String url) {
    }

    record ToolUseBlock(String type, String id, String name, JsonNode input) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ToolResultBlock(String type, String toolUseId, String content) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WireTool(String name, String description, JsonNode inputSchema, CacheControl cacheControl) {
    }

    /** {@code "cache_control": {"type": "ephemeral"}}: the prompt up to and including this block is cached. */
    record CacheControl(String type) {
        static final CacheControl EPHEMERAL = new CacheControl("ephemeral");
    }

    /** A system prompt block, marked for caching. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SystemBlock(String type, String text, CacheControl cacheControl) {
    }

    /**
     * The name of the tool that carries a structured answer: Anthropic is made to answer in JSON by forcing a
     * call of this tool, whose input schema is the requested schema; its input becomes the answer's text.
     */
    static final String ANSWER_TOOL = "json_answer";

    /** The answer tool for {@code format} (a JSON format), its input schema being the requested one. */
    static WireTool answerTool(ResponseFormat format) {
        JsonNode schema = format instanceof ResponseFormat.JsonSchema s ? s.schema()
                : Json.MAPPER.createObjectNode().put("type", "object");
        return new WireTool(ANSWER_TOOL, "Give your final answer by calling this tool: its input is the answer, as a "
                + "JSON object" + (format instanceof ResponseFormat.JsonSchema ? " that follows the schema." : "."),
                schema, null);
    }

    /**
     * The system prompt as sent: the text, or with {@code cache} one text block marked for caching (null when
     * there is no system prompt).
     */
    static Object system(List<Message> messages, boolean cache) {
        String text = system(messages);
        if (text == null || !cache) {
            return text;
        }
        return List.of(new SystemBlock("text", text, CacheControl.EPHEMERAL));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Thinking(String type, int budgetTokens) {
    }

    /** The system messages joined, or null when there are none. */
    static String system(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (m.role() == dev.spoon.llm.Role.SYSTEM && !m.text().isBlank()) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(m.text());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * The non-system turns as Anthropic messages: tool results go into a user turn, and consecutive turns of
     * the same role are merged (tool results first, as the API requires).
     */
    static List<WireMessage> messages(List<Message> messages) {
        List<WireMessage> out = new ArrayList<>();
        for (Message m : messages) {
            String role;
            List<Object> blocks = new ArrayList<>();
            switch (m.role()) {
                case SYSTEM -> {
                    continue;
                }
                case USER -> {
                    role = "user";
                    addUserContent(m, blocks);
                }
                case ASSISTANT -> {
                    role = "assistant";
                    String signature = m.toolCalls().isEmpty() ? null : signatureOf(m.toolCalls().get(0));
                    if (signature != null && m.reasoning() != null) {
                        // with extended thinking, a turn that called tools must be sent back with its signed
                        // thinking block first, or the API rejects the tool results
                        blocks.add(new ThinkingBlock("thinking", m.reasoning(), signature));
                    }
                    if (!m.text().isEmpty()) {
                        blocks.add(new TextBlock("text", m.text()));
                    }
                    for (ToolCall c : m.toolCalls()) {
                        JsonNode input = Json.tryParse(c.arguments());
                        blocks.add(new ToolUseBlock("tool_use", c.id(), c.name(),
                                input != null && input.isObject() ? input : Json.MAPPER.createObjectNode()));
                    }
                }
                case TOOL -> {
                    role = "user";
                    blocks.add(new ToolResultBlock("tool_result", m.toolCallId(), m.text()));
                }
                default -> throw new IllegalStateException("unknown role " + m.role());
            }
            if (blocks.isEmpty()) {
                continue;
            }
            WireMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role().equals(role)) {
                last.content().addAll(blocks);
            } else {
                out.add(new WireMessage(role, blocks));
            }
        }
        return out;
    }

    private static void addUserContent(Message m, List<Object> blocks) {
        if (m.parts().isEmpty()) {
            if (!m.text().isEmpty()) {
                blocks.add(new TextBlock("text", m.text()));
            }
            return;
        }
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
                blocks.add(new TextBlock("text", t.text()));
            } else if (p instanceof ContentPart.Image img) {
                blocks.add(new ImageBlock("image", img.base64Data() != null
                        ? new ImageSource("base64", img.mediaType(), img.base64Data(), null)
                        : new ImageSource("url", null, null, img.url())));
            }
        }
    }

    /**
     * The tools as sent, the answer tool for a JSON {@code format} last; with {@code cache} the last one marked for
     * caching (which caches all tools before it too). Null when there are none.
     */
    static List<WireTool> tools(List<Tool> tools, ResponseFormat format, boolean cache) {
        List<WireTool> out = new ArrayList<>();
        for (Tool t : tools) {
            out.add(new WireTool(t.name(), t.description(), t.parameters(), null));
        }
        if (format.isJson()) {
            out.add(answerTool(format));
        }
        if (out.isEmpty()) {
            return null;
        }
        if (cache) {
            WireTool last = out.remove(out.size() - 1);
            out.add(new WireTool(last.name(), last.description(), last.inputSchema(), CacheControl.EPHEMERAL));
        }
        return out;
    }

    static Map<String, Object> toolChoice(ToolChoice c) {
        if (c == null) {
            return null;
        }
        return switch (c.mode()) {
            case AUTO -> Map.of("type", "auto");
            case NONE -> Map.of("type", "none");
            case REQUIRED -> Map.of("type", "any");
            case NAMED -> Map.of("type", "tool", "name", c.toolName());
        };
    }

    // ------------------------------------------------------------------ response, events, errors

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MessageResponse(String type, String id, String model, List<Block> content, String stopReason,
                           WireUsage usage, ErrorDetail error) {
    }

    /** Prefix of an Anthropic thinking signature kept on a tool call (other providers' signatures differ). */
    static final String SIGNATURE_PREFIX = "anthropic:";

    /** The signature of the thinking that led to tool calls, as kept on the turn's first call. */
    static String keptSignature(String signature) {
        return signature == null || signature.isEmpty() ? null : SIGNATURE_PREFIX + signature;
    }

    /** The Anthropic thinking signature kept on {@code c}, or null (none, or another provider's). */
    static String signatureOf(ToolCall c) {
        String s = c.thoughtSignature();
        return s != null && s.startsWith(SIGNATURE_PREFIX) ? s.substring(SIGNATURE_PREFIX.length()) : null;
    }

    record ThinkingBlock(String type, String thinking, String signature) {
    }

    /** A content block: text, thinking, redacted_thinking or tool_use. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Block(String type, String text, String thinking, String signature, String id, String name,
                 JsonNode input) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WireUsage(Integer inputTokens, Integer outputTokens, Integer cacheCreationInputTokens,
                     Integer cacheReadInputTokens) {
    }

    /** One stream event; which fields are set depends on {@code type}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StreamEvent(String type, Integer index, MessageResponse message, Block contentBlock, Delta delta,
                       WireUsage usage, ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Delta(String type, String text, String thinking, String signature, String partialJson,
                 String stopReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(String type, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelList(List<ModelEntry> data, Boolean hasMore, String lastId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelEntry(String id) {
    }

    /**
     * Normalized usage: prompt tokens include cache reads and writes (Anthropic counts them apart from
     * {@code input_tokens}); null when nothing was reported.
     */
    static Usage usage(Integer input, Integer output, Integer cacheWrite, Integer cacheRead) {
        if (input == null && output == null) {
            return null;
        }
        int in = (input == null ? 0 : input) + (cacheWrite == null ? 0 : cacheWrite)
                + (cacheRead == null ? 0 : cacheRead);
        int out = output == null ? 0 : output;
        return new Usage(in, out, in + out, cacheRead, cacheWrite, null);
    }
}
