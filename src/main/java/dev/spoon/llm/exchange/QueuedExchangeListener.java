package dev.spoon.llm.exchange;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Moves a listener's work off the threads that make the calls: the listeners this factory makes only put each
 * event into a queue; one daemon thread of its own takes them out and hands them to the target listener, in
 * the order they happened. What the caller's and the transport's threads pay per event is one lock-free queue
 * insert: the delivering thread is woken only when it sleeps with nothing queued, and after a batch it waits
 * {@link #LINGER_NANOS} for the next events to gather. A stream of 100,000 chunks/s so costs at most 1,000
 * wake-ups a second instead of one per chunk (a thread switch per chunk took a third of the CPU of a stream
 * through the gateway on two cores); an event is handed over at most about a millisecond later.
 *
 * <p>{@link #drain} waits until every event queued before it was handed over (a debug log's {@code flush},
 * a command about to exit); {@link #close} drains and stops the thread. The queue is unbounded: events are
 * never dropped while the factory is open. Thread-safe.
 */
public final class QueuedExchangeListener implements ExchangeListener.Factory, AutoCloseable {
    private static final Object STOP = new Object();
    /** How long the delivering thread lets events gather after a batch before it takes the next. */
    static final long LINGER_NANOS = 1_000_000;

    private final ExchangeListener target;
    private final Predicate<Exchange> accepts;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    /** Set by the delivering thread just before it sleeps with nothing queued; cleared by whoever wakes it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final ExchangeListener producer = new Producer();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the delivering thread.
     *
     * @param threadName the delivering thread's name
     * @param accepts    which exchanges to queue at all (tested on the calling thread when the exchange starts:
     *                   keep it cheap), e.g. "only while recording is on"
     * @param target     receives the events, on the delivering thread only
     */
    public QueuedExchangeListener(String threadName, Predicate<Exchange> accepts, ExchangeListener target) {
        this.target = target;
        this.accepts = accepts;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A listener that queues the events of {@code exchange}, or {@link ExchangeListener#NONE}. */
    @Override
    public ExchangeListener create(Exchange exchange) {
        return closed || !accepts.test(exchange) ? ExchangeListener.NONE : producer;
    }

    /**
     * Waits until every event queued before this call has been handed to the target (at most
     * {@code timeoutMs}). Returns at once when called on the delivering thread itself.
     *
     * @return whether everything was delivered in time
     */
    public boolean drain(long timeoutMs) {
        if (Thread.currentThread() == thread || closed && !thread.isAlive()) {
            return true;
        }
        CountDownLatch reached = new CountDownLatch(1);
        put(reached);
        try {
            return reached.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events queued and not yet handed over. */
    public int backlog() {
        return queue.size();
    }

    /** Delivers what is queued (waiting at most 5 s), then stops the thread; later events are ignored. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        drain(5_000);
        closed = true;
        put(STOP);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (true) {
            boolean delivered = false;
            for (Object o = queue.poll(); o != null; o = queue.poll()) {
                if (o == STOP) {
                    return;
                }
                deliver(o);
                delivered = true;
            }
            Thread.interrupted(); // only close() stops the thread; an interrupt must not make it spin
            if (delivered) {
                LockSupport.parkNanos(this, LINGER_NANOS); // let the next events gather: one wake-up per batch
                continue;
            }
            sleeping.set(true);
            if (queue.isEmpty()) { // checked after announcing the sleep: a producer either sees it or was seen
                LockSupport.park(this);
            }
            sleeping.set(false);
        }
    }

    private void put(Object o) {
        queue.add(o);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void deliver(Object o) {
        try {
            if (o instanceof Chunk c) {
                target.onChunk(c.exchange, c.event, c.arrivalNanos);
            } else if (o instanceof Request r) {
                target.onRequest(r.exchange);
            } else if (o instanceof Headers h) {
                target.onResponseHeaders(h.exchange, h.status, h.headers);
            } else if (o instanceof Complete c) {
                target.onComplete(c.exchange, c.result);
            } else if (o instanceof CountDownLatch l) {
                l.countDown();
            }
        } catch (RuntimeException ignored) {
            // a failing listener loses this event, never the thread
        }
    }

    private void offer(Object event) {
        if (!closed) {
            put(event);
        }
    }

    private record Request(Exchange exchange) {
    }

    private record Headers(Exchange exchange, int status, Map<String, List<String>> headers) {
    }

    private record Chunk(Exchange exchange, String event, long arrivalNanos) {
    }

    private record Complete(Exchange exchange, ExchangeResult result) {
    }

    /** What the calling threads run: one queue insert per event. */
    private final class Producer implements ExchangeListener {
        @Override
        public void onRequest(Exchange exchange) {
            offer(new Request(exchange));
        }

        @Override
        public void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
            offer(new Headers(exchange, status, headers));
        }

        @Override
        public void onChunk(Exchange exchange, String event, long arrivalNanos) {
            offer(new Chunk(exchange, event, arrivalNanos));
        }

        @Override
        public void onComplete(Exchange exchange, ExchangeResult result) {
            offer(new Complete(exchange, result));
        }
    }
}
