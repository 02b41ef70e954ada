package dev.spoon.llm;

import java.util.List;

/**
 * One turn of a conversation, in the provider-neutral shape (OpenAI's chat format).
 *
 * @param role       who speaks
 * @param content    the text, or null when the message has only {@code parts} or only tool calls
 * @param parts      content blocks (text and images), or an empty list when {@code content} says it all
 * @param toolCalls  tool calls made by an assistant turn (empty otherwise)
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers
 * @param name       the tool's name for a tool message, or a participant name; may be null
 * @param reasoning  reasoning text an assistant turn carried (kept for display; most providers ignore it)
 */
public record Message(Role role, String content, List<ContentPart> parts, List<ToolCall> toolCalls,
                      String toolCallId, String name, String reasoning) {

    public Message {
        parts = parts == null ? List.of() : List.copyOf(parts);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, text, null, null, null, null, null);
    }

    public static Message user(String text) {
        return new Message(Role.USER, text, null, null, null, null, null);
    }

    public static Message user(List<ContentPart> parts) {
        return new Message(Role.USER, null, parts, null, null, null, null);
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text, null, null, null, null, null);
    }

    public static Message assistant(String text, List<ToolCall> toolCalls) {
        return new Message(Role.ASSISTANT, text, null, toolCalls, null, null, null);
    }

    public static Message tool(String toolCallId, String name, String result) {
        return new Message(Role.TOOL, result, null, null, toolCallId, name, null);
    }

    /** All the text of this message: {@code content}, or the text parts joined. Never null. */
    public String text() {
        if (content != null) {
            return content;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : parts) {
            if (p instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /**
     * {@code messages} with each tool message that has no name named after the assistant's call it answers
     * (found by {@code toolCallId}); wire formats that do not carry the name (OpenAI, Anthropic) read back
     * into the messages that were written.
     */
    public static List<Message> namingToolResults(List<Message> messages) {
        java.util.Map<String, String> calls = new java.util.HashMap<>();
        List<Message> out = new java.util.ArrayList<>(messages.size());
        for (Message m : messages) {
            for (ToolCall c : m.toolCalls()) {
                if (c.id() != null) {
                    calls.put(c.id(), c.name());
                }
            }
            if (m.role() == Role.TOOL && m.name() == null && calls.containsKey(m.toolCallId())) {
                m = new Message(m.role(), m.content(), m.parts(), m.toolCalls(), m.toolCallId(),
                        calls.get(m.toolCallId()), m.reasoning());
            }
            out.add(m);
        }
        return out;
    }

    public boolean hasImages() {
        return parts.stream().anyMatch(p -> p instanceof ContentPart.Image);
    }
}
