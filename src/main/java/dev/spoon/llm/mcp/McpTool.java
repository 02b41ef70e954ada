package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

/**
 * A tool an MCP server offers ({@code tools/list}).
 *
 * @param server       the server's name
 * @param name         the tool's name on that server
 * @param title        a human title, or null
 * @param description  what it does, or null
 * @param inputSchema  the JSON Schema of its arguments (an object schema; {@code {"type":"object"}} when absent)
 * @param outputSchema the JSON Schema of its structured result, or null
 * @param annotations  the server's hints ({@code readOnlyHint}…), or null
 */
public record McpTool(String server, String name, String title, String description, JsonNode inputSchema,
                      JsonNode outputSchema, JsonNode annotations) {

    public McpTool {
        if (inputSchema == null || !inputSchema.isObject()) {
            inputSchema = Json.MAPPER.createObjectNode().put("type", "object");
        }
    }

    /** {@code {"name", "description", "input_schema"}} as {@code spoon mcp tools} prints it. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", name);
        if (title != null) {
            o.put("title", title);
        }
        o.put("description", description);
        o.set("input_schema", inputSchema);
        if (outputSchema != null) {
            o.set("output_schema", outputSchema);
        }
        return o;
    }
}
