package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code ProviderError}. */
public class ProviderException extends LlmException {
    public ProviderException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public ProviderException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, false, null, null);
    }

    public ProviderException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "ProviderError";
    }

    @Override
    public String hint() {
        return retryable() ? "The provider had a temporary problem: try again, or add a fallback provider." : null;
    }
}
