package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ResponseAssembler;

import java.nio.charset.StandardCharsets;

/**
 * OpenAI's Chat Completions format read back, as OpenAI, the compatible servers and the simulator speak it:
 * request bodies by {@link OpenAiRequestParser} (a Responses API body, sent with {@code api = "responses"}, by
 * {@link ResponsesRequestParser}), {@code chat.completion.chunk} events by {@link OpenAiChunkReader} (the same
 * readers the gateway and the provider use).
 */
public final class OpenAiWireFormat implements WireFormat {
    /** The one instance. */
    public static final OpenAiWireFormat INSTANCE = new OpenAiWireFormat();

    /** For the service loader ({@link dev.spoon.llm.WireFormat#named}); use {@link #INSTANCE}. */
    public OpenAiWireFormat() {
    }

    @Override
    public String name() {
        return "openai-chat";
    }

    @Override
    public WireRequest parseRequest(String body, String url) {
        JsonNode n = Json.tryParse(body);
        if (ResponsesRequestParser.accepts(n)) {
            return new WireRequest(ResponsesRequestParser.parse(n), OpenAiRequestParser.stream(n));
        }
        return new WireRequest(OpenAiRequestParser.parse(n), OpenAiRequestParser.stream(n));
    }

    @Override
    public ResponseChunk readEvent(String event) {
        String data = WireFormat.eventData(event);
        if (!data.startsWith("{")) {
            return WireFormat.nothing(); // [DONE], comments
        }
        try {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            return OpenAiChunkReader.read("log", bytes, 0, bytes.length, 0, new ResponseAssembler("log", null));
        } catch (LlmException e) {
            return WireFormat.nothing();
        }
    }
}
