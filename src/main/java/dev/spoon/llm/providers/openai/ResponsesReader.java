package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ResponseAssembler;
import dev.spoon.llm.providers.openai.ResponsesWire.OutputItem;
import dev.spoon.llm.providers.openai.ResponsesWire.Part;
import dev.spoon.llm.providers.openai.ResponsesWire.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole Responses API answer (a {@code response} object) into the normalized {@link LlmResponse}:
 * the text of {@code message} items ({@code output_text}, or a {@code refusal}), the summaries of
 * {@code reasoning} items as reasoning (parts separated by a blank line, as {@link ResponsesStream} does),
 * {@code function_call} items as tool calls with their {@code call_id}, usage, and the finish reason from
 * {@code status} and {@code incomplete_details}. A {@code failed} response throws its error. Item types the
 * normalized answer has no place for (web search calls, images…) are skipped.
 */
final class ResponsesReader {
    /** Between two reasoning summary parts. */
    static final String PART_SEPARATOR = "\n\n";

    private ResponsesReader() {
    }

    /**
     * @throws LlmException the response's error when it failed, or a {@code ProviderException} for a body that
     *                      is not a response object
     */
    static LlmResponse parse(String provider, String model, String body) {
        Response r;
        try {
            r = ResponsesWire.RESPONSE.readValue(body);
        } catch (IOException e) {
            throw ProviderErrors.malformed(provider, "response", e);
        }
        if ("failed".equals(r.status()) || (r.output() == null && r.error() != null && r.error().isObject())) {
            throw failure(provider, r.error());
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ToolCallDelta> calls = new ArrayList<>();
        for (OutputItem item : r.output() == null ? List.<OutputItem>of() : r.output()) {
            switch (item.type() == null ? "" : item.type()) {
                case "message" -> parts(item.content(), text, "");
                case "reasoning" -> parts(item.summary() != null && !item.summary().isEmpty() ? item.summary()
                        : item.content(), reasoning, PART_SEPARATOR);
                case "function_call" -> calls.add(new ToolCallDelta(calls.size(), item.callId(), item.name(),
                        item.arguments()));
                default -> { } // built-in tool calls, images, MCP items: not part of the normalized answer
            }
        }
        return ResponseAssembler.whole(provider, model, new ResponseChunk(r.id(), r.model(), text.toString(),
                reasoning.isEmpty() ? null : reasoning.toString(), calls, ResponsesWire.usage(r.usage()),
                ResponsesWire.finish(r), ResponsesWire.nativeFinish(r), 0));
    }

    private static void parts(List<Part> parts, StringBuilder out, String separator) {
        if (parts == null) {
            return;
        }
        for (Part p : parts) {
            if (!out.isEmpty()) {
                out.append(separator);
            }
            out.append(p.shown());
        }
    }

    /**
     * The exception for a failed response's {@code error} ({@code {"code", "message"}}) or an {@code error}
     * stream event, classified as OpenAI's errors are ({@code rate_limit_exceeded}, {@code server_error}…).
     */
    static LlmException failure(String provider, JsonNode error) {
        if (error == null || !error.isObject()) {
            return OpenAiErrors.fromStreamError(provider, Json.MAPPER.createObjectNode()
                    .put("message", "the response failed without an error message"));
        }
        JsonNode nested = error.get("error");
        return OpenAiErrors.fromStreamError(provider, nested != null && nested.isObject() ? nested : error);
    }
}
