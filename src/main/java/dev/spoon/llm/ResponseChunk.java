package dev.spoon.llm;

import java.util.List;

/**
 * One piece of a streamed answer. Every field may be null or empty: a chunk can carry text, reasoning,
 * tool-call fragments, usage, or the finish reason, in any combination.
 *
 * @param arrivalNanos {@link System#nanoTime()} when the bytes of this chunk arrived
 */
public record ResponseChunk(String id, String model, String deltaContent, String deltaReasoning,
                            List<ToolCallDelta> toolCallDeltas, Usage usage, FinishReason finishReason,
                            String nativeFinishReason, long arrivalNanos) {

    public ResponseChunk {
        toolCallDeltas = toolCallDeltas == null ? List.of() : toolCallDeltas;
    }

    public static ResponseChunk text(String delta) {
        return new ResponseChunk(null, null, delta, null, null, null, null, null, System.nanoTime());
    }

    public static ResponseChunk reasoning(String delta) {
        return new ResponseChunk(null, null, null, delta, null, null, null, null, System.nanoTime());
    }

    public boolean hasContent() {
        return (deltaContent != null && !deltaContent.isEmpty())
                || (deltaReasoning != null && !deltaReasoning.isEmpty())
                || !toolCallDeltas.isEmpty();
    }
}
