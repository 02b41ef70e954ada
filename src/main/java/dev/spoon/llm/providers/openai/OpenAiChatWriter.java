package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.HashMap;
import java.util.Map;

/**
 * Writes answers in the Chat Completions format, as an OpenAI server does: a {@code chat.completion} object, a
 * stream of {@code chat.completion.chunk} events ending with {@code data: [DONE]}, and error bodies
 * ({@code {"error": {"message", "type", "param", "code"}}}). The answer may come from any provider: the
 * normalized {@link LlmResponse} and {@link ResponseChunk}s are all this class reads.
 */
public final class OpenAiChatWriter {
    private OpenAiChatWriter() {
    }

    /** The {@code chat.completion} object of a whole answer. */
    public static ObjectNode completion(LlmResponse r, String fallbackId, long createdSeconds) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id() != null ? r.id() : fallbackId);
        o.put("object", "chat.completion");
        o.put("created", createdSeconds);
        o.put("model", r.model());
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (r.content().isEmpty() && !r.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", r.content());
        }
        if (r.reasoning() != null) {
            message.put("reasoning_content", r.reasoning());
        }
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall c : r.toolCalls()) {
                ObjectNode co = calls.addObject();
                co.put("id", c.id());
                co.put("type", "function");
                co.putObject("function").put("name", c.name()).put("arguments", c.arguments());
            }
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(r.finishReason()));
        if (r.usage() != null) {
            o.set("usage", usage(r.usage()));
        }
        return o;
    }

    /** The Chat Completions word for {@code reason}: stop, length, tool_calls or content_filter. */
    public static String finishReason(FinishReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_CALLS -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case STOP, ERROR -> "stop";
        };
    }

    static ObjectNode usage(Usage u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("prompt_tokens", u.promptTokens());
        o.put("completion_tokens", u.completionTokens());
        o.put("total_tokens", u.totalTokens());
        if (u.cachedPromptTokens() != null) {
            o.putObject("prompt_tokens_details").put("cached_tokens", u.cachedPromptTokens());
        }
        if (u.reasoningTokens() != null) {
            o.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        }
        return o;
    }

    /**
     * An error body as OpenAI sends it, for an answer with HTTP {@code status}: the type and code follow the
     * status and the error's class ({@code rate_limit_error}/{@code rate_limit_exceeded},
     * {@code invalid_request_error}/{@code context_length_exceeded}…).
     */
    public static ObjectNode error(int status, LlmException e, String message) {
        String code = switch (e.errorType()) {
            case "RateLimitError" -> "rate_limit_exceeded";
            case "AuthenticationError" -> status == 403 ? null : "invalid_api_key";
            case "ModelNotFoundError" -> "model_not_found";
            case "TokenLimitError" -> "context_length_exceeded";
            default -> null;
        };
        return error(errorType(status), code, message);
    }

    /** {@code {"error": {"message", "type", "param": null, "code"}}}. */
    public static ObjectNode error(String type, String code, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        e.put("code", code);
        return root;
    }

    /** OpenAI's error type for an HTTP status. */
    public static String errorType(int status) {
        return switch (status) {
            case 400, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /**
     * Writes one streamed answer as {@code chat.completion.chunk} events ({@code data: {...}\n\n}): a first
     * chunk with the assistant role, one per delta of text, reasoning ({@code reasoning_content}) or tool-call
     * fragment (ids and names on the first fragment of each call, calls numbered from 0 in the order they
     * start), a last chunk with the finish reason, the usage chunk ({@code choices: []}) when asked for, and
     * {@code data: [DONE]}. A stream that fails ends with {@code data: {"error": {...}}} and no {@code [DONE]}.
     * Not thread-safe: one per stream, fed in order.
     */
    public static final class Stream {
        private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
        private final boolean includeUsage;
        private final long created;
        private final Map<Integer, Integer> toolIndexes = new HashMap<>();
        private String id;
        private String model;
        private String prefix;
        private boolean roleSent;

        /**
         * @param fallbackId   the id to use until (and unless) the upstream names its own
         * @param model        the model to report until the upstream names its own
         * @param includeUsage whether to end with a usage chunk ({@code stream_options.include_usage})
         */
        public Stream(String fallbackId, String model, boolean includeUsage, long createdSeconds) {
            this.id = fallbackId;
            this.model = model;
            this.includeUsage = includeUsage;
            this.created = createdSeconds;
        }

        /** Appends the events for {@code c} to {@code out} (nothing for a chunk without a delta). */
        public void chunk(ResponseChunk c, StringBuilder out) {
            if (prefix == null) {
                if (c.id() != null) {
                    id = c.id();
                }
                if (c.model() != null) {
                    model = c.model();
                }
            }
            if (!c.hasContent()) {
                return;
            }
            if (!roleSent) {
                roleSent = true;
                begin(out).append("\"role\":\"assistant\",\"content\":\"\"");
                end(out, null);
            }
            if (c.deltaReasoning() != null && !c.deltaReasoning().isEmpty()) {
                begin(out).append("\"reasoning_content\":");
                quote(c.deltaReasoning(), out);
                end(out, null);
            }
            if (c.deltaContent() != null && !c.deltaContent().isEmpty()) {
                begin(out).append("\"content\":");
                quote(c.deltaContent(), out);
                end(out, null);
            }
            for (ToolCallDelta d : c.toolCallDeltas()) {
                Integer index = toolIndexes.get(d.index());
                boolean first = index == null;
                if (first) {
                    index = toolIndexes.size();
                    toolIndexes.put(d.index(), index);
                }
                begin(out).append("\"tool_calls\":[{\"index\":").append(index);
                if (first) {
                    out.append(",\"id\":");
                    quote(d.id() == null ? "call_" + index : d.id(), out);
                    out.append(",\"type\":\"function\"");
                }
                out.append(",\"function\":{");
                if (first) {
                    out.append("\"name\":");
                    quote(d.name() == null ? "" : d.name(), out);
                    out.append(',');
                }
                out.append("\"arguments\":");
                quote(d.argumentsFragment() == null ? "" : d.argumentsFragment(), out);
                out.append("}}]");
                end(out, null);
            }
        }

        /** Appends the last chunk (finish reason), the usage chunk when asked for, and {@code [DONE]}. */
        public void finish(LlmResponse r, StringBuilder out) {
            if (!roleSent) {
                roleSent = true;
                begin(out).append("\"role\":\"assistant\",\"content\":\"\"");
                end(out, null);
            }
            begin(out);
            end(out, finishReason(r.finishReason()));
            if (includeUsage) {
                out.append("data: {\"id\":");
                quote(id, out);
                out.append(",\"object\":\"chat.completion.chunk\",\"created\":").append(created)
                        .append(",\"model\":");
                quote(model, out);
                out.append(",\"choices\":[],\"usage\":")
                        .append(r.usage() == null ? "null" : usage(r.usage()).toString()).append("}\n\n");
            }
            out.append("data: [DONE]\n\n");
        }

        /** Appends the error event that ends a failed stream ({@link OpenAiChatWriter#error}). */
        public void fail(int status, LlmException e, String message, StringBuilder out) {
            out.append("data: ").append(error(status, e, message).toString()).append("\n\n");
        }

        private StringBuilder begin(StringBuilder out) {
            if (prefix == null) {
                StringBuilder p = new StringBuilder("data: {\"id\":");
                quote(id, p);
                p.append(",\"object\":\"chat.completion.chunk\",\"created\":").append(created).append(",\"model\":");
                quote(model, p);
                p.append(",\"choices\":[{\"index\":0,\"delta\":{");
                prefix = p.toString();
            }
            return out.append(prefix);
        }

        private static void end(StringBuilder out, String finishReason) {
            out.append("},\"logprobs\":null,\"finish_reason\":");
            if (finishReason == null) {
                out.append("null");
            } else {
                out.append('"').append(finishReason).append('"');
            }
            out.append("}]}\n\n");
        }

        private static void quote(String s, StringBuilder out) {
            if (s == null) {
                out.append("null");
                return;
            }
            out.append('"');
            ENCODER.quoteAsString(s, out);
            out.append('"');
        }
    }
}
