package dev.spoon.llm.exchange;

import java.util.List;
import java.util.Map;

/**
 * Observes provider exchanges, one {@link Exchange} at a time. A core hands each exchange to the listener its
 * {@link Factory} made for it (OkHttp's {@code EventListener.Factory}); nothing is process-wide, so two cores
 * in one JVM never see each other's traffic.
 *
 * <p>Thread rules: the events of one exchange arrive in order ({@code onRequest}, {@code onResponseHeaders},
 * {@code onChunk}…, {@code onComplete} exactly once), on the thread where they happen: the caller's thread
 * for {@code onRequest}, a transport or simulator thread for the rest. Implementations must be quick and must
 * not block; a listener with real work to do (writing a log, aggregating metrics) hands events to its own
 * thread with {@link QueuedExchangeListener}. Calls are made defensively: a throwing listener never breaks a
 * call. All methods have no-op defaults.
 */
public interface ExchangeListener {
    /** Ignores everything. */
    ExchangeListener NONE = new ExchangeListener() {
    };

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

    /**
     * Makes the listener of one exchange. Called once per exchange, on the thread that starts it, before its
     * {@code onRequest}; must be quick. Return {@link ExchangeListener#NONE} for exchanges of no interest.
     */
    @FunctionalInterface
    interface Factory {
        ExchangeListener create(Exchange exchange);
    }
}
