package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One JSON-RPC request with its response (or a notification) between the workbench and an MCP server, as the
 * debug log keeps it ({@code kind: "mcp"}).
 *
 * @param ts          when the request was sent (or received, for a request from the server)
 * @param server      the server's name
 * @param fromServer  the server sent the request (sampling, roots, ping) and we answered
 * @param id          the JSON-RPC id as text, or null for a notification
 * @param method      {@code tools/call}, {@code initialize}, {@code notifications/cancelled}…
 * @param params      the request's params, or null
 * @param result      the response's result, or null on error (and for notifications)
 * @param error       the JSON-RPC error object ({@code code}, {@code message}, {@code data}), or ours when no
 *                    response came ({@code {"message": "MCP server 'x' exited…"}}); null on success
 * @param durationMs  from request to response (0 for notifications)
 * @param callTag     what the request belonged to ({@code tools/call} made by a chat step…), or null
 */
public record McpExchange(Instant ts, String server, boolean fromServer, String id, String method, JsonNode params,
                          JsonNode result, JsonNode error, long durationMs, String callTag) {

    /** Whether this is a notification (no id, no response). */
    public boolean notification() {
        return id == null;
    }

    /** Whether a response came and it was not an error. */
    public boolean ok() {
        return error == null;
    }
}
