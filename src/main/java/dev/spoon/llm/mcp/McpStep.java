package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

/**
 * One tool call of a chat run with MCP tools: the model's call, and what the server answered.
 *
 * @param callId     the model's tool-call id
 * @param arguments  the arguments as sent (a JSON object text)
 * @param result     the server's answer
 */
public record McpStep(String server, String tool, String callId, String arguments, McpCallResult result) {

    /** {@code {"server", "tool", "arguments", "is_error", "content", "duration_ms"}} of the result's {@code steps}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("server", server);
        o.put("tool", tool);
        o.put("arguments", arguments);
        o.put("is_error", result.isError());
        o.set("content", result.content());
        o.put("duration_ms", result.durationMs());
        return o;
    }

    /** The {@code {"type": "tool_call", ...}} line printed before the call when streaming JSON. */
    public static ObjectNode callLine(String server, String tool, String callId, String arguments) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "tool_call");
        o.put("server", server);
        o.put("tool", tool);
        o.put("id", callId);
        o.put("arguments", arguments);
        return o;
    }

    /** The {@code {"type": "tool_result", ...}} line printed after the call when streaming JSON. */
    public ObjectNode resultLine() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "tool_result");
        o.put("server", server);
        o.put("tool", tool);
        o.put("id", callId);
        o.put("is_error", result.isError());
        o.set("content", result.content());
        o.put("duration_ms", result.durationMs());
        return o;
    }

    /** The content blocks (never null). */
    public ArrayNode content() {
        return result.content();
    }
}
