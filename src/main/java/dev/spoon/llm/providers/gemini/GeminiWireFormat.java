package dev.spoon.llm.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code generateContent} format read back: request bodies (with their URL) by
 * {@link GeminiRequestParser}, stream events (one {@code GenerateContentResponse} each: text, thought and
 * {@code functionCall} parts).
 */
public final class GeminiWireFormat implements WireFormat {
    /** The one instance. */
    public static final GeminiWireFormat INSTANCE = new GeminiWireFormat();

    /** For the service loader ({@link dev.spoon.llm.WireFormat#named}); use {@link #INSTANCE}. */
    public GeminiWireFormat() {
    }

    @Override
    public String name() {
        return "gemini-generate-content";
    }

    @Override
    public WireRequest parseRequest(String body, String url) {
        return new WireRequest(GeminiRequestParser.parse(Json.tryParse(body), url), GeminiRequestParser.stream(url));
    }

    @Override
    public ResponseChunk readEvent(String event) {
        String data = WireFormat.eventData(event);
        JsonNode n = data.startsWith("{") ? Json.tryParse(data) : null;
        if (n == null) {
            return WireFormat.nothing();
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thought = new StringBuilder();
        List<ToolCallDelta> calls = new ArrayList<>();
        for (JsonNode p : n.path("candidates").path(0).path("content").path("parts")) {
            if (p.has("functionCall")) {
                JsonNode fc = p.get("functionCall");
                calls.add(new ToolCallDelta(calls.size(), fc.path("id").asText(null), fc.path("name").asText(null),
                        fc.path("args").toString(), p.path("thoughtSignature").asText(null)));
            } else if (p.path("text").isTextual()) {
                (p.path("thought").asBoolean(false) ? thought : text).append(p.get("text").asText());
            }
        }
        return new ResponseChunk(null, null, text.isEmpty() ? null : text.toString(),
                thought.isEmpty() ? null : thought.toString(), calls, null, null, null, 0);
    }
}
