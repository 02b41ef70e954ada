package dev.spoon.workbench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.debug.ChunkLog;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The texts the detail pane shows for one record: headers as {@code Name: value} lines, bodies
 * pretty-printed when they are JSON, the streamed chunks as a timeline, the error. Records are redacted at
 * the source, so nothing here can reveal a key.
 */
final class RecordDetail {
    /**
     * One streamed event: its arrival offset and the gap since the previous one, in milliseconds, the text it
     * carried (answer text, reasoning, tool-call arguments; read by the provider's wire format), and the event.
     */
    record TimelineRow(int index, double offsetMs, double gapMs, String delta, String event) {
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

    /** The events of {@code chunks}, each with the delta {@code format} reads from it ("" when unknown). */
    static List<TimelineRow> timeline(ChunkLog chunks, Optional<WireFormat> format) {
        List<TimelineRow> out = new ArrayList<>(chunks.size());
        List<String> events = chunks.events();
        long prev = 0;
        for (int i = 0; i < events.size(); i++) {
            long at = chunks.offsetMicros(i);
            String event = events.get(i);
            String delta = format.map(f -> delta(f.readEvent(event))).orElse("");
            out.add(new TimelineRow(i + 1, at / 1000.0, (at - prev) / 1000.0, delta, event));
            prev = at;
        }
        return out;
    }

    /** What a chunk carried, as one line: the answer text, else the reasoning, else tool-call arguments. */
    private static String delta(ResponseChunk c) {
        if (c.deltaContent() != null && !c.deltaContent().isEmpty()) {
            return c.deltaContent();
        }
        if (c.deltaReasoning() != null && !c.deltaReasoning().isEmpty()) {
            return "(reasoning) " + c.deltaReasoning();
        }
        StringBuilder sb = new StringBuilder();
        for (ToolCallDelta d : c.toolCallDeltas()) {
            sb.append(d.name() != null ? "(tool " + d.name() + ") " : "").append(d.argumentsFragment() == null ? ""
                    : d.argumentsFragment());
        }
        return sb.toString();
    }

    /** The answer text the streamed events carry, read by the provider's wire format ("" when unknown). */
    static String streamedText(ChunkLog chunks, Optional<WireFormat> format) {
        if (format.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String e : chunks.events()) {
            String c = format.get().readEvent(e).deltaContent();
            if (c != null) {
                sb.append(c);
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
