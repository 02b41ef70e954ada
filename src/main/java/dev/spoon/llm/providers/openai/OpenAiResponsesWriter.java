package dev.spoon.llm.providers.openai;

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

import java.util.ArrayList;
import java.util.List;

/**
 * Writes answers in the OpenAI Responses API format, as OpenAI's server does: a {@code response} object, and
 * a stream of typed events ({@code event:} + {@code data:}, numbered by {@code sequence_number}, no
 * {@code [DONE]}) from {@code response.created} to {@code response.completed} (or {@code response.incomplete}
 * when the answer was cut by the token limit or a content filter, {@code response.failed} when it failed).
 * Error bodies of a refused request have the Chat Completions shape ({@link OpenAiChatWriter#error}). The
 * answer may come from any provider: the normalized {@link LlmResponse} and {@link ResponseChunk}s are all
 * this class reads. The reverse of {@link ResponsesReader} and {@link ResponsesStream}.
 */
public final class OpenAiResponsesWriter {
    private OpenAiResponsesWriter() {
    }

    /** The {@code response} object of a whole answer. */
    public static ObjectNode response(LlmResponse r, String fallbackId, long createdSeconds) {
        String id = r.id() != null ? r.id() : fallbackId;
        ArrayNode output = Json.MAPPER.createArrayNode();
        if (r.reasoning() != null && !r.reasoning().isEmpty()) {
            output.add(reasoningItem("rs_" + id, r.reasoning()));
        }
        if (!r.content().isEmpty() || r.toolCalls().isEmpty()) {
            output.add(messageItem("msg_" + id, "completed", r.content()));
        }
        for (int i = 0; i < r.toolCalls().size(); i++) {
            ToolCall c = r.toolCalls().get(i);
            output.add(callItem("fc_" + id + "_" + i, "completed", c.id(), c.name(), c.arguments()));
        }
        return finished(id, r.model(), createdSeconds, r, output);
    }

