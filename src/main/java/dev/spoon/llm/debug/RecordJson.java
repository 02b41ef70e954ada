package dev.spoon.llm.debug;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSONL form of a {@link DebugRecord} (DESIGN.md "Debug log record"), both ways. */
final class RecordJson {
    private RecordJson() {
    }

    /** One line of JSON, without the newline. */
    static String line(DebugRecord r) {
        StringWriter w = new StringWriter(estimatedSize(r));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w)) {
            write(r, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Writes the record's line (without its newline) to {@code out} as UTF-8, straight from the generator: a
     * stream of 50,000 chunks is no longer copied as a String, then as bytes (the copies made the garbage
     * collector pause the UI at the end of a long answer). {@code out} stays open.
     */
    static void writeLine(DebugRecord r, java.io.OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            write(r, g);
        }
    }

    /** About how many characters the record's line takes (a buffer size). */
    static int estimatedSize(DebugRecord r) {
        long n = 512L + (r.requestBody() == null ? 0 : r.requestBody().length())
                + (r.responseBody() == null ? 0 : r.responseBody().length()) + r.chunks().totalChars() * 2L;
        return (int) Math.min(n, Integer.MAX_VALUE - 64);
    }

    static void write(DebugRecord r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("ts", r.ts().toString());
        g.writeStringField("request_id", r.requestId());
        g.writeStringField("kind", r.kind().wireName());
        g.writeStringField("origin", r.origin() == null ? null : r.origin().wireName());
        g.writeStringField("provider", r.provider());
        g.writeStringField("model", r.model());
        g.writeStringField("method", r.method());
        g.writeStringField("endpoint", r.endpoint());
        g.writeBooleanField("stream", r.stream());
        if (r.status() == null) {
            g.writeNullField("status");
        } else {
            g.writeNumberField("status", r.status());
        }
        g.writeNumberField("duration_ms", r.durationMs());
        if (r.ttftMs() == null) {
            g.writeNullField("ttft_ms");
        } else {
            g.writeNumberField("ttft_ms", r.ttftMs());
        }
        Integer attempt = r.attempt();
        if (attempt == null) {
            g.writeNullField("attempt");
        } else {
            g.writeNumberField("attempt", attempt);
        }
        g.writeBooleanField("cache_hit", r.cacheHit());
        g.writeBooleanField("cancelled", r.cancelled());
        g.writeObjectFieldStart("request");
        writeHeaders(g, r.requestHeaders());
        g.writeStringField("body", r.requestBody());
        g.writeEndObject();
        g.writeObjectFieldStart("response");
        writeHeaders(g, r.responseHeaders());
        if (r.stream() && !r.chunks().isEmpty()) {
            g.writeArrayFieldStart("chunks");
            ChunkLog c = r.chunks();
            char[][] event = {new char[256]}; // reused: no String per event
            c.forEachEvent((i, text, start, end) -> { // one block of text at a time, never the whole stream
                int len = end - start;
                if (len > event[0].length) {
                    event[0] = new char[Math.max(len, event[0].length * 2)];
                }
                text.getChars(start, end, event[0], 0);
                g.writeStartObject();
                g.writeNumberField("offset_ms", c.offsetMicros(i) / 1000.0);
                g.writeFieldName("data");
                g.writeString(event[0], 0, len);
                g.writeEndObject();
            });
            g.writeEndArray();
            if (r.responseBody() != null) {
                g.writeStringField("body", r.responseBody());
            }
        } else {
            g.writeStringField("body", r.responseBody());
        }
        g.writeEndObject();
        if (r.error() == null) {
            g.writeNullField("error");
        } else {
            g.writeObjectFieldStart("error");
            g.writeStringField("type", r.error().type());
            if (r.error().status() == null) {
                g.writeNullField("status");
            } else {
                g.writeNumberField("status", r.error().status());
            }
            g.writeStringField("message", r.error().message());
            g.writeEndObject();
        }
        g.writeFieldName("usage");
        g.writeTree(LlmJson.usage(r.usage()));
        g.writeObjectFieldStart("tags");
        for (Map.Entry<String, String> e : r.tags().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeHeaders(JsonGenerator g, Map<String, List<String>> headers) throws IOException {
        g.writeObjectFieldStart("headers");
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getValue().size() == 1) {
                g.writeStringField(e.getKey(), e.getValue().get(0));
            } else {
                g.writeArrayFieldStart(e.getKey());
                for (String v : e.getValue()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    /**
     * Reads a record back from its JSON form.
     *
     * @throws IllegalArgumentException when {@code n} is not a debug-log record
     */
    static DebugRecord read(JsonNode n) {
        if (!n.isObject() || !n.hasNonNull("request_id") || !n.hasNonNull("ts")) {
            throw new IllegalArgumentException("not a debug-log record (needs ts and request_id)");
        }
        JsonNode req = n.path("request");
        JsonNode resp = n.path("response");
        ChunkLog.Builder chunks = new ChunkLog.Builder();
        for (JsonNode c : resp.path("chunks")) {
            chunks.add(c.path("data").asText(""), (long) (c.path("offset_ms").asDouble() * 1000));
        }
        JsonNode err = n.path("error");
        DebugRecord.ErrorInfo error = err.isObject() ? new DebugRecord.ErrorInfo(err.path("type").asText(null),
                err.hasNonNull("status") ? err.get("status").asInt() : null, err.path("message").asText(null)) : null;
        JsonNode u = n.path("usage");
        Usage usage = LlmJson.parseUsage(u);
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        return DebugRecord.builder().ts(Instant.parse(n.get("ts").asText())).requestId(n.get("request_id").asText())
                .kind(DebugRecord.Kind.parse(n.path("kind").asText(null)))
                .origin(DebugRecord.Origin.parse(n.path("origin").asText(null)))
                .provider(n.path("provider").asText(null)).model(n.path("model").asText(null))
                .method(n.path("method").asText(null)).endpoint(n.path("endpoint").asText(null))
                .stream(n.path("stream").asBoolean()).status(n.hasNonNull("status") ? n.get("status").asInt() : null)
                .durationMs(n.path("duration_ms").asLong())
                .ttftMs(n.hasNonNull("ttft_ms") ? n.get("ttft_ms").asLong() : null)
                .requestHeaders(headers(req.path("headers"))).requestBody(req.path("body").asText(null))
                .responseHeaders(headers(resp.path("headers"))).responseBody(resp.path("body").asText(null))
                .chunks(chunks.build()).error(error).usage(usage).tags(tags)
                .cacheHit(n.path("cache_hit").asBoolean()).cancelled(n.path("cancelled").asBoolean()).build();
    }

    private static Map<String, List<String>> headers(JsonNode h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : h.properties()) {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else {
                values.add(e.getValue().asText());
            }
            out.put(e.getKey(), values);
        }
        return out;
    }
}
