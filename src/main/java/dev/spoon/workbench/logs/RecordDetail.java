package dev.spoon.workbench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.debug.ChunkLog;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The texts the detail pane shows for one record: headers as {@code Name: value} lines, bodies
 * pretty-printed when they are JSON, the streamed chunks as a timeline, the error. Records are redacted at
 * the source, so nothing here can reveal a key.
 */
final class RecordDetail {
    /** One streamed event with its arrival offset and the gap since the previous one, in milliseconds. */
    record TimelineRow(int index, double offsetMs, double gapMs, String event) {
    }

    private RecordDetail() {
    }

    static String headers(Map<String, List<String>> headers) {
        if (headers.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER)).forEach(e -> {
            for (String v : e.getValue()) {
                sb.append(e.getKey()).append(": ").append(v).append('\n');
            }
        });
        return sb.toString().stripTrailing();
    }

    /** The body pretty-printed when it is JSON, unchanged otherwise; a placeholder when absent. */
    static String body(String body) {
        if (body == null) {
            return "(no body recorded)";
        }
        JsonNode n = Json.tryParse(body);
        if (n == null || !n.isContainerNode()) {
            return body;
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (Exception e) {
            return body;
        }
    }

    static List<TimelineRow> timeline(ChunkLog chunks) {
        List<TimelineRow> out = new ArrayList<>(chunks.size());
        long prev = 0;
        for (int i = 0; i < chunks.size(); i++) {
            long at = chunks.offsetMicros(i);
            out.add(new TimelineRow(i + 1, at / 1000.0, (at - prev) / 1000.0, chunks.event(i)));
            prev = at;
        }
        return out;
    }

    /**
     * The answer text carried by streamed events, assembled from the three wire shapes (OpenAI
     * {@code choices[].delta.content}, Anthropic {@code delta.text}, Gemini {@code candidates[].content.parts[].text});
     * events of other shapes are skipped.
     */
    static String streamedText(ChunkLog chunks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            String e = chunks.event(i);
            int brace = e.indexOf('{');
            JsonNode n = brace < 0 ? null : Json.tryParse(e.substring(brace));
            if (n == null) {
                continue;
            }
            JsonNode c = n.path("choices").path(0).path("delta").path("content");
            if (c.isTextual()) {
                sb.append(c.asText());
            } else if (n.path("delta").path("text").isTextual()) {
                sb.append(n.path("delta").path("text").asText());
            } else {
                for (JsonNode part : n.path("candidates").path(0).path("content").path("parts")) {
                    if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                        sb.append(part.get("text").asText());
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A one-paragraph summary: status, timings, tokens, attempt, cache, error. */
    static String summary(DebugRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(r.endpoint()).append('\n');
        sb.append("status ").append(status(r)).append(" \u00B7 ").append(r.durationMs()).append(" ms");
        if (r.ttftMs() != null) {
            sb.append(" \u00B7 TTFT ").append(r.ttftMs()).append(" ms");
        }
        if (r.usage() != null) {
            sb.append(" \u00B7 tokens ").append(r.usage().promptTokens()).append(" + ")
                    .append(r.usage().completionTokens());
        }
        if (r.attempt() != null) {
            sb.append(" \u00B7 attempt ").append(r.attempt());
        }
        String fb = r.tags().get("fallback_index");
        if (fb != null && !fb.equals("0")) {
            sb.append(" (fallback #").append(fb).append(')');
        }
        if (r.cacheHit()) {
            sb.append(" \u00B7 cache hit");
        }
        sb.append(" \u00B7 ").append(r.chunks().size()).append(" chunks");
        if (!r.tags().isEmpty()) {
            sb.append("\ntags ").append(r.tags());
        }
        if (r.error() != null) {
            sb.append("\n\n").append(dev.spoon.llm.LlmException.displayLine(r.error().type(), r.provider(),
                    r.error().status(), r.error().message(), null));
        }
        return sb.toString();
    }

    /** The status column's text: the HTTP status, the error type, "cancelled" or "cache". */
    static String status(DebugRecord r) {
        if (r.cancelled()) {
            return "cancelled";
        }
        if (r.error() != null) {
            return r.error().type() + (r.error().status() == null ? "" : " " + r.error().status());
        }
        if (r.cacheHit()) {
            return "cache";
        }
        if (r.kind() == DebugRecord.Kind.MCP) {
            return "ok"; // a JSON-RPC pair with a result
        }
        return r.status() == null ? "\u2013" : r.status().toString();
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
