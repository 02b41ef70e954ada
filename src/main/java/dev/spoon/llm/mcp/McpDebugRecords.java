package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns MCP traffic into debug-log records ({@link DebugRecord.Kind#MCP}): one per JSON-RPC request/response
 * pair and one per notification. The record's provider is the server's name, its method the JSON-RPC method, its
 * endpoint {@code mcp://SERVER/METHOD}, its request and response bodies the JSON-RPC messages as they were
 * on the wire (request with {@code params}; response with {@code result} or {@code error}).
 */
public final class McpDebugRecords {
    private static final AtomicLong SEQ = new AtomicLong();

    private McpDebugRecords() {
    }

    /** A traffic sink that records into {@code log} (nothing when {@code log} is null). */
    public static Consumer<McpExchange> into(DebugLogger log, String origin) {
        if (log == null) {
            return e -> { };
        }
        return e -> log.record(record(e, origin));
    }

    /** The record of one exchange. */
    public static DebugRecord record(McpExchange e, String origin) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        if (e.id() != null) {
            request.put("id", e.id());
        }
        request.put("method", e.method());
        if (e.params() != null) {
            request.set("params", e.params());
        }
        String responseBody = null;
        if (!e.notification()) {
            ObjectNode response = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", e.id());
            if (e.error() != null) {
                response.set("error", e.error());
            } else {
                response.set("result", e.result() == null ? Json.MAPPER.nullNode() : e.result());
            }
            responseBody = response.toString();
        }
        DebugRecord.ErrorInfo error = e.error() == null ? null : new DebugRecord.ErrorInfo("McpError", null,
                e.error().path("code").isMissingNode() ? e.error().path("message").asText()
                        : "JSON-RPC error " + e.error().path("code").asInt() + ": " + e.error().path("message")
                        .asText());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("origin", origin);
        tags.put("server", e.server());
        tags.put("direction", e.fromServer() ? "server_to_client" : "client_to_server");
        if (e.notification()) {
            tags.put("notification", "true");
        }
        if (e.callTag() != null) {
            tags.put("call", e.callTag());
        }
        boolean cancelled = e.error() != null && e.error().path("message").asText().startsWith("cancelled");
        return DebugRecord.mcp(e.server(), e.method()).ts(e.ts())
                .requestId("mcp_" + Long.toString(System.currentTimeMillis(), 36) + "_" + SEQ.incrementAndGet())
                .origin(DebugRecord.Origin.parse(origin)).endpoint("mcp://" + e.server() + "/" + e.method())
                .durationMs(e.durationMs()).requestBody(request.toString()).responseBody(responseBody)
                .error(cancelled ? null : error).tags(tags).cancelled(cancelled).build();
    }
}
