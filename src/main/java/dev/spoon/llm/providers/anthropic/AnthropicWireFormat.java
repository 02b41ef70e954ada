package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.util.List;

/**
 * Anthropic's Messages format read back: request bodies by {@link AnthropicRequestParser} (the reader the
 * gateway uses too), stream events ({@code text_delta}, {@code thinking_delta}, {@code input_json_delta})
 * with {@link AnthropicWire}'s event record.
 */
public final class AnthropicWireFormat implements WireFormat {
    /** The one instance. */
    public static final AnthropicWireFormat INSTANCE = new AnthropicWireFormat();

    /** For the service loader ({@link dev.spoon.llm.WireFormat#named}); use {@link #INSTANCE}. */
    public AnthropicWireFormat() {
    }

    @Override
    public String name() {
        return "anthropic-messages";
    }

    @Override
    public WireRequest parseRequest(String body, String url) {
        JsonNode n = Json.tryParse(body);
        return new WireRequest(AnthropicRequestParser.parse(n), AnthropicRequestParser.stream(n));
    }

    @Override
    public ResponseChunk readEvent(String event) {
        String data = WireFormat.eventData(event);
        if (!data.startsWith("{")) {
            return WireFormat.nothing();
        }
        AnthropicWire.StreamEvent e;
        try {
            e = AnthropicWire.EVENT.readValue(data);
        } catch (IOException ex) {
            return WireFormat.nothing();
        }
        AnthropicWire.Delta d = e.delta();
        if (!"content_block_delta".equals(e.type()) || d == null) {
            AnthropicWire.Block b = e.contentBlock();
            if ("content_block_start".equals(e.type()) && b != null && "tool_use".equals(b.type())) {
                return chunk(null, null, List.of(new ToolCallDelta(index(e), b.id(), b.name(), null)));
            }
            return WireFormat.nothing();
        }
        return switch (d.type() == null ? "" : d.type()) {
            case "text_delta" -> chunk(d.text(), null, null);
            case "thinking_delta" -> chunk(null, d.thinking(), null);
            case "input_json_delta" -> chunk(null, null, List.of(new ToolCallDelta(index(e), null, null,
                    d.partialJson())));
            default -> WireFormat.nothing();
        };
    }

    private static int index(AnthropicWire.StreamEvent e) {
        return e.index() == null ? 0 : e.index();
    }

    private static ResponseChunk chunk(String text, String reasoning, List<ToolCallDelta> calls) {
        return new ResponseChunk(null, null, text, reasoning, calls, null, null, null, 0);
    }
}
