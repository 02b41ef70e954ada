package dev.spoon.llm.providers;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.TokenLimitException;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The error classification every provider shares (DESIGN.md "CLI contract"): the HTTP status decides,
 * unless the provider's own error code or message says more (an invalid key inside a 400, a context-length
 * error inside a 400). Each provider's {@code XxxErrors} reads its body format and calls {@link #create}.
 */
public final class ProviderErrors {

    /** The error classes of the contract. */
    public enum Kind { AUTHENTICATION, MODEL_NOT_FOUND, TOKEN_LIMIT, RATE_LIMIT, PROVIDER }

    private static final Pattern CONTEXT = Pattern.compile(
            "context[ _-]length|context window|maximum context|prompt is too long|too many tokens"
                    + "|exceeds the maximum number of tokens|input token count|tokens? limit exceeded"
                    + "|reduce the length of the messages|string too long", Pattern.CASE_INSENSITIVE);
    private static final Pattern BAD_KEY = Pattern.compile(
            "invalid[ _-]api[ _-]key|incorrect api key|api key not valid|invalid x-api-key|authentication fails"
                    + "|no auth credentials|unauthorized", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNKNOWN_MODEL = Pattern.compile(
            "model[^.]{0,80}(does not exist|not found|not exist|unknown|is not supported|not a valid model)"
                    + "|unknown model|invalid model|no such model|model_not_found|is not a valid model id"
                    + "|no endpoints found", Pattern.CASE_INSENSITIVE);

    private ProviderErrors() {
    }

    /** The class a status alone implies, refined by the provider's message when the status is generic. */
    public static Kind kindOf(int status, String message) {
        String m = message == null ? "" : message;
        if (status == 429) {
            return Kind.RATE_LIMIT;
        }
        if (status == 401 || status == 403) {
            return Kind.AUTHENTICATION;
        }
        if (status == 404) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (status == 413 || (status < 500 && CONTEXT.matcher(m).find())) {
            return Kind.TOKEN_LIMIT;
        }
        if (status < 500 && BAD_KEY.matcher(m).find()) {
            return Kind.AUTHENTICATION;
        }
        if (status < 500 && UNKNOWN_MODEL.matcher(m).find()) {
            return Kind.MODEL_NOT_FOUND;
        }
        return Kind.PROVIDER;
    }

    /** Whether a retry may succeed for this status (408, 409, 425, 429, 5xx incl. 529 overloaded). */
    public static boolean retryableStatus(Integer status) {
        return status != null && (status == 408 || status == 409 || status == 425 || status == 429 || status >= 500);
    }

    /**
     * The exception of class {@code kind} (or, when null, {@link #kindOf}).
     *
     * @param status          the HTTP status (or the error's own code inside a stream); may be null
     * @param providerMessage the provider's own message, kept unchanged; may be null
     * @param retryable       overrides the default (rate limits and retryable statuses), or null
     */
    public static LlmException create(String provider, Integer status, String providerMessage, Kind kind,
                                      Boolean retryable, Duration retryAfter) {
        Kind k = kind != null ? kind : status == null ? Kind.PROVIDER : kindOf(status, providerMessage);
        boolean retry = retryable != null ? retryable
                : k == Kind.RATE_LIMIT || (k == Kind.PROVIDER && retryableStatus(status));
        String msg = providerMessage != null && !providerMessage.isBlank() ? providerMessage
                : status != null ? "HTTP " + status + " from " + provider : "error from " + provider;
        return switch (k) {
            case AUTHENTICATION -> new AuthenticationException(msg, provider, status, providerMessage, false,
                    retryAfter, null);
            case MODEL_NOT_FOUND -> new ModelNotFoundException(msg, provider, status, providerMessage, false,
                    retryAfter, null);
            case TOKEN_LIMIT -> new TokenLimitException(msg, provider, status, providerMessage, false, retryAfter,
                    null);
            case RATE_LIMIT -> new RateLimitException(msg, provider, status, providerMessage, retry, retryAfter,
                    null);
            case PROVIDER -> new ProviderException(msg, provider, status, providerMessage, retry, retryAfter, null);
        };
    }

    /** A non-JSON error body as a message: trimmed, at most 500 characters, or null when blank. */
    public static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String t = body.strip();
        return t.length() <= 500 ? t : t.substring(0, 500) + "…";
    }

    /** A 200 answer whose body could not be read ({@code what}: "response", "stream event"…). */
    public static ProviderException malformed(String provider, String what, Exception cause) {
        String detail = cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                ? jpe.getOriginalMessage() : cause.getMessage();
        return new ProviderException("malformed " + what + " from " + provider + ": " + detail, provider, 200, null,
                false, null, cause);
    }

    /** Whether {@code text} looks like a context-length error. */
    public static boolean mentionsContextLength(String text) {
        return text != null && CONTEXT.matcher(text).find();
    }
}
