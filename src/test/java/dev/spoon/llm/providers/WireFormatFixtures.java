package dev.spoon.llm.providers;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.Message;
import dev.spoon.llm.WireFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for the {@link WireFormat} tests: recorded stream events, and comparing requests after a round trip. */
public final class WireFormatFixtures {
    private WireFormatFixtures() {
    }

    /** The events of an SSE body as the debug log records them ("DATA", or "event: NAME\ndata: DATA"). */
    public static List<String> recordedEvents(String sse) {
        List<String> out = new ArrayList<>();
        for (String block : sse.replace("\r\n", "\n").split("\n\n")) {
            String name = null;
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
            if (data != null) {
                out.add(name == null ? data.toString() : "event: " + name + "\ndata: " + data);
            }
        }
        return out;
    }

    /** The answer text the events carry, read by {@code format}. */
    public static String text(WireFormat format, List<String> events) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) {
            ResponseChunk c = format.readEvent(e);
            if (c.deltaContent() != null) {
                sb.append(c.deltaContent());
            }
        }
        return sb.toString();
    }

    /** {@code r} without what is never sent (tags, time limit). */
    public static ChatRequest sent(ChatRequest r) {
        return new ChatRequest(r.messages(), r.model(), r.maxTokens(), r.temperature(), r.tools(), r.toolChoice(),
                null, r.extra(), null);
    }

    /** {@code r} with its tool call ids replaced by their order of appearance (for wires that carry no ids). */
    public static ChatRequest idsByOrder(ChatRequest r) {
        Map<String, String> ids = new LinkedHashMap<>();
        List<Message> out = new ArrayList<>();
        for (Message m : r.messages()) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCall c : m.toolCalls()) {
                String id = ids.computeIfAbsent(c.id(), k -> "#" + (ids.size() + 1));
                calls.add(new ToolCall(id, c.name(), c.arguments(), c.thoughtSignature()));
            }
            String answered = m.toolCallId() == null ? null : ids.getOrDefault(m.toolCallId(), m.toolCallId());
            out.add(new Message(m.role(), m.content(), m.parts(), calls, answered, m.name(), m.reasoning()));
        }
        return sent(r.toBuilder().messages(out).build());
    }
}
