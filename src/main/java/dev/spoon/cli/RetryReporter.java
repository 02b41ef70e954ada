package dev.spoon.cli;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.manager.CallListener;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Shows a call's retries and fallbacks while they happen (issue 14: "retries are silent"): a line on standard
 * error for each, such as {@code retrying openai in 7 s (attempt 2 of 4): RateLimitError (HTTP 429): Rate limit
 * reached}, and with {@code chat --stream --json} also a {@code {"type": "retry", ...}} or
 * {@code {"type": "fallback", ...}} line among the deltas ({@link LlmJson#retryEvent},
 * {@link LlmJson#fallbackEvent}). Called on the manager's threads; only prints.
 */
final class RetryReporter implements CallListener {
    private final PrintStream err;
    private final StreamPrinter jsonLines;
    private final String label;

    /**
     * @param jsonLines where the JSON event lines go, or null for standard error only
     * @param label     what the line is about, printed before it (a compare target), or null
     */
    RetryReporter(PrintStream err, StreamPrinter jsonLines, String label) {
        this.err = err;
        this.jsonLines = jsonLines;
        this.label = label;
    }

    @Override
    public void onRetry(String provider, int attempt, int maxAttempts, Duration delay, LlmException error) {
        err.println(prefix() + "retrying " + provider + " in " + LlmException.seconds(delay) + " (attempt " + attempt
                + " of " + maxAttempts + "): " + reason(error));
        if (jsonLines != null) {
            jsonLines.event(LlmJson.retryEvent(provider, attempt, maxAttempts, delay, error));
        }
    }

    @Override
    public void onFallback(String fromProvider, String toProvider, LlmException error) {
        err.println(prefix() + fromProvider + " failed, falling back to " + toProvider + ": " + reason(error));
        if (jsonLines != null) {
            jsonLines.event(LlmJson.fallbackEvent(fromProvider, toProvider, error));
        }
    }

    private String prefix() {
        return label == null ? "" : label + ": ";
    }

    /** The error line without the provider (the line names it) and without the wait (the line gives it). */
    private static String reason(LlmException e) {
        return LlmException.displayLine(e.errorType(), null, e.status(), e.displayMessage(), null);
    }
}
