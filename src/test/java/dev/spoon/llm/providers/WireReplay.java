package dev.spoon.llm.providers;

import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.http.SseDecoder;

import java.nio.charset.StandardCharsets;

/** Feeds a recorded (or written) event stream to a provider's stream reader, as the transport would. */
public final class WireReplay {
    private WireReplay() {
    }

    /** Every event of {@code sse} through {@code reader}; the assembled answer. */
    public static LlmResponse replay(String sse, HttpTransport.EventReader reader) {
        for (SseDecoder.Event e : SseDecoder.decodeAll(sse.getBytes(StandardCharsets.UTF_8))) {
            byte[] data = e.data().getBytes(StandardCharsets.UTF_8);
            reader.onEvent(e.name(), data, data.length, System.nanoTime());
            if (reader.done()) {
                break;
            }
        }
        return reader.response();
    }
}
