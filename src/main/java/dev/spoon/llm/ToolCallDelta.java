package dev.spoon.llm;

/**
 * A fragment of a streamed tool call. Fragments with the same {@code index} belong to one call; the id and
 * name usually arrive only on the first fragment.
 */
public record ToolCallDelta(int index, String id, String name, String argumentsFragment, String thoughtSignature) {
    public ToolCallDelta(int index, String id, String name, String argumentsFragment) {
        this(index, id, name, argumentsFragment, null);
    }
}
