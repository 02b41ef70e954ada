package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ResponseAssembler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code chat.completion.chunk} event, or a whole {@code chat.completion} body, into a
 * {@link ResponseChunk} with Jackson's streaming {@link JsonParser}: only the fields the normalized answer
 * needs are read, everything else is skipped without building objects. This is the streaming hot path (one
 * call per token), so it avoids data binding on purpose; {@code SseDecoderBench} measures it.
 *
 * <p>Reads the first choice's {@code delta} (or {@code message}): {@code content} (or {@code refusal}),
 * {@code reasoning_content} / {@code reasoning}, {@code tool_calls} fragments; {@code finish_reason},
 * OpenRouter's {@code native_finish_reason}; {@code usage}; {@code id}, {@code model}. An {@code error}
 * member throws the provider's error.
 */
final class OpenAiChunkReader {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private OpenAiChunkReader() {
    }

    /**
     * @param assembler the answer so far (to place tool-call fragments that come without an index)
     * @throws dev.spoon.llm.LlmException for an {@code error} member or malformed JSON
     */
    static ResponseChunk read(String provider, byte[] data, int off, int len, long arrivalNanos,
                              ResponseAssembler assembler) {
        try (JsonParser p = FACTORY.createParser(data, off, len)) {
            p.setCodec(Json.MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProviderErrors.malformed(provider, "chunk", new IOException("expected a JSON object"));
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> f.id = text(p, t);
                    case "model" -> f.model = text(p, t);
                    case "choices" -> choices(p, t, f, assembler);
                    case "usage" -> f.usage = t == JsonToken.START_OBJECT ? usage(p) : null;
                    case "error" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            JsonNode e = p.readValueAsTree();
                            throw OpenAiErrors.fromStreamError(provider, e.isObject() ? e
                                    : Json.MAPPER.createObjectNode().put("message", e.asText()));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            String nativeFinish = f.nativeFinish != null ? f.nativeFinish : f.finish;
            return new ResponseChunk(f.id, f.model, f.content, f.reasoning, f.tools, f.usage,
                    FinishReason.fromNative(f.finish), "error".equals(f.finish) ? f.finish : nativeFinish, arrivalNanos);
        } catch (IOException e) {
            throw ProviderErrors.malformed(provider, "chunk", e);
        }
    }

    private static final class Fields {
        String id;
        String model;
        String content;
        String reasoning;
        String finish;
        String nativeFinish;
        List<ToolCallDelta> tools;
        Usage usage;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            return p.readValueAsTree().toString();
        }
        return p.getText();
    }

    /** The first choice; later choices (n > 1) are skipped. */
    private static void choices(JsonParser p, JsonToken t, Fields f, ResponseAssembler a) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        boolean first = true;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            if (!first) {
                p.skipChildren();
                continue;
            }
            first = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "delta", "message" -> {
                        if (v == JsonToken.START_OBJECT) {
                            message(p, f, a);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "finish_reason" -> f.finish = text(p, v);
                    case "native_finish_reason" -> f.nativeFinish = text(p, v);
                    default -> p.skipChildren();
                }
            }
        }
    }

    private static void message(JsonParser p, Fields f, ResponseAssembler a) throws IOException {
        String refusal = null;
        String reasoningContent = null;
        String reasoning = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "content" -> f.content = text(p, v);
                case "reasoning_content" -> reasoningContent = text(p, v);
                case "reasoning" -> reasoning = text(p, v);
                case "refusal" -> refusal = text(p, v);
                case "tool_calls" -> f.tools = v == JsonToken.START_ARRAY ? toolCalls(p, a) : null;
                default -> p.skipChildren();
            }
        }
        f.reasoning = reasoningContent != null ? reasoningContent : reasoning;
        if ((f.content == null || f.content.isEmpty()) && refusal != null && !refusal.isEmpty()) {
            f.content = refusal;
        }
    }

    private static List<ToolCallDelta> toolCalls(JsonParser p, ResponseAssembler a) throws IOException {
        List<ToolCallDelta> out = new ArrayList<>(1);
        int position = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Integer index = null;
            String id = null;
            String name = null;
            String args = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "index" -> index = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "id" -> id = text(p, v);
                    case "function" -> {
                        if (v != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String fn = p.currentName();
                            JsonToken fv = p.nextToken();
                            switch (fn) {
                                case "name" -> name = text(p, fv);
                                case "arguments" -> args = text(p, fv);
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            out.add(new ToolCallDelta(index != null ? index : indexFor(id, position, a), id, name, args));
            position++;
        }
        return out;
    }

    /** For servers that omit {@code index}: a known id keeps its call, a new id starts one, no id continues. */
    private static int indexFor(String id, int position, ResponseAssembler a) {
        if (id != null && !id.isEmpty()) {
            int known = a.toolIndexOf(id);
            return known >= 0 ? known : a.nextToolIndex() + position;
        }
        return Math.max(0, a.nextToolIndex() - 1);
    }

    private static Usage usage(JsonParser p) throws IOException {
        int prompt = 0;
        int completion = 0;
        Integer total = null;
        Integer cacheRead = null;
        Integer cacheWrite = null;
        Integer reasoning = null;
        Integer cacheHit = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = intOr(p, v, 0);
                case "completion_tokens" -> completion = intOr(p, v, 0);
                case "total_tokens" -> total = intOr(p, v, null);
                case "prompt_cache_hit_tokens" -> cacheHit = intOr(p, v, null);
                case "prompt_tokens_details", "completion_tokens_details" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String d = p.currentName();
                        JsonToken dv = p.nextToken();
                        switch (d) {
                            case "cached_tokens" -> cacheRead = intOr(p, dv, null);
                            case "cache_write_tokens" -> cacheWrite = intOr(p, dv, null);
                            case "reasoning_tokens" -> reasoning = intOr(p, dv, null);
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, total != null ? total : prompt + completion,
                cacheRead != null ? cacheRead : cacheHit, cacheWrite, reasoning);
    }

    private static Integer intOr(JsonParser p, JsonToken v, Integer fallback) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        p.skipChildren();
        return fallback;
    }
}
