package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code NetworkError}. */
public class NetworkException extends LlmException {
    public NetworkException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public NetworkException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, true, null, null);
    }

    public NetworkException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "NetworkError";
    }

    @Override
    public String hint() {
        return "Could not reach " + provider() + ": check the base URL, proxy and network connection.";
    }
}
