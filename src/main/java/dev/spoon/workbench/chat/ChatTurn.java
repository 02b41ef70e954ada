package dev.spoon.workbench.chat;

import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.Usage;

import java.util.List;

/**
 * One turn of a chat: the user's message, or an assistant answer with its reasoning, tool calls and
 * figures. An answer being streamed receives chunks on the transport thread through {@link #offer}, which
 * only appends to a small locked buffer; the UI thread moves buffered text into the turn with {@link #drain},
 * at most once per frame. Everything except {@link #offer} is UI-thread only.
 */
public final class ChatTurn {

    /** Who wrote the turn. */
    public enum Role { USER, ASSISTANT }

    /** Where an answer stands. */
    public enum Status { STREAMING, DONE, FAILED, CANCELLED }

    /** Text that arrived since the last drain. */
    /** @param firstArrivalNanos {@link System#nanoTime()} when the oldest text in this delta arrived */
    record Delta(String content, String reasoning, long firstArrivalNanos) {
        boolean isEmpty() {
            return content.isEmpty() && reasoning.isEmpty();
        }
    }

    private final Role role;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Object lock = new Object();
    private StringBuilder pendingContent = new StringBuilder();
    private StringBuilder pendingReasoning = new StringBuilder();
    private volatile long lastArrivalNanos;
    private long firstPendingNanos;

    private Status status;
    private String provider;
    private String model;
    private List<ToolCall> toolCalls = List.of();
    private Long ttftMs;
    private double tokensPerSecond;
    private Usage usage;
    private Double cost;
    private long durationMs;
    private String errorType;
    private String errorMessage;
    private String errorHint;
    private boolean reasoningCollapsed;
    private List<ContentPart.Image> images = List.of();
    private StructuredOutput structured;
    private boolean structuredWithSchema;

    private ChatTurn(Role role) {
        this.role = role;
    }

    public static ChatTurn user(String text) {
        ChatTurn t = new ChatTurn(Role.USER);
        t.content.append(text);
        t.status = Status.DONE;
        return t;
    }

    /** A user message with {@code images} attached (sent after its text). */
    public static ChatTurn user(String text, List<ContentPart.Image> images) {
        ChatTurn t = user(text);
        t.images = List.copyOf(images);
        return t;
    }

    /** An answer about to be streamed from {@code provider} (model null: the provider's default). */
    public static ChatTurn streaming(String provider, String model) {
        ChatTurn t = new ChatTurn(Role.ASSISTANT);
        t.status = Status.STREAMING;
        t.provider = provider;
        t.model = model;
        return t;
    }

    /** A finished answer (loading a saved conversation). */
    public static ChatTurn answer(String content, String reasoning, List<ToolCall> calls) {
        ChatTurn t = new ChatTurn(Role.ASSISTANT);
        t.content.append(content == null ? "" : content);
        if (reasoning != null) {
            t.reasoning.append(reasoning);
        }
        t.toolCalls = calls == null ? List.of() : List.copyOf(calls);
        t.status = Status.DONE;
        t.reasoningCollapsed = true;
        return t;
    }

    /** Transport thread: buffers a chunk's text. Never blocks on the UI. */
    void offer(ResponseChunk chunk) {
        long now = System.nanoTime();
        synchronized (lock) {
            if (pendingContent.length() == 0 && pendingReasoning.length() == 0) {
                firstPendingNanos = now;
            }
            if (chunk.deltaContent() != null) {
                pendingContent.append(chunk.deltaContent());
            }
            if (chunk.deltaReasoning() != null) {
                pendingReasoning.append(chunk.deltaReasoning());
            }
        }
        lastArrivalNanos = now;
    }

    /** {@link System#nanoTime()} of the last chunk offered, or 0 (benchmarks measure render lag with it). */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** Moves buffered text into the turn and returns it; an empty delta when nothing arrived. */
    Delta drain() {
        String c;
        String r;
        long first;
        synchronized (lock) {
            if (pendingContent.length() == 0 && pendingReasoning.length() == 0) {
                return new Delta("", "", 0);
            }
            first = firstPendingNanos;
            c = pendingContent.toString();
            r = pendingReasoning.toString();
            pendingContent = new StringBuilder();
            pendingReasoning = new StringBuilder();
        }
        content.append(c);
        reasoning.append(r);
        return new Delta(c, r, first);
    }

    void finish(Status s, String actualModel, List<ToolCall> calls, Long ttft, double tps, Usage u, Double c,
                long duration) {
        status = s;
        if (actualModel != null) {
            model = actualModel;
        }
        if (calls != null && !calls.isEmpty()) {
            toolCalls = List.copyOf(calls);
        }
        ttftMs = ttft;
        tokensPerSecond = tps;
        usage = u;
        cost = c;
        durationMs = duration;
    }

    void fail(Status s, String type, String message, String hint) {
        status = s;
        errorType = type;
        errorMessage = message;
        errorHint = hint;
    }

    void setMeta(String p, String m, Long ttft, double tps, Usage u, Double c) {
        provider = p;
        model = m;
        ttftMs = ttft;
        tokensPerSecond = tps;
        usage = u;
        cost = c;
    }

    void setReasoningCollapsed(boolean collapsed) {
        reasoningCollapsed = collapsed;
    }

    /** Sets the check of a JSON answer ({@code withSchema}: it was asked to match a schema). */
    void setStructured(StructuredOutput out, boolean withSchema) {
        structured = out;
        structuredWithSchema = withSchema;
    }

    /** The check of an answer asked for as JSON, or null (a text answer, or not finished). */
    public StructuredOutput structured() {
        return structured;
    }

    /** Whether the JSON answer was asked to match a schema. */
    public boolean structuredWithSchema() {
        return structuredWithSchema;
    }

    /** Images attached to a user message (empty for answers). */
    public List<ContentPart.Image> images() {
        return images;
    }

    public Role role() {
        return role;
    }

    public Status status() {
        return status;
    }

    /** The text received so far (drained part only while streaming). */
    public String content() {
        return content.toString();
    }

    public String reasoning() {
        return reasoning.toString();
    }

    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public Long ttftMs() {
        return ttftMs;
    }

    public double tokensPerSecond() {
        return tokensPerSecond;
    }

    public Usage usage() {
        return usage;
    }

    /** Cost in US dollars from the configured prices, or null when no price is known. */
    public Double cost() {
        return cost;
    }

    public long durationMs() {
        return durationMs;
    }

    public String errorType() {
        return errorType;
    }

    /** The provider's own error text (or the error's message when the provider sent none). */
    public String errorMessage() {
        return errorMessage;
    }

    public String errorHint() {
        return errorHint;
    }

    public boolean reasoningCollapsed() {
        return reasoningCollapsed;
    }
}
