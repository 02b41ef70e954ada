package dev.spoon.llm.providers;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.http.HttpTransport;

/**
 * Base of every provider's stream reader: subclasses turn events into {@link ResponseChunk}s and
 * {@link #emit} them; this class hands each chunk to the caller's handler and to a
 * {@link ResponseAssembler}. One instance per streamed call, used on the transport thread only.
 */
public abstract class ChunkStream implements HttpTransport.EventReader {
    protected final ResponseAssembler assembler;
    private final StreamHandler handler;
    private boolean done;

    protected ChunkStream(String provider, String requestedModel, StreamHandler handler) {
        this.assembler = new ResponseAssembler(provider, requestedModel);
        this.handler = handler == null ? StreamHandler.NONE : handler;
    }

    /** Passes one chunk to the caller and into the assembled answer. */
    protected final void emit(ResponseChunk chunk) {
        assembler.accept(chunk);
        handler.onChunk(chunk);
    }

    /** The provider sent its end marker. */
    protected final void markDone() {
        done = true;
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public boolean complete() {
        return done || assembler.hasFinishReason();
    }

    @Override
    public LlmResponse response() {
        return assembler.build();
    }

    @Override
    public LlmResponse partial(LlmException cause) {
        return assembler.partial(cause);
    }

    @Override
    public long firstTokenNanos() {
        return assembler.firstTokenNanos();
    }

    @Override
    public boolean started() {
        return assembler.started();
    }
}
