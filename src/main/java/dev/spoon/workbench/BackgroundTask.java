package dev.spoon.workbench;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One piece of work the workbench does off the UI thread, the way the user sees it (JabRef's
 * {@code BackgroundTask}): the work, an optional time limit, progress and a message while it runs, cancel,
 * and what happens on the UI thread when it succeeds or fails, including showing the failure in a pane's
 * {@link StatusLine}. Every save, export, model list, health check and refresh of the workbench is one.
 *
 * <p>Two kinds of work:
 * <ul>
 *   <li>{@link #run}: a blocking step (disk, encoding) run on the executor's background pool; it may report
 *   progress and should stop when {@link Progress#isCancelled()} says so;</li>
 *   <li>{@link #call}: an asynchronous core call (a model list, a health check), started on the calling
 *   thread and composed, never waited for: no pool thread blocks on it.</li>
 * </ul>
 *
 * <p>A time limit ({@link #timeout}) runs on the executor's scheduler, so tests drive it with a virtual clock;
 * when it passes, the work is cancelled and the task fails with a {@link TimeoutException} whose message says
 * what took too long.
 *
 * <p>Thread rules: build and {@link TaskExecutor#execute execute} a task on the UI thread; its properties
 * change and its callbacks run on the UI thread. A task runs once.
 *
 * @param <T> the result
 */
public final class BackgroundTask<T> {

    /** Blocking work, run on a background thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /** What running work may tell the UI. Any thread; updates reach the UI at most once per UI turn. */
    public interface Progress {
        /**
         * @param fraction done so far, 0 to 1, or -1 when unknown
         * @param message  what is happening, or null to keep the current message
         */
        void update(double fraction, String message);

        /** Whether the task was cancelled: the work should stop soon. */
        boolean isCancelled();
    }

    private final String title;
    private final Work<T> work;
    private final Supplier<CompletableFuture<T>> start;
    private Duration timeout;
    private Consumer<? super T> onSuccess = r -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onFinished = () -> { };
    private StatusLine failureLine;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<double[]> pendingFraction = new AtomicReference<>();
    private final AtomicReference<String> pendingMessage = new AtomicReference<>();
    private final AtomicBoolean updateQueued = new AtomicBoolean();
    private volatile CompletableFuture<T> inner;
    private volatile CompletableFuture<T> outcome;

    private BackgroundTask(String title, Work<T> work, Supplier<CompletableFuture<T>> start) {
        this.title = Objects.requireNonNull(title);
        this.work = work;
        this.start = start;
    }

    /**
     * A blocking step run on the background pool.
     *
     * @param title what the task does, as a verb phrase ("save the conversation"): a failure reads
     *              "Could not save the conversation: …"
     */
    public static <T> BackgroundTask<T> run(String title, Work<T> work) {
        return new BackgroundTask<>(title, Objects.requireNonNull(work), null);
    }

    /**
     * An asynchronous call, started on the thread that executes the task and composed, never waited for.
     * A {@link RuntimeException} thrown by {@code start} fails the task like a failed future.
     *
     * @param title as for {@link #run}
     */
    public static <T> BackgroundTask<T> call(String title, Supplier<CompletableFuture<T>> start) {
        return new BackgroundTask<>(title, null, Objects.requireNonNull(start));
    }

    /** Fails the task with a {@link TimeoutException} (and cancels the work) when it runs longer than {@code limit}. */
    public BackgroundTask<T> timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** What to do with the result (UI thread). */
    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    /** What to do with a failure (UI thread); receives the cause, unwrapped; also called on cancellation. */
    public BackgroundTask<T> onFailure(Consumer<Throwable> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    /** Runs after the success or failure callbacks, whatever happened (UI thread). */
    public BackgroundTask<T> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    /**
     * Shows a failure in {@code line} as "Could not TITLE: what went wrong" (a cancellation is not shown),
     * after the {@link #onFailure} callback.
     */
    public BackgroundTask<T> showFailureIn(StatusLine line) {
        this.failureLine = line;
        return this;
    }

    /** The verb phrase given at creation. */
    public String title() {
        return title;
    }

    /**
     * Cancels the task: the work is asked to stop (an asynchronous call is cancelled, which aborts an HTTP
     * request), and the task ends with a {@link CancellationException}. Any thread; no effect once done.
     */
    public void cancel() {
        cancelled.set(true);
        CompletableFuture<T> f = inner;
        if (f != null) {
            f.cancel(true);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Whether the task started and has not finished yet. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Progress 0–1, or -1 when unknown or not running. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The work's latest message. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The outcome once executed (completes after the callbacks ran), else null. */
    public CompletableFuture<T> outcome() {
        return outcome;
    }

    /** Starts the task on {@code executor}; see {@link TaskExecutor#execute}. */
    CompletableFuture<T> start(TaskExecutor executor) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("task '" + title + "' was executed already");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        outcome = done;
        running.set(true);
        CompletableFuture<T> f;
        if (work != null) {
            Progress p = progressFor(executor);
            f = executor.submit(() -> {
                if (cancelled.get()) {
                    throw new CancellationException();
                }
                try {
                    return work.run(p);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
        } else {
            try {
                f = Objects.requireNonNull(start.get(), "the call returned no future");
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
        }
        inner = f;
        if (cancelled.get()) {
            f.cancel(true);
        }
        CompletableFuture<T> limited = f;
        if (timeout != null) {
            limited = new CompletableFuture<>();
            CompletableFuture<T> target = limited;
            f.whenComplete((r, e) -> {
                if (e == null) {
                    target.complete(r);
                } else {
                    target.completeExceptionally(e);
                }
            });
            TaskExecutor.Scheduled timer = executor.schedule(timeout, () -> {
                if (target.completeExceptionally(new TimeoutException("no answer within " + seconds(timeout)))) {
                    inner.cancel(true);
                }
            });
            target.whenComplete((r, e) -> timer.cancel());
        }
        limited.whenComplete((r, e) -> executor.ui(() -> finish(r, e, done)));
        return done;
    }

    private void finish(T result, Throwable error, CompletableFuture<T> done) {
        running.set(false);
        progress.set(-1);
        Throwable failure = null;
        try {
            if (error == null) {
                onSuccess.accept(result);
            } else {
                failure = FailureText.cause(error);
                onFailure.accept(failure);
                if (failureLine != null && !(failure instanceof CancellationException)) {
                    failureLine.error("Could not " + title + ": " + FailureText.of(failure));
                }
            }
            onFinished.run();
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            throw e;
        }
        if (failure == null) {
            done.complete(result);
        } else {
            done.completeExceptionally(failure);
        }
    }

    private Progress progressFor(TaskExecutor executor) {
        return new Progress() {
            @Override
            public void update(double fraction, String text) {
                pendingFraction.set(new double[]{fraction});
                if (text != null) {
                    pendingMessage.set(text);
                }
                if (updateQueued.compareAndSet(false, true)) {
                    executor.ui(() -> {
                        updateQueued.set(false);
                        double[] fr = pendingFraction.getAndSet(null);
                        String m = pendingMessage.getAndSet(null);
                        if (running.get()) {
                            if (fr != null) {
                                progress.set(fr[0]);
                            }
                            if (m != null) {
                                message.set(m);
                            }
                        }
                    });
                }
            }

            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }
        };
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
