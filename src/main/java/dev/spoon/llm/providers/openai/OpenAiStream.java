package dev.spoon.llm.providers.openai;

import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.http.Json;
import dev.spoon.llm.http.SseDecoder;
import dev.spoon.llm.providers.ChunkStream;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.openai.OpenAiWire.Choice;
import dev.spoon.llm.providers.openai.OpenAiWire.Completion;
import dev.spoon.llm.providers.openai.OpenAiWire.ResponseMessage;
import dev.spoon.llm.providers.openai.OpenAiWire.ResponseToolCall;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a streamed chat completion: one {@code chat.completion.chunk} per event, {@code [DONE]} at the end.
 * Handles reasoning deltas, tool-call fragments per index, the final usage chunk with empty {@code choices},
 * SSE comments (by the decoder) and {@code {"error": ...}} events inside a 200 stream, which end the stream
 * with the provider's message.
 */
public final class OpenAiStream extends ChunkStream {
    private final String provider;

    /**
     * A reader for one stream of provider instance {@code provider}; chunks go to {@code handler} (may be
     * null). Public for tools that replay recorded streams (and the decoder benchmark).
     */
    public OpenAiStream(String provider, String model, StreamHandler handler) {
        super(provider, model, handler);
        this.provider = provider;
    }

    @Override
    public void onEvent(String name, byte[] data, int length, long arrivalNanos) {
        if (SseDecoder.isDone(data, length)) {
            markDone();
            return;
        }
        Completion c;
        try {
            c = OpenAiWire.COMPLETION.readValue(data, 0, length);
        } catch (IOException e) {
            throw ProviderErrors.malformed(provider, "stream event", e);
        }
        if (c.error() != null && !c.error().isNull()) {
            throw OpenAiErrors.fromStreamError(provider, c.error().isObject() ? c.error()
                    : Json.MAPPER.createObjectNode().put("message", c.error().asText()));
        }
        if ("error".equals(name)) {
            throw OpenAiErrors.fromStreamError(provider, Json.MAPPER.createObjectNode().put("message",
                    new String(data, 0, length, java.nio.charset.StandardCharsets.UTF_8)));
        }
        String content = null;
        String reasoning = null;
        List<ToolCallDelta> deltas = null;
        String finish = null;
        String nativeFinish = null;
        if (c.choices() != null && !c.choices().isEmpty()) {
            Choice choice = c.choices().get(0);
            ResponseMessage d = choice.delta() != null ? choice.delta() : choice.message();
            if (d != null) {
                content = d.content();
                reasoning = d.anyReasoning();
                if (d.toolCalls() != null && !d.toolCalls().isEmpty()) {
                    deltas = toolDeltas(d.toolCalls());
                }
            }
            finish = choice.finishReason();
            nativeFinish = choice.nativeFinishReason() != null ? choice.nativeFinishReason() : finish;
            if ("error".equals(finish)) {
                nativeFinish = finish;
            }
        }
        emit(new ResponseChunk(c.id(), c.model(), content, reasoning, deltas,
                c.usage() == null ? null : c.usage().toUsage(), FinishReason.fromNative(finish), nativeFinish,
                arrivalNanos));
    }

    private List<ToolCallDelta> toolDeltas(List<ResponseToolCall> calls) {
        List<ToolCallDelta> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ResponseToolCall t = calls.get(i);
            int index;
            if (t.index() != null) {
                index = t.index();
            } else if (t.id() != null && !t.id().isEmpty()) {
                // servers that omit the index: a new id is a new call
                int known = assembler.toolIndexOf(t.id());
                index = known >= 0 ? known : assembler.nextToolIndex() + i;
            } else {
                index = Math.max(0, assembler.nextToolIndex() - 1);
            }
            String name = t.function() == null ? null : t.function().name();
            String args = t.function() == null ? null : t.function().argumentsText();
            out.add(new ToolCallDelta(index, t.id(), name, args));
        }
        return out;
    }
}
