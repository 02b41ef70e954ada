package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

/**
 * What a {@code tools/call} returned.
 *
 * @param server            the server's name
 * @param tool              the tool's name on that server
 * @param isError           the tool reported a failure ({@code isError: true}); its content says why
 * @param content           the MCP content blocks as the server sent them ({@code text}, {@code image},
 *                          {@code audio}, {@code resource}, {@code resource_link})
 * @param structuredContent the structured result, or null
 * @param durationMs        from request to response
 */
public record McpCallResult(String server, String tool, boolean isError, ArrayNode content,
                            JsonNode structuredContent, long durationMs) {

    public McpCallResult {
        content = content == null ? Json.MAPPER.createArrayNode() : content;
    }

    /**
     * The result as text for a model's {@code tool} message: the text blocks, a resource's text, a short note
     * for binary blocks (an image's type and size), and the structured content when there is no text.
     */
    public String textForModel() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            String piece = switch (block.path("type").asText()) {
                case "text" -> block.path("text").asText();
                case "image", "audio" -> "[" + block.path("type").asText() + " " + block.path("mimeType").asText("")
                        + ", " + approximateBytes(block.path("data").asText("")) + " bytes]";
                case "resource" -> {
                    JsonNode r = block.path("resource");
                    yield r.has("text") ? r.path("text").asText() : "[resource " + r.path("uri").asText()
                            + " " + r.path("mimeType").asText("") + "]";
                }
                case "resource_link" -> "[resource link " + block.path("uri").asText() + "]";
                default -> block.toString();
            };
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(piece);
        }
        if (sb.isEmpty() && structuredContent != null && !structuredContent.isNull()) {
            sb.append(structuredContent);
        }
        return sb.toString();
    }

    private static long approximateBytes(String base64) {
        return base64.length() * 3L / 4;
    }

    /** {@code {"server", "tool", "is_error", "content", "structured_content"}} as {@code spoon mcp call} prints it. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("server", server);
        o.put("tool", tool);
        o.put("is_error", isError);
        o.set("content", content);
        o.set("structured_content", structuredContent == null ? Json.MAPPER.nullNode() : structuredContent);
        return o;
    }
}
