package dev.spoon.workbench;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.manager.CallListener;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the manager does for one call while the user waits, as one live line for the answer card or column:
 * each retry with a countdown ("rate limited by mystub, retrying in 7 s (attempt 2 of 4)", then 6 s, 5 s…,
 * then "retrying mystub now (attempt 2 of 4)…") and each fallback ("mystub failed (ProviderError 503),
 * falling back to anthropic"). Pass it to the manager's call as its {@link CallListener}.
 *
 * <p>Thread rules: the manager calls the listener methods on its own threads; they only hand the event to the
 * UI thread. Everything else, and the property, is UI-thread only. The countdown runs on the executor's
 * scheduler (a virtual clock in tests).
 */
public final class CallNotice implements CallListener {
    private static final long SECOND = 1_000_000_000L;

    private final TaskExecutor executor;
    private final Consumer<String> changed;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final List<String> events = new ArrayList<>();
    private TaskExecutor.Scheduled tick;
    private boolean ended;
    /** Whether the line announces a retry ("retrying in…", "retrying now…"), not a fallback. */
    private boolean retrying;

    /** @param changed called on the UI thread with each new text (a view redraws the line) */
    public CallNotice(TaskExecutor executor, Consumer<String> changed) {
        this.executor = executor;
        this.changed = changed == null ? line -> { } : changed;
    }

    @Override
    public void onRetry(String provider, int attempt, int maxAttempts, Duration delay, LlmException error) {
        executor.ui(() -> {
            if (ended) {
                return;
            }
            String reason = reason(provider, error);
            events.add(reason + ", retried after " + LlmException.seconds(delay) + " (attempt " + attempt + " of "
                    + maxAttempts + ")");
            countdown(reason, provider, attempt, maxAttempts, executor.nanoTime() + delay.toNanos());
        });
    }

    @Override
    public void onFallback(String fromProvider, String toProvider, LlmException error) {
        executor.ui(() -> {
            if (ended) {
                return;
            }
            stopTicking();
            retrying = false;
            String line = reason(fromProvider, error) + ", falling back to " + toProvider;
            events.add(line);
            show(line);
        });
    }

    /**
     * The call ended: no more countdown. A line that still announced a retry says it in the past, as the
     * events do ("no answer from ollama, retried after 1 s (attempt 4 of 4)"); a fallback line stays. UI thread.
     */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        stopTicking();
        if (retrying) {
            show(events.get(events.size() - 1)); // "…, retried after 7 s (attempt 2 of 4)"
        }
    }

    /** The line as it is now ("" before anything happened). */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** Every retry and fallback of the call so far, one line each, oldest first. */
    public List<String> events() {
        return List.copyOf(events);
    }

    private void countdown(String reason, String provider, int attempt, int maxAttempts, long deadline) {
        stopTicking();
        retrying = true;
        long left = deadline - executor.nanoTime();
        String of = "(attempt " + attempt + " of " + maxAttempts + ")";
        if (left <= 0) {
            show("retrying " + provider + " now " + of + "\u2026");
            return;
        }
        long seconds = (left + SECOND - 1) / SECOND;
        show(reason + ", retrying in " + seconds + " s " + of);
        // the next tick when the whole seconds left drop by one
        long next = left - (seconds - 1) * SECOND;
        tick = executor.schedule(Duration.ofNanos(next), () -> {
            if (!ended) {
                countdown(reason, provider, attempt, maxAttempts, deadline);
            }
        });
    }

    private void show(String line) {
        text.set(line);
        changed.accept(line);
    }

    private void stopTicking() {
        if (tick != null) {
            tick.cancel();
            tick = null;
        }
    }

    /** Why a provider is being retried or left, in a few words. */
    static String reason(String provider, LlmException e) {
        if (e instanceof RateLimitException) {
            return "rate limited by " + provider;
        }
        if (e instanceof NetworkException) {
            return "no answer from " + provider;
        }
        return provider + " failed (" + e.errorType() + (e.status() == null ? "" : " " + e.status()) + ")";
    }
}
