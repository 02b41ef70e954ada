package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ChunkStream;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.openai.ResponsesWire.Event;
import dev.spoon.llm.providers.openai.ResponsesWire.OutputItem;
import dev.spoon.llm.providers.openai.ResponsesWire.Part;
import dev.spoon.llm.providers.openai.ResponsesWire.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a streamed Responses API answer: typed events ({@code event:} name and a {@code type} field), no
 * {@code [DONE]}; the stream ends after {@code response.completed} or {@code response.incomplete}, whose
 * {@code response} carries the only usage.
 *
 * <ul>
 *   <li>{@code response.created}: the response id and model;</li>
 *   <li>{@code response.output_text.delta}, {@code response.refusal.delta}: text;</li>
 *   <li>{@code response.reasoning_summary_text.delta}, {@code response.reasoning_text.delta}: reasoning, a
 *       blank line between summary parts (as {@link ResponsesReader} joins them);</li>
 *   <li>{@code response.output_item.added} with a {@code function_call}: a new tool call (numbered in the order
 *       calls start) with its {@code call_id} and name; {@code response.function_call_arguments.delta}: its
 *       arguments, matched by {@code item_id};</li>
 *   <li>{@code response.output_item.done}: the whole text or arguments of an item whose deltas never came
 *       (servers that send only the finished item);</li>
 *   <li>{@code response.completed}, {@code response.incomplete}: usage and the finish reason, then the end;</li>
 *   <li>{@code response.failed} and {@code error}: the error, classified as OpenAI's errors are.</li>
 * </ul>
 * Other events ({@code content_part.added}, {@code *.done}, built-in tool progress) carry nothing new.
 */
final class ResponsesStream extends ChunkStream {
    private final String provider;
    private final Map<String, Integer> toolByItem = new HashMap<>();
    /** Items (text or function call) whose deltas arrived, so their {@code done} event adds nothing. */
    private final Set<String> streamedItems = new HashSet<>();
    private String id;
    private String model;
    /** The reasoning item and summary part the last reasoning delta belonged to, or null before any. */
    private String reasoningPart;

    ResponsesStream(String provider, String model, StreamHandler handler) {
        super(provider, model, handler);
        this.provider = provider;
    }

    @Override
    public void onEvent(String name, byte[] data, int length, long arrivalNanos) {
        Event e;
        try {
            e = ResponsesWire.EVENT.readValue(data, 0, length);
        } catch (IOException ex) {
            throw ProviderErrors.malformed(provider, "stream event", ex);
        }
        String type = e.type() != null ? e.type() : name == null ? "" : name;
        switch (type) {
            case "response.created", "response.in_progress" -> started(e.response(), arrivalNanos);
            case "response.output_text.delta", "response.refusal.delta" -> {
                streamedItems.add(String.valueOf(e.itemId()));
                emit(chunk(e.delta(), null, null, arrivalNanos));
            }
            case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                    reasoning(e.itemId() + "/" + e.summaryIndex(), e.delta(), arrivalNanos);
            case "response.output_item.added" -> itemAdded(e.item(), arrivalNanos);
            case "response.function_call_arguments.delta" -> {
                Integer tool = toolByItem.get(e.itemId());
                if (tool != null && e.delta() != null && !e.delta().isEmpty()) {
                    streamedItems.add(e.itemId());
                    emit(chunk(null, null, List.of(new ToolCallDelta(tool, null, null, e.delta())), arrivalNanos));
                }
            }
            case "response.output_item.done" -> itemDone(e.item(), arrivalNanos);
            case "response.completed", "response.incomplete" -> {
                finished(e.response(), arrivalNanos);
                markDone();
            }
            case "response.failed" -> throw ResponsesReader.failure(provider, e.response() == null ? null
                    : e.response().error());
            case "error" -> throw ResponsesReader.failure(provider,
                    Json.tryParse(new String(data, 0, length, StandardCharsets.UTF_8)));
            default -> { } // content_part.*, *.done, built-in tool progress: nothing new for the answer
        }
    }

    private void started(Response r, long arrivalNanos) {
        if (r == null || id != null) {
            return;
        }
        id = r.id();
        model = r.model();
        emit(chunk(null, null, null, arrivalNanos));
    }

    private void reasoning(String part, String delta, long arrivalNanos) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        String text = reasoningPart != null && !reasoningPart.equals(part) ? ResponsesReader.PART_SEPARATOR + delta
                : delta;
        reasoningPart = part;
        emit(chunk(null, text, null, arrivalNanos));
    }

    private void itemAdded(OutputItem item, long arrivalNanos) {
        if (item == null || !"function_call".equals(item.type())) {
            return;
        }
        int tool = toolByItem.size();
        toolByItem.put(String.valueOf(item.id()), tool);
        String initial = item.arguments() == null || item.arguments().isEmpty() ? null : item.arguments();
        if (initial != null) {
            streamedItems.add(String.valueOf(item.id()));
        }
        emit(chunk(null, null, List.of(new ToolCallDelta(tool, item.callId(), item.name(), initial)), arrivalNanos));
    }

    private void itemDone(OutputItem item, long arrivalNanos) {
        if (item == null || streamedItems.contains(String.valueOf(item.id()))) {
            return;
        }
        if ("function_call".equals(item.type())) {
            Integer tool = toolByItem.get(String.valueOf(item.id()));
            if (tool == null) {
                itemAdded(item, arrivalNanos);
            } else if (item.arguments() != null && !item.arguments().isEmpty()) {
                emit(chunk(null, null, List.of(new ToolCallDelta(tool, null, null, item.arguments())), arrivalNanos));
            }
        } else if ("message".equals(item.type()) && item.content() != null) {
            StringBuilder text = new StringBuilder();
            for (Part p : item.content()) {
                text.append(p.shown());
            }
            if (!text.isEmpty()) {
                emit(chunk(text.toString(), null, null, arrivalNanos));
            }
        }
    }

    private void finished(Response r, long arrivalNanos) {
        if (r == null) {
            return;
        }
        emit(new ResponseChunk(r.id() != null ? r.id() : id, r.model() != null ? r.model() : model, null, null,
                null, ResponsesWire.usage(r.usage()), ResponsesWire.finish(r), ResponsesWire.nativeFinish(r),
                arrivalNanos));
    }

    private ResponseChunk chunk(String text, String reasoning, List<ToolCallDelta> tools, long arrivalNanos) {
        return new ResponseChunk(id, model, text, reasoning, tools, null, null, null, arrivalNanos);
    }
}
