package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * What the simulator shows the debug log and metrics: a synthetic OpenAI-shaped exchange
 * ({@code sim://NAME/chat/completions}, chat-completions request body, {@code chat.completion.chunk} events
 * or a {@code chat.completion} body, OpenAI-style error bodies). Only built when someone listens
 * (the core has exchange listeners), so the simulator stays cheap otherwise.
 */
final class SimWire {
    static final Map<String, List<String>> REQUEST_HEADERS = Map.of("Content-Type", List.of("application/json"));
    static final Map<String, List<String>> JSON_HEADERS = Map.of("Content-Type", List.of("application/json"),
            "X-Simulated", List.of("true"));
    static final Map<String, List<String>> SSE_HEADERS = Map.of("Content-Type", List.of("text/event-stream"),
            "X-Simulated", List.of("true"));

    private SimWire() {
    }

    static Exchange exchange(String provider, String model, ChatRequest r, boolean stream, long startNanos) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.set("messages", LlmJson.messagesJson(r.messages()));
        if (r.maxTokens() != null) {
            body.put("max_tokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            body.put("temperature", r.temperature());
        }
        if (!r.tools().isEmpty()) {
            body.set("tools", LlmJson.toolsJson(r.tools()));
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return new Exchange(Exchange.newId(), provider, model, "POST", "sim://" + provider + "/chat/completions",
                REQUEST_HEADERS, body.toString(), stream, r.tags(), Instant.now(), startNanos);
    }

    /** One {@code chat.completion.chunk} event's data. */
    static String chunk(String id, String model, String content, String reasoning, List<ToolCallDelta> deltas,
                        String finishReason, Usage usage) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("object", "chat.completion.chunk");
        o.put("model", model);
        ArrayNode choices = o.putArray("choices");
        if (finishReason != null || content != null || reasoning != null || (deltas != null && !deltas.isEmpty())) {
            ObjectNode c = choices.addObject();
            c.put("index", 0);
            ObjectNode d = c.putObject("delta");
            if (content != null) {
                d.put("content", content);
            }
            if (reasoning != null) {
                d.put("reasoning_content", reasoning);
            }
            if (deltas != null && !deltas.isEmpty()) {
                ArrayNode calls = d.putArray("tool_calls");
                for (ToolCallDelta t : deltas) {
                    ObjectNode co = calls.addObject().put("index", t.index());
                    if (t.id() != null) {
                        co.put("id", t.id()).put("type", "function");
                    }
                    ObjectNode fn = co.putObject("function");
                    if (t.name() != null) {
                        fn.put("name", t.name());
                    }
                    fn.put("arguments", t.argumentsFragment() == null ? "" : t.argumentsFragment());
                }
            }
            c.put("finish_reason", finishReason);
        }
        if (usage != null) {
            o.set("usage", LlmJson.usage(usage));
        }
        return o.toString();
    }

    /** A non-streamed {@code chat.completion} body. */
    static String completion(LlmResponse r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("object", "chat.completion");
        o.put("model", r.model());
        ObjectNode c = o.putArray("choices").addObject();
        c.put("index", 0);
        ObjectNode m = c.putObject("message");
        m.put("role", "assistant");
        m.put("content", r.content());
        if (r.reasoning() != null) {
            m.put("reasoning_content", r.reasoning());
        }
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = m.putArray("tool_calls");
            for (ToolCall t : r.toolCalls()) {
                calls.addObject().put("id", t.id()).put("type", "function").putObject("function")
                        .put("name", t.name()).put("arguments", t.arguments());
            }
        }
        c.put("finish_reason", r.nativeFinishReason());
        o.set("usage", LlmJson.usage(r.usage()));
        return o.toString();
    }

    /** An OpenAI-style error body. */
    static String errorBody(LlmException e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("message", e.providerMessage() != null ? e.providerMessage() : e.getMessage());
        err.put("type", e.errorType());
        err.putNull("param");
        err.putNull("code");
        return o.toString();
    }

    /**
     * Publishes the end of {@code ex} to {@code events} from the outcome of the simulator's future.
     *
     * @param firstByteNanos when the first "byte" went out (headers), or 0
     * @param end            when it ended, on the simulator's clock
     */
    static void complete(Exchange ex, ExchangeListener events, LlmResponse r, Throwable t, long firstByteNanos,
                         long firstTokenNanos, long end) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause == null) {
            events.onComplete(ex, new ExchangeResult(200, ex.stream() ? SSE_HEADERS : JSON_HEADERS,
                    ex.stream() ? null : completion(r), r, null, firstByteNanos, firstTokenNanos, end, false));
        } else if (cause instanceof CancellationException) {
            events.onComplete(ex, new ExchangeResult(firstByteNanos > 0 ? 200 : null, Map.of(), null, null, null,
                    firstByteNanos, firstTokenNanos, end, true));
        } else {
            LlmException e = cause instanceof LlmException le ? le : dev.spoon.llm.LlmProvider.unwrap(cause);
            boolean midStream = e.partial() != null;
            Integer status = midStream ? Integer.valueOf(200) : e.status();
            events.onComplete(ex, new ExchangeResult(status, status == null ? Map.of()
                    : midStream ? SSE_HEADERS : JSON_HEADERS, midStream || status == null ? null : errorBody(e),
                    null, e, firstByteNanos, firstTokenNanos, end, false));
        }
    }
}
