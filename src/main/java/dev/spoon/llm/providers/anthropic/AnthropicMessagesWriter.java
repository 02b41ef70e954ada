package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes answers in the Messages API format, as Anthropic's server does: a {@code message} object, the
 * stream of events ({@code message_start}, {@code content_block_start}/{@code _delta}/{@code _stop},
 * {@code message_delta}, {@code message_stop}) and error bodies ({@code {"type": "error", "error": {"type",
 * "message"}}}). The answer may come from any provider: the normalized {@link LlmResponse} and
 * {@link ResponseChunk}s are all this class reads.
 */
public final class AnthropicMessagesWriter {
    /** Anthropic's own stop reasons, passed through unchanged when the upstream used one. */
    private static final Set<String> STOP_REASONS = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use",
            "pause_turn", "refusal");

    private AnthropicMessagesWriter() {
    }

    /** The {@code message} object of a whole answer. */
    public static ObjectNode message(LlmResponse r, String fallbackId) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id() != null && r.id().startsWith("msg") ? r.id() : fallbackId);
        o.put("type", "message");
        o.put("role", "assistant");
        o.put("model", r.model());
        ArrayNode content = o.putArray("content");
        if (r.reasoning() != null) {
            String signature = r.toolCalls().isEmpty() ? null : AnthropicWire.signatureOf(r.toolCalls().get(0));
            content.addObject().put("type", "thinking").put("thinking", r.reasoning())
                    .put("signature", signature == null ? "" : signature);
        }
        if (!r.content().isEmpty() || r.toolCalls().isEmpty()) {
            content.addObject().put("type", "text").put("text", r.content());
        }
        for (ToolCall c : r.toolCalls()) {
            content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                    .set("input", input(c.arguments()));
        }
        o.put("stop_reason", stopReason(r.finishReason(), r.nativeFinishReason()));
        o.putNull("stop_sequence");
        o.set("usage", usage(r.usage()));
        return o;
    }

    /** The Messages word for why the answer ended: the upstream's own when it is Anthropic's, else mapped. */
    public static String stopReason(FinishReason reason, String nativeReason) {
        if (nativeReason != null && STOP_REASONS.contains(nativeReason)) {
            return nativeReason;
        }
        if (reason == null) {
            return "end_turn";
        }
        return switch (reason) {
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            case STOP, ERROR -> "end_turn";
        };
    }

    /**
     * Usage as Anthropic counts it: {@code input_tokens} without the prompt-cache reads and writes, which are
     * reported beside it.
     */
    static ObjectNode usage(Usage u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (u == null) {
            o.put("input_tokens", 0);
            o.put("output_tokens", 0);
            return o;
        }
        int cacheRead = u.cachedPromptTokens() == null ? 0 : u.cachedPromptTokens();
        int cacheWrite = u.cacheCreationTokens() == null ? 0 : u.cacheCreationTokens();
        o.put("input_tokens", Math.max(0, u.promptTokens() - cacheRead - cacheWrite));
        o.put("output_tokens", u.completionTokens());
        if (u.cacheCreationTokens() != null) {
            o.put("cache_creation_input_tokens", cacheWrite);
        }
        if (u.cachedPromptTokens() != null) {
            o.put("cache_read_input_tokens", cacheRead);
        }
        return o;
    }

    private static JsonNode input(String arguments) {
        JsonNode n = Json.tryParse(arguments);
        return n != null && n.isObject() ? n : Json.MAPPER.createObjectNode();
    }

    /**
     * An error body as Anthropic sends it, for an answer with HTTP {@code status}:
     * {@code {"type": "error", "error": {"type", "message"}}}.
     */
    public static ObjectNode error(int status, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        root.putObject("error").put("type", errorType(status)).put("message", message);
        return root;
    }

    /** Anthropic's error type for an HTTP status. */
    public static String errorType(int status) {
        return switch (status) {
            case 400, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /**
     * Writes one streamed answer as Messages events ({@code event: NAME\ndata: {...}\n\n}). Text, reasoning
     * and each tool call become content blocks in the order they start (a new kind of delta closes the open
     * block); tool-call arguments arrive as {@code input_json_delta}. {@link #finish} closes the last block and
     * sends {@code message_delta} (stop reason and usage) and {@code message_stop}; a stream that fails ends
     * with an {@code error} event instead, as Anthropic's does. Not thread-safe: one per stream, fed in order.
     */
    public static final class Stream {
        private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
        private final Map<Integer, Integer> blockOfTool = new HashMap<>();
        private String id;
        private String model;
        private boolean started;
        private String openType;
        private int openIndex = -1;
        private int nextIndex;

        /**
         * @param fallbackId the message id to use unless the upstream's is a Messages id
         * @param model      the model to report until the upstream names its own
         */
        public Stream(String fallbackId, String model) {
            this.id = fallbackId;
            this.model = model;
        }

        /** Appends the events for {@code c} to {@code out}. */
        public void chunk(ResponseChunk c, StringBuilder out) {
            if (!started) {
                if (c.id() != null && c.id().startsWith("msg")) {
                    id = c.id();
                }
                if (c.model() != null) {
                    model = c.model();
                }
            }
            if (!c.hasContent()) {
                return;
            }
            start(out);
            if (c.deltaReasoning() != null && !c.deltaReasoning().isEmpty()) {
                open("thinking", "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}", out);
                delta(out).append("{\"type\":\"thinking_delta\",\"thinking\":");
                quote(c.deltaReasoning(), out);
                out.append("}}\n\n");
            }
            if (c.deltaContent() != null && !c.deltaContent().isEmpty()) {
                open("text", "{\"type\":\"text\",\"text\":\"\"}", out);
                delta(out).append("{\"type\":\"text_delta\",\"text\":");
                quote(c.deltaContent(), out);
                out.append("}}\n\n");
            }
            for (ToolCallDelta d : c.toolCallDeltas()) {
                Integer block = blockOfTool.get(d.index());
                if (block == null) {
                    StringBuilder cb = new StringBuilder("{\"type\":\"tool_use\",\"id\":");
                    quote(d.id() == null ? "toolu_" + d.index() : d.id(), cb);
                    cb.append(",\"name\":");
                    quote(d.name() == null ? "" : d.name(), cb);
                    cb.append(",\"input\":{}}");
                    openNew("tool_use", cb.toString(), out);
                    blockOfTool.put(d.index(), openIndex);
                } else if (block != openIndex) {
                    continue; // a fragment of a call whose block is closed: Messages streams cannot reopen it
                }
                if (d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
                    delta(out).append("{\"type\":\"input_json_delta\",\"partial_json\":");
                    quote(d.argumentsFragment(), out);
                    out.append("}}\n\n");
                }
            }
        }

        /** Appends the end of a complete answer: the open block's stop, {@code message_delta}, {@code message_stop}. */
        public void finish(LlmResponse r, StringBuilder out) {
            if (r.model() != null && !started) {
                model = r.model();
            }
            start(out);
            close(out);
            ObjectNode delta = Json.MAPPER.createObjectNode();
            delta.put("type", "message_delta");
            delta.putObject("delta").put("stop_reason", stopReason(r.finishReason(), r.nativeFinishReason()))
                    .putNull("stop_sequence");
            delta.set("usage", usage(r.usage()));
            event(out, "message_delta", delta.toString());
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
        }

        /** Appends the {@code error} event that ends a failed stream. */
        public void fail(int status, String message, StringBuilder out) {
            event(out, "error", error(status, message).toString());
        }

        private void start(StringBuilder out) {
            if (started) {
                return;
            }
            started = true;
            StringBuilder m = new StringBuilder("{\"type\":\"message_start\",\"message\":{\"id\":");
            quote(id, m);
            m.append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
            quote(model, m);
            m.append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,")
                    .append("\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}");
            event(out, "message_start", m.toString());
        }

        private void open(String type, String block, StringBuilder out) {
            if (!type.equals(openType)) {
                openNew(type, block, out);
            }
        }

        private void openNew(String type, String block, StringBuilder out) {
            close(out);
            openType = type;
            openIndex = nextIndex++;
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":" + openIndex
                    + ",\"content_block\":" + block + "}");
        }

        private void close(StringBuilder out) {
            if (openType != null) {
                event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + openIndex + "}");
                openType = null;
            }
        }

        private StringBuilder delta(StringBuilder out) {
            return out.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":")
                    .append(openIndex).append(",\"delta\":");
        }

        private static void event(StringBuilder out, String name, String data) {
            out.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
        }

        private static void quote(String s, StringBuilder out) {
            out.append('"');
            ENCODER.quoteAsString(s == null ? "" : s, out);
            out.append('"');
        }
    }
}
