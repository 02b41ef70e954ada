package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code RateLimitError}. */
public class RateLimitException extends ProviderException {
    public RateLimitException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public RateLimitException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, true, null, null);
    }

    public RateLimitException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "RateLimitError";
    }

    @Override
    public String hint() {
        return "Rate limited: wait" + (retryAfter() != null ? " " + retryAfter().toSeconds() + " s" : "") + " and retry, or configure retries and a fallback chain.";
    }
}
