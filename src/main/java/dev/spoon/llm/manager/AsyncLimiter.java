package dev.spoon.llm.manager;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore that never blocks a thread: {@link #acquire()} returns a future that completes when a
 * permit is free; waiters are served first come, first served. Cancelling a waiting future removes it from
 * the queue. Thread-safe.
 */
final class AsyncLimiter {
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int limit;
    private int inUse;

    AsyncLimiter(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** A future completing when the caller holds a permit; it must then call {@link #release()} exactly once. */
    CompletableFuture<Void> acquire() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (inUse < limit && waiters.isEmpty()) {
                inUse++;
                f.complete(null);
                return f;
            }
            waiters.add(f);
        }
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    waiters.remove(f);
                }
            }
        });
        return f;
    }

    void release() {
        CompletableFuture<Void> next = null;
        synchronized (this) {
            while (!waiters.isEmpty() && inUse <= limit) {
                CompletableFuture<Void> w = waiters.poll();
                if (!w.isDone()) {
                    next = w;
                    break;
                }
            }
            if (next == null) {
                inUse--;
            }
        }
        if (next != null && !next.complete(null)) {
            release(); // cancelled in the meantime: pass the permit on
        }
    }

    /** Changes the number of permits; extra waiters are admitted at once. */
    void setLimit(int newLimit) {
        java.util.List<CompletableFuture<Void>> admit = new java.util.ArrayList<>();
        synchronized (this) {
            limit = Math.max(1, newLimit);
            while (inUse < limit && !waiters.isEmpty()) {
                CompletableFuture<Void> w = waiters.poll();
                if (!w.isDone()) {
                    inUse++;
                    admit.add(w);
                }
            }
        }
        for (CompletableFuture<Void> w : admit) {
            if (!w.complete(null)) {
                release();
            }
        }
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int queued() {
        return waiters.size();
    }
}
