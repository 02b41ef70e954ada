package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.http.SseDecoder;
import dev.spoon.llm.providers.ChunkStream;

import java.nio.charset.StandardCharsets;



/**
 * Reads a streamed chat completion: one {@code chat.completion.chunk} per event, {@code [DONE]} at the end.
 * Handles reasoning deltas, tool-call fragments per index, the final usage chunk with empty {@code choices},
 * SSE comments (by the decoder) and {@code {"error": ...}} events inside a 200 stream, which end the stream
 * with the provider's message.
 */
public final class OpenAiStream extends ChunkStream {
    private final String provider;

    /**
     * A reader for one stream of provider instance {@code provider}; chunks go to {@code handler} (may be
     * null). Public for tools that replay recorded streams (and the decoder benchmark).
     */
    public OpenAiStream(String provider, String model, StreamHandler handler) {
        super(provider, model, handler);
        this.provider = provider;
    }

    @Override
    public void onEvent(String name, byte[] data, int length, long arrivalNanos) {
        if (SseDecoder.isDone(data, length)) {
            markDone();
            return;
        }
        if ("error".equals(name)) {
            JsonNode e = Json.tryParse(new String(data, 0, length, StandardCharsets.UTF_8));
            JsonNode error = e != null && e.has("error") ? e.get("error") : e;
            throw OpenAiErrors.fromStreamError(provider, error != null && error.isObject() ? error
                    : Json.MAPPER.createObjectNode().put("message", new String(data, 0, length, StandardCharsets.UTF_8)));
        }
        emit(OpenAiChunkReader.read(provider, data, 0, length, arrivalNanos, assembler));
    }
}
