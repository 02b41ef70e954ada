package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code AuthenticationError}. */
public class AuthenticationException extends ProviderException {
    private volatile String keyVariable;

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
        String var = keyVariable;
        return "Check the API key for " + provider() + ": "
                + (var != null ? "set " + var + ", put api_key in the configuration file" : "put api_key in its"
                + " configuration table") + ", or pass --api-key.";
    }

    @Override
    public String guiHint() {
        String var = keyVariable;
        return "Check the API key for " + provider() + " in the Providers pane"
                + (var != null ? " (or the " + var + " variable)." : ".");
    }

    /**
     * Names the environment variable the provider's key is read from ({@link ProviderConfig#keyVariable()}),
     * so the hint names the right one; null when it has none.
     */
    public AuthenticationException withKeyVariable(String variable) {
        this.keyVariable = variable;
        return this;
    }

    /** The environment variable the hint names, or null. */
    public String keyVariable() {
        return keyVariable;
    }
}
