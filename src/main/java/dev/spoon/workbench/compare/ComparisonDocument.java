package dev.spoon.workbench.compare;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A saved comparison ({@code savedAt} is an ISO-8601 instant): the shared prompts, and per column its target, rating, answers and figures. Saved and
 * exported as JSON (this record, pretty-printed) and exported as a Markdown report with a figures table.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ComparisonDocument(int version, String savedAt, String system, List<String> prompts,
                                 List<Column> columns) {

    public static final int VERSION = 1;

    public ComparisonDocument {
        prompts = prompts == null ? List.of() : List.copyOf(prompts);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /**
     * One column as saved.
     *
     * @param rating  0 (not rated) to 5
     * @param answers one per prompt
     * @param figures one per prompt, parallel to {@code answers}
     * @param marks   the summary marks of the latest turn (fastest, cheapest, longest)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Column(String provider, String model, Double temperature, Integer maxTokens, int rating,
                         List<String> answers, List<ColumnFigures> figures, List<String> marks) {
        public Column {
            answers = answers == null ? List.of() : List.copyOf(answers);
            figures = figures == null ? List.of() : List.copyOf(figures);
            marks = marks == null ? List.of() : List.copyOf(marks);
        }
    }

    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write comparison as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a saved comparison, saying what is wrong
     */
    public static ComparisonDocument fromJson(String json) {
        ComparisonDocument d;
        try {
            d = Json.MAPPER.readValue(json, ComparisonDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a saved comparison: " + e.getOriginalMessage(), e);
        }
        if (d == null || d.columns().isEmpty()) {
            throw new IllegalArgumentException("not a saved comparison: it has no \"columns\"");
        }
        if (d.version() > VERSION) {
            throw new IllegalArgumentException("this comparison was saved by a newer Spoon Workbench (format "
                    + d.version() + "); update to open it");
        }
        return d;
    }

    /** A Markdown report: one figures table per prompt, then every answer under its column's heading. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Comparison\n\n");
        if (savedAt != null) {
            sb.append("Saved ").append(savedAt).append("\n\n");
        }
        if (system != null && !system.isBlank()) {
            sb.append("System prompt: ").append(oneLine(system)).append("\n\n");
        }
        for (int t = 0; t < prompts.size(); t++) {
            sb.append("## Turn ").append(t + 1).append(": ").append(oneLine(prompts.get(t))).append("\n\n");
            sb.append("| # | Target | TTFT ms | Total ms | Tokens/s | Prompt tok | Completion tok | Cost USD | Finish"
                    + " | Rating | Marks |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|---|\n");
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                ColumnFigures f = t < col.figures().size() ? col.figures().get(t) : null;
                sb.append("| ").append(c + 1).append(" | ").append(cell(target(col))).append(" | ")
                        .append(f == null ? "" : num(f.ttftMs())).append(" | ")
                        .append(f == null ? "" : num(f.totalMs())).append(" | ")
                        .append(f == null || f.tokensPerSecond() == null ? "" : String.format(Locale.ROOT, "%.1f",
                                f.tokensPerSecond())).append(" | ")
                        .append(f == null ? "" : num(f.promptTokens())).append(" | ")
                        .append(f == null ? "" : num(f.completionTokens())).append(" | ")
                        .append(f == null || f.costUsd() == null ? "" : String.format(Locale.ROOT, "%.6f",
                                f.costUsd())).append(" | ")
                        .append(f == null ? "" : cell(f.failed() ? "error: " + f.errorType() : num(f.finishReason())))
                        .append(" | ").append(col.rating() == 0 ? "" : col.rating() + "/5").append(" | ")
                        .append(t == prompts.size() - 1 ? String.join(", ", col.marks()) : "").append(" |\n");
            }
            sb.append('\n');
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                sb.append("### ").append(c + 1).append(". ").append(target(col)).append("\n\n");
                String a = t < col.answers().size() ? col.answers().get(t) : "";
                sb.append(a.isBlank() ? "_(no answer)_" : a.strip()).append("\n\n");
                ColumnFigures f = t < col.figures().size() ? col.figures().get(t) : null;
                if (f != null && f.failed()) {
                    sb.append("> **").append(f.errorType()).append("**: ").append(oneLine(f.error())).append("\n\n");
                }
            }
        }
        return sb.toString();
    }

    static String target(Column c) {
        StringBuilder sb = new StringBuilder(c.provider());
        if (c.model() != null && !c.model().isBlank()) {
            sb.append(" \u00B7 ").append(c.model());
        }
        if (c.temperature() != null) {
            sb.append(" \u00B7 T=").append(c.temperature());
        }
        if (c.maxTokens() != null) {
            sb.append(" \u00B7 max ").append(c.maxTokens());
        }
        return sb.toString();
    }

    private static String num(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String cell(String s) {
        return s == null ? "" : oneLine(s).replace("|", "\\|");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
