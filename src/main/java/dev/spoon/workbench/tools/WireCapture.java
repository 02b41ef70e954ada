package dev.spoon.workbench.tools;

import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeListeners;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the raw streamed events of the inspector's own requests from its core's exchange listeners (the
 * same events the debug log records), keyed by the request's {@value #TAG} tag; other exchanges get no
 * listener. A retried request starts its list afresh, so the events are those of the attempt that answered.
 * The work per event is one list append, done on the transport thread. Thread-safe.
 */
final class WireCapture implements ExchangeListener, AutoCloseable {
    /** The request tag that marks a round of the inspector. */
    static final String TAG = "tool_round";

    private final Map<String, List<String>> events = new ConcurrentHashMap<>();
    private final ExchangeListener.Factory factory = ex -> ex.tags().containsKey(TAG) ? this : ExchangeListener.NONE;
    private final ExchangeListeners listeners;

    /** Starts listening to the exchanges of {@code listeners} (a core's). */
    WireCapture(ExchangeListeners listeners) {
        this.listeners = listeners;
        listeners.add(factory);
    }

    /** Starts collecting for round {@code round}. */
    void expect(String round) {
        events.put(round, new ArrayList<>());
    }

    @Override
    public void onRequest(Exchange exchange) {
        String round = exchange.tags().get(TAG);
        if (round != null && events.containsKey(round)) {
            events.put(round, new ArrayList<>());
        }
    }

    @Override
    public void onChunk(Exchange exchange, String event, long arrivalNanos) {
        String round = exchange.tags().get(TAG);
        List<String> list = round == null ? null : events.get(round);
        if (list != null) {
            synchronized (list) {
                list.add(event);
            }
        }
    }

    /** The events of round {@code round} (empty when the provider published none), and stops collecting. */
    List<String> take(String round) {
        List<String> list = events.remove(round);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @Override
    public void close() {
        listeners.remove(factory);
        events.clear();
    }
}
