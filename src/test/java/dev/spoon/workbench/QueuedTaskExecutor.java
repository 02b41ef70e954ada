package dev.spoon.workbench;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The executor ViewModel tests use: background work, UI actions and timers are queued, and run only when the
 * test drains them, on the test's own thread (the one that created the executor, which plays the UI thread).
 * The core may still answer on its own threads, but what it hands the UI waits in the queue, so a ViewModel's
 * properties only ever change on the test thread: nothing races, nothing sleeps.
 *
 * <p>Timers run on a virtual clock that only {@link #advance} moves.
 *
 * <p>{@link #runUntil} waits for the core's answers to arrive; its time limit is a safety net against a
 * hanging test, not a timing assumption.
 */
public final class QueuedTaskExecutor implements TaskExecutor {
    private static final Duration SAFETY_NET = Duration.ofSeconds(20);

    private final Thread owner = Thread.currentThread();
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long now;
    private long sequence;
    /** Whether a background job runs now: its UI actions are queued, as they would be off the UI thread. */
    private boolean inBackground;

    private record Timer(long due, long seq, Runnable action, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    @Override
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(() -> {
            if (f.isDone()) {
                return; // cancelled before it ran
            }
            inBackground = true;
            try {
                f.complete(work.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            } finally {
                inBackground = false;
            }
        });
        return f;
    }

    /** Runs {@code action} at once on the test thread (the "UI thread") outside background work, else queues it. */
    @Override
    public void ui(Runnable action) {
        if (Thread.currentThread() == owner && !inBackground) {
            action.run();
        } else {
            queue.add(action);
        }
    }

    @Override
    public synchronized Scheduled schedule(Duration delay, Runnable action) {
        boolean[] cancelled = new boolean[1];
        timers.add(new Timer(now + Math.max(0, delay.toNanos()), sequence++, action, cancelled));
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Runs every queued job, and those they queue, on this thread; returns how many ran. */
    public int runPending() {
        checkThread();
        int n = 0;
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Moves the virtual clock by {@code d}, running each timer that falls due in order, and the jobs queued. */
    public void advance(Duration d) {
        checkThread();
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        runPending();
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due() > target) {
                    now = target;
                    break;
                }
                timers.poll();
                now = t.due();
                if (t.cancelled()[0]) {
                    continue;
                }
            }
            t.action().run();
            runPending();
        }
        runPending();
    }

    /** Whether a timer that has not been cancelled is waiting. */
    public synchronized boolean hasTimers() {
        return timers.stream().anyMatch(t -> !t.cancelled()[0]);
    }

    /**
     * Runs jobs as they arrive (waiting for the core to queue them) until {@code condition} holds. The
     * condition is checked after each job and, between jobs, every few milliseconds (it may read what the
     * core's threads buffer without queuing anything, such as streamed text that a view would pump per frame).
     *
     * @throws AssertionError when it still does not hold after the safety net's time
     */
    public void runUntil(BooleanSupplier condition) {
        checkThread();
        long deadline = System.nanoTime() + SAFETY_NET.toNanos();
        runPending();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within " + SAFETY_NET.toSeconds() + " s");
            }
            Runnable r;
            try {
                r = queue.poll(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
            if (r != null) {
                r.run();
                runPending();
            }
        }
    }

    /** Runs jobs until {@code future} is done; returns its value (or throws its failure, like {@code join}). */
    public <T> T await(CompletableFuture<T> future) {
        runUntil(future::isDone);
        return future.join();
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("drain the queue on the thread that created the executor");
        }
    }
}
