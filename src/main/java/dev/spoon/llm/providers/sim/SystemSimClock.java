package dev.spoon.llm.providers.sim;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link SimClock#system()}: real time on two shared daemon threads ({@code spoon-sim-N}). */
final class SystemSimClock implements SimClock {
    static final SystemSimClock INSTANCE = new SystemSimClock();
    private final ScheduledExecutorService scheduler;

    private SystemSimClock() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "spoon-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.scheduler = ex;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }
}
