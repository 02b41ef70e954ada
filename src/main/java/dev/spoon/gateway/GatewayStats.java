package dev.spoon.gateway;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway has done since it started: calls answered (whatever the outcome), calls that ended in an
 * error, and calls in flight now. Thread-safe; cheap to read from any thread (a UI polls it).
 */
public final class GatewayStats {
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Chat calls received (including those refused with 4xx before reaching a provider). */
    public long calls() {
        return calls.sum();
    }

    /** Calls answered with an error status or ended by an error event. */
    public long errors() {
        return errors.sum();
    }

    /** Calls being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    void started() {
        calls.increment();
        inFlight.incrementAndGet();
    }

    void ended(boolean failed) {
        inFlight.decrementAndGet();
        if (failed) {
            errors.increment();
        }
    }

    void refused() {
        calls.increment();
        errors.increment();
    }
}
