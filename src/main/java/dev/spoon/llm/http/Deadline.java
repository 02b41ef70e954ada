package dev.spoon.llm.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The whole-call limit ({@code timeout_s}) of one OkHttp call: when it passes, the call is marked expired and
 * cancelled, so its failure is reported as a timeout naming the limit, never as the caller's cancellation.
 * One daemon timer thread ({@code spoon-http-deadlines}) serves every call; it only cancels calls.
 */
final class Deadline {
    private static final class Timer {
        static final ScheduledThreadPoolExecutor EXEC = newTimer();

        private static ScheduledThreadPoolExecutor newTimer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "spoon-http-deadlines");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }

    private final ScheduledFuture<?> task;
    private volatile boolean expired;

    private Deadline(Duration limit, okhttp3.Call call) {
        long nanos = Math.max(1, limit.toNanos());
        this.task = Timer.EXEC.schedule(() -> {
            expired = true;
            call.cancel();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Starts the clock of {@code call}: after {@code limit} (at least 1 ns) it expires and is cancelled. */
    static Deadline start(Duration limit, okhttp3.Call call) {
        return new Deadline(limit, call);
    }

    /** Whether the limit passed (and the call was cancelled for it). */
    boolean expired() {
        return expired;
    }

    /** The call ended: stops the clock. */
    void stop() {
        task.cancel(false);
    }
}