    private static ObjectNode envelope(String id, String model, long created, String status, ArrayNode output) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", "response");
        o.put("created_at", created);
        o.put("status", status);
        o.putNull("error");
        o.putNull("incomplete_details");
        o.put("model", model);
        o.set("output", output);
        o.put("parallel_tool_calls", true);
        o.put("store", false);
        o.putNull("usage");
        return o;
    }

    /** The response of a finished answer: status, incomplete details, output and usage. */
    private static ObjectNode finished(String id, String model, long created, LlmResponse r, ArrayNode output) {
        String reason = incompleteReason(r.finishReason());
        ObjectNode o = envelope(id, model, created, reason == null ? "completed" : "incomplete", output);
        if (reason != null) {
            o.putObject("incomplete_details").put("reason", reason);
        }
        if (r.usage() != null) {
            o.set("usage", usage(r.usage()));
        }
        return o;
    }

    private static String incompleteReason(FinishReason f) {
        if (f == FinishReason.LENGTH) {
            return "max_output_tokens";
        }
        return f == FinishReason.CONTENT_FILTER ? "content_filter" : null;
    }

    /**
     * {@code input_tokens} (with cached), {@code output_tokens} (with reasoning), {@code total_tokens}: the Chat
     * Completions usage ({@link OpenAiChatWriter#usage}) under the Responses names.
     */
    static ObjectNode usage(Usage u) {
        ObjectNode chat = OpenAiChatWriter.usage(u);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("input_tokens", u.promptTokens());
        o.putObject("input_tokens_details").put("cached_tokens",
                chat.path("prompt_tokens_details").path("cached_tokens").asInt(0));
        o.put("output_tokens", u.completionTokens());
        o.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
        o.put("total_tokens", u.totalTokens());
        return o;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("type", "output_text");
        p.putArray("annotations");
        p.putArray("logprobs");
        return p.put("text", text);
    }

    private static ObjectNode messageItem(String id, String status, String text) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("status", status);
        ArrayNode content = m.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return m.put("role", "assistant");
    }

    private static ObjectNode reasoningItem(String id, String summary) {
        ObjectNode m = Json.MAPPER.createObjectNode().put("id", id).put("type", "reasoning");
        ArrayNode s = m.putArray("summary");
        if (summary != null) {
            s.addObject().put("type", "summary_text").put("text", summary);
        }
        return m;
    }

    private static ObjectNode callItem(String id, String status, String callId, String name, String arguments) {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments == null ? "" : arguments).put("call_id", callId).put("name", name);
    }

    /**
     * Writes one streamed answer as Responses events: {@code response.created} and {@code response.in_progress}
     * first; for each run of reasoning, text or one tool call's fragments an output item
     * ({@code output_item.added}, its deltas, its {@code *.done} events, {@code output_item.done}); at the end
     * {@code response.completed} or {@code response.incomplete} holding every item and the usage. Not
     * thread-safe: one per stream, fed in order.
     */
    public static final class Stream {
        private enum Kind { REASONING, MESSAGE, CALL }

        private final long created;
        private final List<ObjectNode> items = new ArrayList<>();
        private String id;
        private String model;
        private int sequence;
        private boolean started;
        private Kind open;
        private String itemId;
        private final StringBuilder text = new StringBuilder();
        private int callIndex = -1;
        private String callId;
        private String callName;

        /**
         * @param fallbackId the id to use unless the upstream names its own before the first event
         * @param model      the model to report unless the upstream names its own before the first event
         */
        public Stream(String fallbackId, String model, long createdSeconds) {
            this.id = fallbackId;
            this.model = model;
            this.created = createdSeconds;
        }

        /** Appends the events for {@code c} to {@code out} (nothing for a chunk without a delta). */
        public void chunk(ResponseChunk c, StringBuilder out) {
            if (!started) {
                id = c.id() != null ? c.id() : id;
                model = c.model() != null ? c.model() : model;
            }
            if (!c.hasContent()) {
                return;
            }
            start(out);
            if (c.deltaReasoning() != null && !c.deltaReasoning().isEmpty()) {
                open(Kind.REASONING, out);
                delta("response.reasoning_summary_text.delta", c.deltaReasoning(), out);
            }
            if (c.deltaContent() != null && !c.deltaContent().isEmpty()) {
                open(Kind.MESSAGE, out);
                delta("response.output_text.delta", c.deltaContent(), out);
            }
            for (ToolCallDelta d : c.toolCallDeltas()) {
                if (open != Kind.CALL || d.index() != callIndex) {
                    close(out);
                    callIndex = d.index();
                    callId = d.id() != null ? d.id() : "call_" + d.index();
                    callName = d.name() == null ? "" : d.name();
                    open(Kind.CALL, out);
                }
                if (d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
                    delta("response.function_call_arguments.delta", d.argumentsFragment(), out);
                }
            }
        }

        /** Appends the end of the open item and {@code response.completed} (or {@code .incomplete}). */
        public void finish(LlmResponse r, StringBuilder out) {
            start(out);
            close(out);
            ArrayNode output = Json.MAPPER.createArrayNode().addAll(items);
            ObjectNode response = finished(id, r.model() != null ? r.model() : model, created, r, output);
            ObjectNode e = event(response.path("status").asText().equals("completed") ? "response.completed"
                    : "response.incomplete");
            e.set("response", response);
            write(e, out);
        }

        /**
         * Appends {@code response.failed}: the items so far and the error ({@code code} as in OpenAI's error
         * bodies, {@link OpenAiChatWriter#error}).
         */
        public void fail(int status, LlmException e, String message, StringBuilder out) {
            start(out);
            close(out);
            ObjectNode response = envelope(id, model, created, "failed", Json.MAPPER.createArrayNode().addAll(items));
            ObjectNode error = (ObjectNode) OpenAiChatWriter.error(status, e, message).get("error");
            String code = error.hasNonNull("code") ? error.get("code").asText() : error.path("type").asText();
            response.putObject("error").put("code", code).put("message", message);
            ObjectNode ev = event("response.failed");
            ev.set("response", response);
            write(ev, out);
        }

        private void start(StringBuilder out) {
            if (started) {
                return;
            }
            started = true;
            for (String type : new String[]{"response.created", "response.in_progress"}) {
                ObjectNode e = event(type);
                e.set("response", envelope(id, model, created, "in_progress", Json.MAPPER.createArrayNode()));
                write(e, out);
            }
        }

        /** Opens an item of {@code kind} unless one is open (closing an item of another kind first). */
        private void open(Kind kind, StringBuilder out) {
            if (open == kind) {
                return;
            }
            close(out);
            open = kind;
            text.setLength(0);
            int n = items.size();
            ObjectNode item = switch (kind) {
                case REASONING -> reasoningItem(itemId = "rs_" + id + "_" + n, null);
                case MESSAGE -> messageItem(itemId = "msg_" + id + "_" + n, "in_progress", null);
                case CALL -> callItem(itemId = "fc_" + id + "_" + n, "in_progress", callId, callName, "");
            };
            ObjectNode e = event("response.output_item.added").put("output_index", n);
            e.set("item", item);
            write(e, out);
            if (kind == Kind.MESSAGE) {
                ObjectNode p = itemEvent("response.content_part.added").put("content_index", 0);
                p.set("part", textPart(""));
                write(p, out);
            } else if (kind == Kind.REASONING) {
                ObjectNode p = itemEvent("response.reasoning_summary_part.added").put("summary_index", 0);
                p.set("part", Json.MAPPER.createObjectNode().put("type", "summary_text").put("text", ""));
                write(p, out);
            }
        }

        private void delta(String type, String delta, StringBuilder out) {
            text.append(delta);
            ObjectNode e = itemEvent(type);
            if (open == Kind.MESSAGE) {
                e.put("content_index", 0);
            } else if (open == Kind.REASONING) {
                e.put("summary_index", 0);
            }
            e.put("delta", delta);
            if (open == Kind.MESSAGE) {
                e.putArray("logprobs");
            }
            write(e, out);
        }

        /** Ends the open item: its {@code *.done} events and {@code output_item.done} with the whole item. */
        private void close(StringBuilder out) {
            if (open == null) {
                return;
            }
            String all = text.toString();
            ObjectNode item;
            switch (open) {
                case MESSAGE -> {
                    write(itemEvent("response.output_text.done").put("content_index", 0).put("text", all), out);
                    ObjectNode p = itemEvent("response.content_part.done").put("content_index", 0);
                    p.set("part", textPart(all));
                    write(p, out);
                    item = messageItem(itemId, "completed", all);
                }
                case REASONING -> {
                    write(itemEvent("response.reasoning_summary_text.done").put("summary_index", 0).put("text", all),
                            out);
                    ObjectNode p = itemEvent("response.reasoning_summary_part.done").put("summary_index", 0);
                    p.set("part", Json.MAPPER.createObjectNode().put("type", "summary_text").put("text", all));
                    write(p, out);
                    item = reasoningItem(itemId, all);
                }
                default -> {
                    write(itemEvent("response.function_call_arguments.done").put("arguments", all), out);
                    item = callItem(itemId, "completed", callId, callName, all);
                }
            }
            ObjectNode e = event("response.output_item.done").put("output_index", items.size());
            e.set("item", item);
            write(e, out);
            items.add(item);
            open = null;
        }

        private ObjectNode event(String type) {
            return Json.MAPPER.createObjectNode().put("type", type);
        }

        /** An event about the open item: its {@code item_id} and {@code output_index}. */
        private ObjectNode itemEvent(String type) {
            return event(type).put("item_id", itemId).put("output_index", items.size());
        }

        private void write(ObjectNode e, StringBuilder out) {
            e.put("sequence_number", sequence++);
            out.append("event: ").append(e.get("type").asText()).append("\ndata: ").append(e).append("\n\n");
        }
    }
}
