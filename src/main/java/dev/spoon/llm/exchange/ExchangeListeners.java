package dev.spoon.llm.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The exchange listeners of one core: the factories its subscribers registered (debug log, metrics, a pane's
 * capture), combined into one {@link ExchangeListener.Factory} that providers use for every exchange they
 * make. Thread-safe; adding or removing a factory affects exchanges started afterwards.
 */
public final class ExchangeListeners implements ExchangeListener.Factory {
    private final List<ExchangeListener.Factory> factories = new CopyOnWriteArrayList<>();

    /** No listeners yet. */
    public ExchangeListeners() {
    }

    /** Listeners made by {@code initial}, in order. */
    public static ExchangeListeners of(ExchangeListener.Factory... initial) {
        ExchangeListeners l = new ExchangeListeners();
        for (ExchangeListener.Factory f : initial) {
            l.add(f);
        }
        return l;
    }

    /** From now on, every exchange gets a listener from {@code factory} too. */
    public void add(ExchangeListener.Factory factory) {
        factories.add(factory);
    }

    public void remove(ExchangeListener.Factory factory) {
        factories.remove(factory);
    }

    /**
     * Whether no factory is registered: a provider may then skip building what only listeners would read
     * (exchange records, event text).
     */
    public boolean isEmpty() {
        return factories.isEmpty();
    }

    /**
     * The listener of {@code exchange}: every registered factory's listener, each called defensively (a
     * throwing listener is skipped, the others still hear the event), or {@link ExchangeListener#NONE} when no
     * factory is interested.
     */
    @Override
    public ExchangeListener create(Exchange exchange) {
        List<ExchangeListener> made = new ArrayList<>(2);
        for (ExchangeListener.Factory f : factories) {
            try {
                ExchangeListener l = f.create(exchange);
                if (l != null && l != ExchangeListener.NONE) {
                    made.add(l);
                }
            } catch (RuntimeException ignored) {
                // a failing factory never breaks a call
            }
        }
        return made.isEmpty() ? ExchangeListener.NONE : new Guarded(made.toArray(ExchangeListener[]::new));
    }

    /** Several listeners called in turn, each defensively. */
    private record Guarded(ExchangeListener[] targets) implements ExchangeListener {
        @Override
        public void onRequest(Exchange exchange) {
            for (ExchangeListener l : targets) {
                try {
                    l.onRequest(exchange);
                } catch (RuntimeException ignored) {
                    // defensive: a listener never breaks a call
                }
            }
        }

        @Override
        public void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
            for (ExchangeListener l : targets) {
                try {
                    l.onResponseHeaders(exchange, status, headers);
                } catch (RuntimeException ignored) {
                    // defensive
                }
            }
        }

        @Override
        public void onChunk(Exchange exchange, String event, long arrivalNanos) {
            for (ExchangeListener l : targets) {
                try {
                    l.onChunk(exchange, event, arrivalNanos);
                } catch (RuntimeException ignored) {
                    // defensive
                }
            }
        }

        @Override
        public void onComplete(Exchange exchange, ExchangeResult result) {
            for (ExchangeListener l : targets) {
                try {
                    l.onComplete(exchange, result);
                } catch (RuntimeException ignored) {
                    // defensive
                }
            }
        }
    }
}
