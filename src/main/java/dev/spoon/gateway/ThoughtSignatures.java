package dev.spoon.gateway;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ToolCall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the opaque signatures some providers put on tool calls (Gemini's {@code thoughtSignature},
 * Anthropic's signed thinking) by call id, and puts them back when a client returns those calls in its next
 * turn. A client of another format has no field for them and drops them, yet the provider refuses the tool
 * results without them. Holds the most recent {@value #CAPACITY} calls; thread-safe.
 */
final class ThoughtSignatures {
    static final int CAPACITY = 10_000;

    private final Map<String, String> byCallId = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Keeps the signatures of {@code r}'s tool calls. */
    void remember(LlmResponse r) {
        for (ToolCall c : r.toolCalls()) {
            if (c.id() != null && c.thoughtSignature() != null) {
                synchronized (byCallId) {
                    byCallId.put(c.id(), c.thoughtSignature());
                }
            }
        }
    }

    /** {@code request} with the remembered signature on every returned tool call that lost its own. */
    ChatRequest restore(ChatRequest request) {
        List<Message> out = null;
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            List<ToolCall> calls = restored(m.toolCalls());
            if (calls != null) {
                if (out == null) {
                    out = new ArrayList<>(messages);
                }
                out.set(i, new Message(m.role(), m.content(), m.parts(), calls, m.toolCallId(), m.name(),
                        m.reasoning()));
            }
        }
        return out == null ? request : request.toBuilder().messages(out).build();
    }

    private List<ToolCall> restored(List<ToolCall> calls) {
        List<ToolCall> out = null;
        for (int i = 0; i < calls.size(); i++) {
            ToolCall c = calls.get(i);
            if (c.thoughtSignature() != null || c.id() == null) {
                continue;
            }
            String sig;
            synchronized (byCallId) {
                sig = byCallId.get(c.id());
            }
            if (sig != null) {
                if (out == null) {
                    out = new ArrayList<>(calls);
                }
                out.set(i, new ToolCall(c.id(), c.name(), c.arguments(), sig));
            }
        }
        return out;
    }
}
