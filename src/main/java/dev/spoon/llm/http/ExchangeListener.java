package dev.spoon.llm.http;

import java.util.List;
import java.util.Map;

/**
 * Observes every provider exchange: the debug log and the metrics collector subscribe through
 * {@link Exchanges}. Called on transport threads, defensively (a throwing listener never breaks a call);
 * implementations must be quick and must not block. All methods have no-op defaults.
 */
public interface ExchangeListener {
    /** The request is about to be sent. */
    default void onRequest(Exchange exchange) {
    }

    /** Response status and (redacted) headers arrived. */
    default void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
    }

    /**
     * One streamed event arrived.
     *
     * @param event        the raw event's data (an SSE {@code data:} payload, with its {@code event:} name
     *                     if any, e.g. {@code "event: message_delta\ndata: {...}"} — exactly as on the wire
     *                     minus line endings), never reformatted
     * @param arrivalNanos {@link System#nanoTime()} when its bytes arrived
     */
    default void onChunk(Exchange exchange, String event, long arrivalNanos) {
    }

    /** The exchange ended (success, failure or cancellation). Called exactly once per exchange. */
    default void onComplete(Exchange exchange, ExchangeResult result) {
    }
}
