package dev.spoon.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of the error hierarchy (the seed's {@code LLMError}). Every error carries the provider, the HTTP
 * status, the provider's own message, whether a retry may succeed, and how long to wait when known.
 *
 * <p>A stream that broke after delivering output carries what was received as {@link #partial()}.
 */
public class LlmException extends RuntimeException {
    private final String provider;
    private final Integer status;
    private final String providerMessage;
    private final boolean retryable;
    private final Duration retryAfter;
    private volatile LlmResponse partial;
    private final List<LlmException> previousAttempts = new ArrayList<>();

    public LlmException(String message, String provider, Integer status, String providerMessage,
                        boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.status = status;
        this.providerMessage = providerMessage;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public LlmException(String message, String provider) {
        this(message, provider, null, null, false, null, null);
    }

    /** The seed's name of this error type, as the CLI prints it ({@code RateLimitError}…). */
    public String errorType() {
        return "LLMError";
    }

    public String provider() {
        return provider;
    }

    public Integer status() {
        return status;
    }

    /** The provider's own error text (from its error body), or null when there was none. */
    public String providerMessage() {
        return providerMessage;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked us to wait (Retry-After, retry-after-ms, or a body hint), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public LlmResponse partial() {
        return partial;
    }

    public LlmException withPartial(LlmResponse response) {
        this.partial = response;
        return this;
    }

    /** Errors of earlier attempts (fallback chain), oldest first. */
    public List<LlmException> previousAttempts() {
        return List.copyOf(previousAttempts);
    }

    public LlmException withPreviousAttempts(List<LlmException> earlier) {
        previousAttempts.addAll(earlier);
        for (LlmException e : earlier) {
            addSuppressed(e);
        }
        return this;
    }

    /**
     * A short hint about what the user can do next, or null. Written for the command line and the
     * configuration file (it may name flags such as {@code --api-key} and variables); see {@link #guiHint()}.
     */
    public String hint() {
        return null;
    }

    /**
     * The same advice for someone in the workbench: it names panes and fields, never command-line flags.
     * Defaults to {@link #hint()} where the advice is the same.
     */
    public String guiHint() {
        return hint();
    }

    /** What a person reads as the error's text: the provider's own message when it sent one, else ours. */
    public String displayMessage() {
        return providerMessage != null ? providerMessage : getMessage();
    }

    /**
     * The heading of this error as shown to a person: {@code "RateLimitError (openai, HTTP 429)"}; see
     * {@link #displayTitle(String, String, Integer)}.
     */
    public String displayTitle() {
        return displayTitle(errorType(), provider, status);
    }

    /**
     * The one line that shows this error to a person, everywhere (CLI standard error, status lines, cards):
     * {@code "RateLimitError (openai, HTTP 429): Rate limit reached (retry after 7 s)"}. The hint is not part
     * of it; show {@link #hint()} on its own line.
     */
    public String displayLine() {
        return displayLine(errorType(), provider, status, displayMessage(), retryAfter);
    }

    /**
     * {@code "TYPE (PROVIDER, HTTP STATUS)"}; the parenthesis holds only the parts that are known, and is left
     * out when neither is. For errors known only by their parts (a debug-log record).
     */
    public static String displayTitle(String type, String provider, Integer status) {
        StringBuilder sb = new StringBuilder(type);
        if (provider != null || status != null) {
            sb.append(" (");
            if (provider != null) {
                sb.append(provider);
            }
            if (status != null) {
                sb.append(provider != null ? ", " : "").append("HTTP ").append(status);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /**
     * {@code "TYPE (PROVIDER, HTTP STATUS): MESSAGE (retry after N s)"}, each optional part left out when null;
     * for errors known only by their parts (a debug-log record).
     */
    public static String displayLine(String type, String provider, Integer status, String message,
                                     Duration retryAfter) {
        StringBuilder sb = new StringBuilder(displayTitle(type, provider, status)).append(": ").append(message);
        if (retryAfter != null) {
            sb.append(" (retry after ").append(seconds(retryAfter)).append(')');
        }
        return sb.toString();
    }

    /**
     * A wait as a person reads it: whole seconds when it is a whole number of seconds or 10 s and more
     * ({@code "7 s"}, {@code "13 s"}), else to a tenth ({@code "1.5 s"}, {@code "0.3 s"}, at least
     * {@code "0.1 s"} unless zero).
     */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        if (ms >= 9_950) {
            return Math.round(ms / 1000.0) + " s";
        }
        long tenths = Math.max(1, Math.round(ms / 100.0));
        return tenths % 10 == 0 ? tenths / 10 + " s" : tenths / 10 + "." + tenths % 10 + " s";
    }
}
