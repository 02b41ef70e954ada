package dev.spoon.llm.debug;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.spoon.Version;
import dev.spoon.llm.io.SecureFiles;
import dev.spoon.llm.json.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Writes debug-log records as JSON Lines (the log's own format), CSV (one row per request, no bodies) or
 * HAR 1.2 (opens in a browser's HAR viewer; streamed responses appear as their SSE text with MIME type
 * {@code text/event-stream}). Works on any list of records (the whole log, or a filtered view). Runs on the
 * caller's thread; records are already redacted, so nothing secret can be exported.
 */
public final class DebugExporter {

    /** The export formats. */
    public enum Format {
        JSONL, CSV, HAR;

        /** The usual file extension, without the dot. */
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException naming the valid formats
         */
        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown export format '" + s + "'; use jsonl, csv or har");
        }
    }

    /** Told how far an export got; called on the exporting thread every {@value #PROGRESS_EVERY} records. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void onProgress(int done, int total);
    }

    static final int PROGRESS_EVERY = 100;

    static final List<String> CSV_COLUMNS = List.of("ts", "request_id", "provider", "model", "method", "endpoint",
            "stream", "status", "duration_ms", "ttft_ms", "attempt", "fallback_index", "cache_hit", "cancelled",
            "error_type", "error_message", "prompt_tokens", "completion_tokens", "total_tokens", "chunks",
            "request_bytes", "response_bytes", "kind", "origin", "user_agent");

    private DebugExporter() {
    }

    /**
     * Writes {@code records} to {@code out} (which stays open).
     *
     * @param cancelled polled between records; when it returns true the export stops
     * @return how many records were written
     * @throws CancellationException when {@code cancelled} stopped it (the output is then incomplete)
     */
    public static int export(List<DebugRecord> records, Format format, OutputStream out, Progress progress,
                             BooleanSupplier cancelled) throws IOException {
        Progress p = progress == null ? Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        return switch (format) {
            case JSONL -> jsonl(records, out, p, stop);
            case CSV -> csv(records, out, p, stop);
            case HAR -> har(records, out, p, stop);
        };
    }

    /**
     * Writes {@code records} to {@code file} atomically and user-only ({@link SecureFiles#writeAtomically}): the
     * export goes to a temporary file beside it, renamed over {@code file} when complete. A failed, cancelled or
     * killed export leaves the file that was there before (or none), never half of one.
     *
     * @return how many records were written
     * @throws CancellationException when {@code cancelled} stopped it ({@code file} is untouched)
     */
    public static int exportTo(Path file, List<DebugRecord> records, Format format, Progress progress,
                               BooleanSupplier cancelled) throws IOException {
        int[] n = new int[1];
        SecureFiles.writeAtomically(file, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            n[0] = export(records, format, buffered, progress, cancelled);
            buffered.flush();
        });
        return n[0];
    }

    private static void step(int done, int total, Progress p, BooleanSupplier stop) {
        if (stop.getAsBoolean()) {
            throw new CancellationException("export cancelled after " + done + " of " + total + " records");
        }
        if (done % PROGRESS_EVERY == 0) {
            p.onProgress(done, total);
        }
    }

    private static int jsonl(List<DebugRecord> records, OutputStream out, Progress p, BooleanSupplier stop)
            throws IOException {
        int n = 0;
        for (DebugRecord r : records) {
            step(n, records.size(), p, stop);
            RecordJson.writeLine(r, out);
            out.write('\n');
            n++;
        }
        out.flush();
        p.onProgress(n, records.size());
        return n;
    }

    private static int csv(List<DebugRecord> records, OutputStream out, Progress p, BooleanSupplier stop)
            throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", CSV_COLUMNS));
        w.write("\r\n");
        int n = 0;
        for (DebugRecord r : records) {
            step(n, records.size(), p, stop);
            Object[] row = {r.ts(), r.requestId(), r.provider(), r.model(), r.method(), r.endpoint(), r.stream(),
                    r.status(), r.durationMs(), r.ttftMs(), r.tags().get("attempt"), r.tags().get("fallback_index"),
                    r.cacheHit(), r.cancelled(), r.error() == null ? null : r.error().type(),
                    r.error() == null ? null : r.error().message(),
                    r.usage() == null ? null : r.usage().promptTokens(),
                    r.usage() == null ? null : r.usage().completionTokens(),
                    r.usage() == null ? null : r.usage().totalTokens(), r.chunks().size(),
                    r.requestBody() == null ? 0 : utf8Length(r.requestBody()), responseBytes(r), r.kind().wireName(),
                    r.origin() == null ? null : r.origin().wireName(), r.userAgent()};
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(csvField(row[i]));
            }
            w.write("\r\n");
            n++;
        }
        w.flush();
        p.onProgress(n, records.size());
        return n;
    }

    /** RFC 4180 quoting; null is an empty field. */
    static String csvField(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static long responseBytes(DebugRecord r) {
        if (!r.chunks().isEmpty()) {
            return utf8Length(sseText(r.chunks()));
        }
        return r.responseBody() == null ? 0 : utf8Length(r.responseBody());
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The streamed events as SSE text, one {@code data:} block per event (event names kept). */
    static String sseText(ChunkLog chunks) {
        StringBuilder sb = new StringBuilder(chunks.totalChars() + chunks.size() * 8);
        for (String e : chunks.events()) {
            if (e.startsWith("event:") || e.startsWith("data:") || e.startsWith(":")) {
                sb.append(e);
            } else {
                sb.append("data: ").append(e);
            }
            sb.append("\n\n");
        }
        return sb.toString();
    }

    private static int har(List<DebugRecord> records, OutputStream out, Progress p, BooleanSupplier stop)
            throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.writeStartObject();
        g.writeObjectFieldStart("log");
        g.writeStringField("version", "1.2");
        g.writeObjectFieldStart("creator");
        g.writeStringField("name", "Spoon Workbench");
        g.writeStringField("version", Version.get());
        g.writeEndObject();
        g.writeArrayFieldStart("entries");
        int n = 0;
        for (DebugRecord r : records) {
            step(n, records.size(), p, stop);
            harEntry(r, g);
            n++;
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        p.onProgress(n, records.size());
        return n;
    }

    private static void harEntry(DebugRecord r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("startedDateTime", r.ts().toString());
        g.writeNumberField("time", r.durationMs());
        g.writeObjectFieldStart("request");
        g.writeStringField("method", r.method() == null || !r.method().matches("[A-Z]+") ? "POST" : r.method());
        g.writeStringField("url", r.endpoint() == null ? "" : r.endpoint());
        g.writeStringField("httpVersion", "HTTP/1.1");
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        harHeaders(g, r.requestHeaders());
        g.writeArrayFieldStart("queryString");
        String url = r.endpoint() == null ? "" : r.endpoint();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                g.writeStartObject();
                g.writeStringField("name", decode(eq < 0 ? pair : pair.substring(0, eq)));
                g.writeStringField("value", eq < 0 ? "" : decode(pair.substring(eq + 1)));
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        if (r.requestBody() != null) {
            g.writeObjectFieldStart("postData");
            g.writeStringField("mimeType", "application/json");
            g.writeStringField("text", r.requestBody());
            g.writeEndObject();
        }
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", r.requestBody() == null ? 0 : utf8Length(r.requestBody()));
        g.writeEndObject();

        String text = !r.chunks().isEmpty() ? sseText(r.chunks()) : r.responseBody();
        String mime = !r.chunks().isEmpty() ? "text/event-stream" : headerValue(r.responseHeaders(), "content-type",
                "application/json");
        g.writeObjectFieldStart("response");
        g.writeNumberField("status", r.status() == null ? 0 : r.status());
        g.writeStringField("statusText", r.status() == null ? (r.cancelled() ? "cancelled" : "no response") : "");
        g.writeStringField("httpVersion", "HTTP/1.1");
        g.writeArrayFieldStart("cookies");
        g.writeEndArray();
        harHeaders(g, r.responseHeaders());
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", text == null ? 0 : utf8Length(text));
        g.writeStringField("mimeType", mime);
        if (text != null) {
            g.writeStringField("text", text);
        }
        g.writeEndObject();
        g.writeStringField("redirectURL", "");
        g.writeNumberField("headersSize", -1);
        g.writeNumberField("bodySize", text == null ? -1 : utf8Length(text));
        g.writeEndObject();
        g.writeObjectFieldStart("cache");
        g.writeEndObject();
        long wait = r.ttftMs() != null ? r.ttftMs() : r.durationMs();
        g.writeObjectFieldStart("timings");
        g.writeNumberField("send", 0);
        g.writeNumberField("wait", wait);
        g.writeNumberField("receive", Math.max(0, r.durationMs() - wait));
        g.writeEndObject();
        g.writeStringField("_requestId", r.requestId());
        g.writeStringField("_provider", r.provider());
        g.writeStringField("_model", r.model());
        g.writeBooleanField("_cacheHit", r.cacheHit());
        g.writeStringField("_kind", r.kind().wireName());
        if (r.origin() != null) {
            g.writeStringField("_origin", r.origin().wireName());
        }
        if (r.userAgent() != null) {
            g.writeStringField("_userAgent", r.userAgent());
        }
        if (r.attempt() != null) {
            g.writeNumberField("_attempt", r.attempt());
        }
        if (r.error() != null) {
            g.writeStringField("_error", r.error().type() + ": " + r.error().message());
        }
        g.writeEndObject();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String headerValue(Map<String, List<String>> headers, String name, String fallback) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return fallback;
    }

    private static void harHeaders(JsonGenerator g, Map<String, List<String>> headers) throws IOException {
        g.writeArrayFieldStart("headers");
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            for (String v : e.getValue()) {
                g.writeStartObject();
                g.writeStringField("name", e.getKey());
                g.writeStringField("value", v);
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }
}
