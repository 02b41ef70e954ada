package dev.spoon.llm;

import java.time.Duration;

/** The seed's {@code TokenLimitError}. */
public class TokenLimitException extends ProviderException {
    public TokenLimitException(String message, String provider, Integer status, String providerMessage,
              boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, provider, status, providerMessage, retryable, retryAfter, cause);
    }

    public TokenLimitException(String message, String provider, Integer status, String providerMessage) {
        super(message, provider, status, providerMessage, false, null, null);
    }

    public TokenLimitException(String message, String provider) {
        this(message, provider, null, null);
    }

    @Override
    public String errorType() {
        return "TokenLimitError";
    }

    @Override
    public String hint() {
        return "The conversation is too long for this model: shorten it, lower max_tokens, or pick a model with a larger context.";
    }
}
