package dev.spoon.workbench;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs an action once a burst of triggers has been quiet for a while (a filter as the user types, a refresh
 * after a flurry of changes). Made by {@link TaskExecutor#debounce}; the action runs on the UI thread.
 *
 * <p>Thread rules: UI thread only.
 */
public final class Debouncer {
    private final TaskExecutor executor;
    private final Duration quiet;
    private final Runnable action;
    private TaskExecutor.Scheduled pending;

    Debouncer(TaskExecutor executor, Duration quiet, Runnable action) {
        this.executor = Objects.requireNonNull(executor);
        this.quiet = Objects.requireNonNull(quiet);
        this.action = Objects.requireNonNull(action);
    }

    /** (Re)starts the quiet period; the action runs when it ends without another trigger. */
    public void trigger() {
        cancel();
        TaskExecutor.Scheduled[] self = new TaskExecutor.Scheduled[1];
        self[0] = executor.schedule(quiet, () -> {
            if (pending == self[0]) {
                pending = null;
                action.run();
            }
        });
        pending = self[0];
    }

    /** Runs a pending action now instead of at the end of the quiet period; nothing when none is pending. */
    public void flush() {
        if (pending != null) {
            cancel();
            action.run();
        }
    }

    /** Drops a pending action. */
    public void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** Whether an action waits for the quiet period to end. */
    public boolean isPending() {
        return pending != null;
    }
}
