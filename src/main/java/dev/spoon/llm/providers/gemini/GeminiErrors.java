package dev.spoon.llm.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.http.RetryAfter;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ProviderErrors.Kind;
import okhttp3.Headers;

import java.time.Duration;

/**
 * Google API error bodies ({@code {"error":{"code","message","status","details":[…]}}}, sometimes wrapped in
 * an array) → exceptions. {@code details[].reason = API_KEY_INVALID} is an authentication error even under
 * status 400; {@code UNAUTHENTICATED}/{@code PERMISSION_DENIED} too; {@code NOT_FOUND} is an unknown model;
 * {@code RESOURCE_EXHAUSTED} a rate limit whose wait comes from {@code RetryInfo.retryDelay} ("20s") unless a
 * {@code Retry-After} header says otherwise.
 */
final class GeminiErrors {
    private GeminiErrors() {
    }

    static LlmException fromResponse(String provider, int status, Headers headers, String body) {
        JsonNode root = Json.tryParse(body);
        if (root != null && root.isArray() && !root.isEmpty()) {
            root = root.get(0);
        }
        JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            return ProviderErrors.create(provider, status, ProviderErrors.snippet(body), null, null,
                    RetryAfter.fromHeaders(headers));
        }
        Duration wait = RetryAfter.fromHeaders(headers);
        if (wait == null) {
            wait = retryDelay(error);
        }
        return fromError(provider, status, error, wait);
    }

    /** An {@code {"error": …}} object, from an error response or inside a 200 stream. */
    static LlmException fromError(String provider, Integer status, JsonNode error, Duration wait) {
        String message = error.path("message").asText(null);
        Integer code = status != null ? status : error.path("code").isInt() ? error.path("code").asInt() : null;
        return ProviderErrors.create(provider, code, message, kind(error, message), null,
                wait != null ? wait : retryDelay(error));
    }

    private static Kind kind(JsonNode error, String message) {
        for (JsonNode d : error.path("details")) {
            String reason = d.path("reason").asText("");
            if (reason.startsWith("API_KEY_") || reason.equals("ACCESS_TOKEN_EXPIRED")) {
                return Kind.AUTHENTICATION;
            }
        }
        return switch (error.path("status").asText("")) {
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> Kind.AUTHENTICATION;
            case "NOT_FOUND" -> Kind.MODEL_NOT_FOUND;
            case "RESOURCE_EXHAUSTED" -> Kind.RATE_LIMIT;
            default -> ProviderErrors.mentionsContextLength(message) ? Kind.TOKEN_LIMIT : null;
        };
    }

    /** {@code RetryInfo.retryDelay} from the details, or null. */
    private static Duration retryDelay(JsonNode error) {
        for (JsonNode d : error.path("details")) {
            if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo") || d.has("retryDelay")) {
                Duration wait = RetryAfter.parseDuration(d.path("retryDelay").asText(null));
                if (wait != null) {
                    return wait;
                }
            }
        }
        return RetryAfter.fromMessage(error.path("message").asText(null));
    }
}
