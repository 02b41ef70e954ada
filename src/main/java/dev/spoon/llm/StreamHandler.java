package dev.spoon.llm;

/**
 * Receives the chunks of a streamed answer, in order, on the transport's thread. Implementations must be
 * quick and must never block on a UI thread: buffer and hand off instead.
 */
@FunctionalInterface
public interface StreamHandler {
    StreamHandler NONE = chunk -> { };

    void onChunk(ResponseChunk chunk);
}
