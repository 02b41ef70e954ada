package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.http.RetryAfter;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ProviderErrors.Kind;
import okhttp3.Headers;

import java.time.Duration;
import java.util.Locale;

/**
 * Error bodies of OpenAI-compatible servers → exceptions. Understands OpenAI's
 * {@code {"error":{"message","type","code"}}}, OpenRouter's numeric {@code code} and {@code metadata.raw},
 * Ollama's and LM Studio's {@code {"error":"text"}}, and {@code {"detail": ...}} / {@code {"message": ...}}
 * bodies of other servers. Retry hints come from {@code retry-after-ms}, {@code Retry-After}, or the message
 * ("Please try again in 20s").
 */
final class OpenAiErrors {
    private OpenAiErrors() {
    }

    /** The exception for an HTTP error response. */
    static LlmException fromResponse(String provider, int status, Headers headers, String body) {
        JsonNode root = Json.tryParse(body);
        JsonNode error = root == null ? null : root.get("error");
        String message = message(root, error);
        if (message == null) {
            message = ProviderErrors.snippet(body);
        }
        Duration retryAfter = RetryAfter.fromHeaders(headers);
        if (retryAfter == null) {
            retryAfter = RetryAfter.fromMessage(message);
        }
        return ProviderErrors.create(provider, status, message, kind(status, error), retryable(status, error),
                retryAfter);
    }

    /**
     * The exception for an error delivered inside a 200 stream ({@code data: {"error": {...}}}); its status is
     * the error's numeric code when it has one.
     */
    static LlmException fromStreamError(String provider, JsonNode error) {
        String message = message(null, error);
        JsonNode code = error.path("code");
        Integer status = code.isInt() ? Integer.valueOf(code.asInt()) : null;
        Kind kind = kind(status == null ? 0 : status, error);
        if (kind == null && status == null) {
            kind = ProviderErrors.mentionsContextLength(message) ? Kind.TOKEN_LIMIT : Kind.PROVIDER;
        }
        Boolean retry = retryable(status == null ? 0 : status, error);
        if (retry == null && status == null) {
            retry = typeOrCode(error).contains("server_error") || typeOrCode(error).contains("overloaded");
        }
        return ProviderErrors.create(provider, status, message == null ? "the stream reported an error" : message,
                kind, retry, RetryAfter.fromMessage(message));
    }

    private static String message(JsonNode root, JsonNode error) {
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        if (error != null && error.isObject()) {
            String m = error.path("message").asText(null);
            JsonNode raw = error.path("metadata").path("raw");
            if (raw.isTextual() && !raw.asText().isBlank() && (m == null || m.equals("Provider returned error"))) {
                // OpenRouter: the upstream provider's own message
                return m == null ? raw.asText() : m + ": " + raw.asText();
            }
            return m;
        }
        if (root != null && root.isObject()) {
            for (String f : new String[]{"message", "detail", "error_message"}) {
                JsonNode n = root.get(f);
                if (n != null && !n.isNull()) {
                    return n.isTextual() ? n.asText() : n.toString();
                }
            }
        }
        return null;
    }

    private static String typeOrCode(JsonNode error) {
        if (error == null || !error.isObject()) {
            return "";
        }
        return (error.path("code").asText("") + " " + error.path("type").asText("")).toLowerCase(Locale.ROOT);
    }

    /** The class the error's code or type names, or null to decide from status and message. */
    private static Kind kind(int status, JsonNode error) {
        String c = typeOrCode(error);
        if (status == 429 || c.contains("rate_limit")) {
            return Kind.RATE_LIMIT;
        }
        if (c.contains("invalid_api_key") || c.contains("authentication") || c.contains("invalid_authentication")
                || c.contains("permission")) {
            return Kind.AUTHENTICATION;
        }
        if (c.contains("context_length_exceeded") || c.contains("string_above_max_length")) {
            return Kind.TOKEN_LIMIT;
        }
        if (c.contains("model_not_found")) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (c.contains("insufficient_quota")) {
            return Kind.RATE_LIMIT;
        }
        return null;
    }

    /** An exhausted quota is reported as 429 but retrying cannot help; otherwise the default applies. */
    private static Boolean retryable(int status, JsonNode error) {
        return typeOrCode(error).contains("insufficient_quota") ? Boolean.FALSE : null;
    }
}
