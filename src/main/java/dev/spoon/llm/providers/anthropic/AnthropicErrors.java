package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.http.RetryAfter;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ProviderErrors.Kind;
import okhttp3.Headers;

/**
 * Anthropic error bodies ({@code {"type":"error","error":{"type","message"}}}) → exceptions, by the error's
 * type first: {@code authentication_error}/{@code permission_error} → authentication, {@code not_found_error}
 * → model not found, {@code rate_limit_error} → rate limit, {@code overloaded_error} (529) and
 * {@code api_error} → retryable provider errors, {@code request_too_large} and "prompt is too long" → token
 * limit. The {@code x-should-retry} header, when present, decides whether a retry may help.
 */
final class AnthropicErrors {
    private AnthropicErrors() {
    }

    static LlmException fromResponse(String provider, int status, Headers headers, String body) {
        JsonNode root = Json.tryParse(body);
        JsonNode error = root == null ? null : root.get("error");
        String type = error == null ? null : error.path("type").asText(null);
        String message = error == null ? null : error.path("message").asText(null);
        if (message == null) {
            message = ProviderErrors.snippet(body);
        }
        String shouldRetry = headers.get("x-should-retry");
        Boolean retry = shouldRetry == null ? null : Boolean.valueOf(shouldRetry.trim());
        return ProviderErrors.create(provider, status, message, kind(type, message), retry,
                RetryAfter.fromHeaders(headers));
    }

    /** An {@code event: error} inside a 200 stream. */
    static LlmException fromStreamError(String provider, String type, String message) {
        Integer status = switch (type == null ? "" : type) {
            case "overloaded_error" -> 529;
            case "api_error" -> 500;
            case "rate_limit_error" -> 429;
            default -> null;
        };
        Kind kind = kind(type, message);
        return ProviderErrors.create(provider, status, message, kind == null && status == null ? Kind.PROVIDER : kind,
                null, null);
    }

    private static Kind kind(String type, String message) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "authentication_error", "permission_error" -> Kind.AUTHENTICATION;
            case "not_found_error" -> Kind.MODEL_NOT_FOUND;
            case "rate_limit_error" -> Kind.RATE_LIMIT;
            case "request_too_large" -> Kind.TOKEN_LIMIT;
            case "overloaded_error", "api_error", "billing_error" -> Kind.PROVIDER;
            default -> ProviderErrors.mentionsContextLength(message) ? Kind.TOKEN_LIMIT : null;
        };
    }
}
