package dev.spoon.llm.providers;

import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one normalized {@link LlmResponse} from the pieces of an answer: the chunks of a stream, or the
 * single "chunk" a non-streamed body amounts to. Tool-call fragments are assembled per index (ids and names
 * usually come only with the first fragment; only indexes that occur make calls, so a first call at index 1
 * leaves no phantom call at 0); the last usage seen wins. Not thread-safe: one per answer.
 */
public final class ResponseAssembler {
    private final String provider;
    private final String requestedModel;
    private String id;
    private String model;
    private final StringBuilder content = new StringBuilder();
    private StringBuilder reasoning;
    private final TreeMap<Integer, ToolBuilder> tools = new TreeMap<>();
    private Usage usage;
    private FinishReason finishReason;
    private String nativeFinishReason;
    private long firstTokenNanos;
    private boolean started;
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private static final class ToolBuilder {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
        String thoughtSignature;
    }

    public ResponseAssembler(String provider, String requestedModel) {
        this.provider = provider;
        this.requestedModel = requestedModel;
    }

    /**
     * The response of a non-streamed answer read as one chunk (no finish reason means it simply ended:
     * stop, or tool_calls when it called tools).
     */
    public static LlmResponse whole(String provider, String requestedModel, ResponseChunk answer) {
        ResponseAssembler a = new ResponseAssembler(provider, requestedModel);
        a.accept(answer);
        return a.build();
    }

    /** Adds one chunk's pieces. */
    public void accept(ResponseChunk c) {
        started = true;
        if (c.id() != null) {
            id = c.id();
        }
        if (c.model() != null) {
            model = c.model();
        }
        String dc = c.deltaContent();
        if (dc != null && !dc.isEmpty()) {
            content.append(dc);
        }
        String dr = c.deltaReasoning();
        if (dr != null && !dr.isEmpty()) {
            if (reasoning == null) {
                reasoning = new StringBuilder();
            }
            reasoning.append(dr);
        }
        for (ToolCallDelta d : c.toolCallDeltas()) {
            ToolBuilder t = tools.computeIfAbsent(d.index(), i -> new ToolBuilder());
            if (t.id == null && d.id() != null && !d.id().isEmpty()) {
                t.id = d.id();
            }
            if (t.name == null && d.name() != null && !d.name().isEmpty()) {
                t.name = d.name();
            }
            if (d.argumentsFragment() != null) {
                t.arguments.append(d.argumentsFragment());
            }
            if (d.thoughtSignature() != null) {
                t.thoughtSignature = d.thoughtSignature();
            }
        }
        if (c.usage() != null) {
            usage = c.usage();
        }
        if (c.finishReason() != null) {
            finishReason = c.finishReason();
            nativeFinishReason = c.nativeFinishReason();
        }
        if (firstTokenNanos == 0 && c.hasContent()) {
            firstTokenNanos = c.arrivalNanos();
        }
    }

    /** Extra provider data for {@link LlmResponse#metadata()}. */
    public void metadata(String key, Object value) {
        metadata.put(key, value);
    }

    /** The index the next new tool call should use (one past the highest so far). */
    public int nextToolIndex() {
        return tools.isEmpty() ? 0 : tools.lastKey() + 1;
    }

    /** The index of the call with {@code id}, or -1. */
    public int toolIndexOf(String callId) {
        for (Map.Entry<Integer, ToolBuilder> e : tools.entrySet()) {
            if (callId.equals(e.getValue().id)) {
                return e.getKey();
            }
        }
        return -1;
    }

    public boolean hasFinishReason() {
        return finishReason != null;
    }

    public boolean started() {
        return started;
    }

    public long firstTokenNanos() {
        return firstTokenNanos;
    }

    /** The complete response (timing is left to the transport). */
    public LlmResponse build() {
        List<ToolCall> calls = toolCalls();
        FinishReason fr = finishReason == null ? (calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS)
                : finishReason == FinishReason.STOP && !calls.isEmpty() ? FinishReason.TOOL_CALLS : finishReason;
        return new LlmResponse(id, provider, model != null ? model : requestedModel, content.toString(),
                reasoning == null ? null : reasoning.toString(), fr, nativeFinishReason, calls, usage, 0, null,
                List.of(), false, null, metadata);
    }

    /** What arrived before {@code cause}, with finish reason {@link FinishReason#ERROR}. */
    public LlmResponse partial(LlmException cause) {
        return new LlmResponse(id, provider, model != null ? model : requestedModel, content.toString(),
                reasoning == null ? null : reasoning.toString(), FinishReason.ERROR, nativeFinishReason, toolCalls(),
                usage, 0, null, List.of(), false, cause, metadata);
    }

    private List<ToolCall> toolCalls() {
        List<ToolCall> calls = new ArrayList<>(tools.size());
        for (ToolBuilder t : tools.values()) {
            calls.add(new ToolCall(t.id, t.name, t.arguments.toString(), t.thoughtSignature));
        }
        return calls;
    }
}
