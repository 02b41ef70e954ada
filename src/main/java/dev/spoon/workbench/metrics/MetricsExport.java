package dev.spoon.workbench.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.metrics.MetricsWindow;
import dev.spoon.llm.metrics.PerformanceStats;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.llm.metrics.SeriesPoint;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's figures as files: CSV (one row per series point, then one row per provider and model) and
 * JSON (the session totals, the per provider/model breakdown and the series). Missing figures (no sample)
 * are empty CSV fields and JSON nulls, never {@code NaN}.
 */
final class MetricsExport {
    static final String SERIES_HEADER = "time,seconds,requests,successes,errors,cache_hits,cancelled,p50_ms,p95_ms,"
            + "p99_ms,ttft_p50_ms,ttft_p95_ms,tokens_per_s,prompt_tokens,completion_tokens,cost_usd";
    static final String TABLE_HEADER = "provider,model,requests,successes,failed,cancelled,cache_hits,errors_by_type,"
            + "avg_ms,p50_ms,p95_ms,p99_ms,avg_ttft_ms,ttft_p95_ms,tokens_per_s,prompt_tokens,completion_tokens,"
            + "cached_prompt_tokens,cache_creation_tokens,reasoning_tokens,cost_usd";

    private MetricsExport() {
    }

    static String csv(List<SeriesPoint> series, List<ProviderStats> table) {
        StringBuilder sb = new StringBuilder(SERIES_HEADER).append("\r\n");
        for (SeriesPoint p : series) {
            row(sb, Instant.ofEpochSecond(p.epochSecond()), p.seconds(), p.requests(), p.successes(), p.errors(),
                    p.cacheHits(), p.cancelled(), p.p50Ms(), p.p95Ms(), p.p99Ms(), p.ttftP50Ms(), p.ttftP95Ms(),
                    p.tokensPerSecond(), p.promptTokens(), p.completionTokens(), p.costUsd());
        }
        sb.append("\r\n").append(TABLE_HEADER).append("\r\n");
        for (ProviderStats s : table) {
            row(sb, s.provider(), s.model(), s.totalRequests(), s.successfulRequests(), s.failedRequests(),
                    s.cancelledRequests(), s.cacheHits(), errors(s.errorsByType()), s.avgResponseTimeMs(), s.p50Ms(),
                    s.p95Ms(), s.p99Ms(), s.avgTtftMs(), s.ttftP95Ms(), s.tokensPerSecond(), s.promptTokens(),
                    s.completionTokens(), s.cachedPromptTokens(), s.cacheCreationTokens(), s.reasoningTokens(),
                    s.costUsd());
        }
        return sb.toString();
    }

    static String errors(Map<String, Long> byType) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(byType).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static void row(StringBuilder sb, Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object c = cells[i];
            String s = c == null ? "" : c instanceof Double d ? (d.isNaN() || d.isInfinite() ? ""
                    : String.format(Locale.ROOT, "%.3f", d)) : c.toString();
            if (s.contains(",") || s.contains("\"")) {
                s = '"' + s.replace("\"", "\"\"") + '"';
            }
            sb.append(s);
        }
        sb.append("\r\n");
    }

    static String json(MetricsWindow window, String provider, PerformanceStats session, List<ProviderStats> table,
                       List<SeriesPoint> series) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("generated_at", Instant.now().toString());
        root.put("window", window.name().toLowerCase(Locale.ROOT));
        root.put("provider", provider);
        root.set("session", clean(Json.MAPPER.valueToTree(session)));
        root.set("breakdown", clean(Json.MAPPER.valueToTree(table)));
        ArrayNode s = root.putArray("series");
        for (SeriesPoint p : series) {
            ObjectNode o = (ObjectNode) clean(Json.MAPPER.valueToTree(p));
            o.put("time", Instant.ofEpochSecond(p.epochSecond()).toString());
            s.add(o);
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write metrics as JSON", e);
        }
    }

    /** Replaces NaN and infinite numbers (no sample) with null, recursively. */
    private static JsonNode clean(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                e.setValue(clean(e.getValue()));
            }
        } else if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, clean(a.get(i)));
            }
        } else if (n.isDouble() && (Double.isNaN(n.asDouble()) || Double.isInfinite(n.asDouble()))) {
            return Json.MAPPER.nullNode();
        }
        return n;
    }
}
