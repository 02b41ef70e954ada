package dev.spoon.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a request the gateway refused before any provider saw it (wrong route, missing token, too large,
 * malformed JSON, a body the format's parser rejects) into the debug log, so an app's broken calls show in the
 * Logs pane beside its good ones: provider {@code gateway}, the client's body (scrubbed by the logger like any
 * other) and the error answered. The client's credentials are never recorded: of its headers only
 * {@code User-Agent} and {@code Content-Type} are kept.
 */
final class Refusals {
    private Refusals() {
    }

    static void record(DebugLogger log, Request request, ClientFormat format, int status, String message,
                       byte[] body, String answer, long startNanos) {
        if (log == null || !log.isEnabled()) {
            return;
        }
        String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
        JsonNode parsed = text == null ? null : Json.tryParse(text);
        String model = parsed != null && parsed.path("model").isTextual() ? parsed.path("model").asText() : null;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader h : List.of(HttpHeader.USER_AGENT, HttpHeader.CONTENT_TYPE)) {
            String v = request.getHeaders().get(h);
            if (v != null) {
                headers.put(h.asString(), List.of(v));
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("origin", "gateway");
        tags.put(DebugRecord.USER_AGENT_TAG, GatewayHandler.clientOf(request));
        tags.put("gateway_format", format.name());
        log.record(DebugRecord.builder().origin(DebugRecord.Origin.GATEWAY).provider("gateway").model(model)
                .method(request.getMethod()).endpoint(request.getHttpURI().asString())
                .stream(parsed != null && parsed.path("stream").asBoolean(false)).status(status)
                .durationMs((System.nanoTime() - startNanos) / 1_000_000).requestHeaders(headers).requestBody(text)
                .responseHeaders(Map.of("Content-Type", List.of("application/json"))).responseBody(answer)
                .error(type(status), status, message).tags(tags).build());
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "AuthenticationError";
            case 404, 405 -> "NotFoundError";
            case 413 -> "RequestTooLargeError";
            default -> "InvalidRequestError";
        };
    }
}
