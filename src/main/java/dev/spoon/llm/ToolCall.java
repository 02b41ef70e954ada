package dev.spoon.llm;

/**
 * A tool call asked for by the model.
 *
 * @param id               the provider's call id (generated when the provider sends none, e.g. Gemini)
 * @param name             the tool's name
 * @param arguments        the arguments as a JSON string, {@code "{}"} when empty; never null
 * @param thoughtSignature Gemini's opaque signature, sent back unchanged on the next turn; else null
 */
public record ToolCall(String id, String name, String arguments, String thoughtSignature) {
    public ToolCall {
        if (arguments == null || arguments.isBlank()) {
            arguments = "{}";
        }
    }

    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, null);
    }
}
