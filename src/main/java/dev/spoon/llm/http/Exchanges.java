package dev.spoon.llm.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide list of {@link ExchangeListener}s, and the helpers transports use to notify them.
 * Thread-safe. Listener failures are swallowed: observing a call never breaks it.
 */
public final class Exchanges {
    private static final List<ExchangeListener> LISTENERS = new CopyOnWriteArrayList<>();
    private static final AtomicLong SEQ = new AtomicLong();

    private Exchanges() {
    }

    public static void addListener(ExchangeListener l) {
        LISTENERS.add(l);
    }

    public static void removeListener(ExchangeListener l) {
        LISTENERS.remove(l);
    }

    public static boolean hasListeners() {
        return !LISTENERS.isEmpty();
    }

    /** A new unique exchange id ({@code req_<time>_<seq>}). */
    public static String newId() {
        return "req_" + Long.toString(System.currentTimeMillis(), 36) + "_" + SEQ.incrementAndGet();
    }

    public static void request(Exchange ex) {
        for (ExchangeListener l : LISTENERS) {
            try {
                l.onRequest(ex);
            } catch (RuntimeException ignored) {
                // defensive: a listener never breaks a call
            }
        }
    }

    public static void responseHeaders(Exchange ex, int status, Map<String, List<String>> headers) {
        for (ExchangeListener l : LISTENERS) {
            try {
                l.onResponseHeaders(ex, status, headers);
            } catch (RuntimeException ignored) {
                // defensive
            }
        }
    }

    public static void chunk(Exchange ex, String event, long arrivalNanos) {
        for (ExchangeListener l : LISTENERS) {
            try {
                l.onChunk(ex, event, arrivalNanos);
            } catch (RuntimeException ignored) {
                // defensive
            }
        }
    }

    public static void complete(Exchange ex, ExchangeResult result) {
        for (ExchangeListener l : LISTENERS) {
            try {
                l.onComplete(ex, result);
            } catch (RuntimeException ignored) {
                // defensive
            }
        }
    }
}
