package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code ModelNotFoundError}. */
public class ModelNotFoundException extends ProviderException {
    public ModelNotFoundException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public ModelNotFoundException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, false, null, null);
    }

    public ModelNotFoundException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "ModelNotFoundError";
    }

    @Override
    public String hint() {
        return "Check the model name: list the available ones with \"spoon models -p " + provider() + "\".";
    }
}
