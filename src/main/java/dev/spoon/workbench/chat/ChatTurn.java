package dev.spoon.workbench.chat;

import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.Usage;
import dev.spoon.workbench.StreamBuffer;

import java.util.List;

/**
 * One turn of a chat: the user's message, or an assistant answer with its reasoning, tool calls and
 * figures. An answer being streamed receives chunks on the transport thread through {@link #offer}, which
 * only appends to its {@link StreamBuffer}; the UI thread moves buffered text into the turn with
 * {@link #drain}, at most once per frame. Everything except {@link #offer} is UI-thread only.
 */
public final class ChatTurn {

    /** Who wrote the turn. */
    public enum Role { USER, ASSISTANT }

    /** Where an answer stands. */
    public enum Status { STREAMING, DONE, FAILED, CANCELLED }

    private final Role role;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StreamBuffer buffer = new StreamBuffer();

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
    private String notice;
    private List<String> noticeEvents = List.of();

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
        buffer.offer(chunk.deltaContent(), chunk.deltaReasoning());
    }

    /** {@link System#nanoTime()} of the last chunk offered, or 0 (benchmarks measure render lag with it). */
    public long lastArrivalNanos() {
        return buffer.lastArrivalNanos();
    }

    /** Moves buffered text into the turn and returns it; an empty delta when nothing arrived. */
    StreamBuffer.Delta drain() {
        StreamBuffer.Delta d = buffer.drain();
        content.append(d.content());
        reasoning.append(d.reasoning());
        return d;
    }

    void finish(Status s, String answeredBy, String actualModel, List<ToolCall> calls, Long ttft, double tps, Usage u,
                Double c, long duration) {
        status = s;
        if (answeredBy != null) {
            provider = answeredBy; // a fallback answered
        }
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

    /** The live line about retries and fallbacks (see {@code CallNotice}). */
    void setNotice(String line) {
        notice = line;
    }

    void setNoticeEvents(List<String> events) {
        noticeEvents = List.copyOf(events);
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

    /** Whether this answer has something to carry into the conversation: text or tool calls. */
    public boolean hasAnswer() {
        return role == Role.USER || content.length() > 0 || !toolCalls.isEmpty();
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

    /** The latest line about the call's retries and fallbacks, or null when there were none. */
    public String notice() {
        return notice;
    }

    /** Every retry and fallback of the call that made this answer, one line each. */
    public List<String> noticeEvents() {
        return noticeEvents;
    }

    public boolean reasoningCollapsed() {
        return reasoningCollapsed;
    }

    // "View code" (kept together at the end of the class)
    private volatile dev.spoon.llm.ChatRequest request;

    /** The request this answer was asked with (null for a loaded conversation's answers): for "View code". */
    public dev.spoon.llm.ChatRequest request() {
        return request;
    }

    /** Records the request this answer is asked with. */
    void request(dev.spoon.llm.ChatRequest r) {
        this.request = r;
    }
}
