package dev.spoon.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.providers.sim.SimClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler on virtual time that only runs tasks when the test says so: {@link #advance} moves the clock and
 * runs every task that falls due, in time order, on the calling thread; {@link #drive} runs tasks until a
 * future completes. Nothing runs by itself, so a test decides exactly what happens when, and never waits.
 * Also the simulator's clock ({@link SimClock}): its time to first token, token pacing and the manager's retry
 * waits all pass on this clock; so does a Caffeine cache's ({@link Ticker}). Thread-safe for scheduling; run
 * tasks from one test thread.
 */
public final class ManualScheduler extends AbstractExecutorService
        implements ScheduledExecutorService, SimClock, Ticker {
    /** Longest {@link #drive} waits for real I/O when no task is scheduled. */
    public static final Duration IO_LIMIT = Duration.ofSeconds(20);

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final List<Long> delaysMs = new CopyOnWriteArrayList<>();
    private long now = 1_000_000_000L;
    private long seq;
    private boolean shutdown;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public long read() {
        return nanoTime();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return this;
    }

    /** The delay of every one-shot task scheduled so far, in milliseconds, in order. */
    public List<Long> delaysMs() {
        return delaysMs;
    }

    /** Tasks waiting (cancelled ones excluded). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /** The delays of the tasks waiting now, from the current time, in milliseconds, soonest first. */
    public synchronized List<Long> pendingDelaysMs() {
        List<Long> out = new ArrayList<>();
        queue.stream().filter(t -> !t.isCancelled()).sorted()
                .forEach(t -> out.add(TimeUnit.NANOSECONDS.toMillis(t.at - now)));
        return out;
    }

    /** Runs the tasks due now (including tasks they schedule for now). Returns how many ran. */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    /** Moves the clock forward by {@code d}, running every task that falls due, in order. Returns how many ran. */
    public int advance(Duration d) {
        long until;
        synchronized (this) {
            until = now + d.toNanos();
        }
        int ran = 0;
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.at > until) {
                    now = until;
                    return ran;
                }
                queue.poll();
                now = Math.max(now, t.at);
            }
            if (!t.isCancelled()) {
                t.run();
                ran++;
            }
        }
    }

    /**
     * Runs tasks, moving the clock to each next one, until {@code future} completes; then returns it. When
     * nothing is scheduled it waits for real I/O (a loopback server's answer) to complete the future or to
     * schedule a task, at most {@link #IO_LIMIT}: woken by the event, never by polling.
     *
     * @throws AssertionError when the future is still open after that (the test would hang)
     */
    public <T> CompletableFuture<T> drive(CompletableFuture<T> future) {
        future.whenComplete((v, e) -> {
            synchronized (this) {
                notifyAll();
            }
        });
        while (!future.isDone()) {
            Task next;
            synchronized (this) {
                while ((next = queue.peek()) != null && next.isCancelled()) {
                    queue.poll();
                }
                if (next == null) {
                    long deadline = System.nanoTime() + IO_LIMIT.toNanos();
                    while (queue.isEmpty() && !future.isDone()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new AssertionError("the future is still open and nothing is scheduled to"
                                    + " complete it");
                        }
                        try {
                            TimeUnit.NANOSECONDS.timedWait(this, left);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new AssertionError("interrupted", e);
                        }
                    }
                    continue;
                }
            }
            advance(Duration.ofNanos(Math.max(0, next.at - nanoTime())));
        }
        return future;
    }

    /**
     * Waits for real I/O to complete {@code future}, running the tasks due now as they come, but never moving
     * the clock (so no timeout on it can fire while a loopback server answers). Woken by events, never by
     * polling; at most {@link #IO_LIMIT}.
     *
     * @throws AssertionError when the future is still open after that
     */
    public <T> CompletableFuture<T> awaitIo(CompletableFuture<T> future) {
        future.whenComplete((v, e) -> {
            synchronized (this) {
                notifyAll();
            }
        });
        long deadline = System.nanoTime() + IO_LIMIT.toNanos();
        while (true) {
            runDue();
            synchronized (this) {
                if (future.isDone()) {
                    return future;
                }
                boolean due = queue.stream().anyMatch(t -> !t.isCancelled() && t.at <= now);
                if (!due) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("the future is still open after " + IO_LIMIT);
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ ScheduledExecutorService

    private synchronized Task add(Task t) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        t.seq = seq++;
        queue.add(t);
        notifyAll();
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delaysMs.add(unit.toMillis(delay));
        return add(new Task(command, nanoTime() + Math.max(0, unit.toNanos(delay)), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the code under test");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(new Task(command, nanoTime() + unit.toNanos(initialDelay), Math.max(1, unit.toNanos(period))));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                     TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        add(new Task(command, nanoTime(), 0));
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Task> tasks = new ArrayList<>(queue);
        queue.clear();
        tasks.forEach(t -> t.done.cancel(false));
        return new ArrayList<>(tasks);
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** One scheduled task; periodic ones re-queue themselves after each run. */
    private final class Task implements ScheduledFuture<Object>, Runnable {
        final Runnable command;
        final long period;
        final CompletableFuture<Object> done = new CompletableFuture<>();
        long at;
        long seq;

        Task(Runnable command, long at, long period) {
            this.command = command;
            this.at = at;
            this.period = period;
        }

        @Override
        public void run() {
            try {
                command.run();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (period == 0) {
                done.complete(null);
            } else if (!isCancelled()) {
                at += period;
                synchronized (ManualScheduler.this) {
                    if (!shutdown) {
                        seq = ManualScheduler.this.seq++;
                        queue.add(this);
                    }
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            return at != t.at ? Long.compare(at, t.at) : Long.compare(seq, t.seq);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean c = done.cancel(false);
            if (c) {
                synchronized (ManualScheduler.this) {
                    queue.remove(this);
                }
            }
            return c;
        }

        @Override
        public boolean isCancelled() {
            return done.isCancelled();
        }

        @Override
        public boolean isDone() {
            return done.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            if (!done.isDone()) {
                throw new IllegalStateException("a manual task completes only when the test runs it");
            }
            return done.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            if (!done.isDone()) {
                throw new TimeoutException("a manual task completes only when the test runs it");
            }
            return done.get();
        }
    }
}
