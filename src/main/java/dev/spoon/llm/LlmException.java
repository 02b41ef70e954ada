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

    /** A short hint about what the user can do next, or null. */
    public String hint() {
        return null;
    }
}
