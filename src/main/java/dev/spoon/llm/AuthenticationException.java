package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code AuthenticationError}. */
public class AuthenticationException extends ProviderException {
    public AuthenticationException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public AuthenticationException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, false, null, null);
    }

    public AuthenticationException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "AuthenticationError";
    }

    @Override
    public String hint() {
        return "Check the API key for " + provider() + " (Providers pane, the " + provider().toUpperCase(java.util.Locale.ROOT) + "_API_KEY variable, or --api-key).";
    }
}
