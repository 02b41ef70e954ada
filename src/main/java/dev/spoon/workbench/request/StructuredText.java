package dev.spoon.workbench.request;

import dev.spoon.llm.StructuredOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON answer's check in words, shown under the answer in Chat and in a Compare column: whether it parsed,
 * whether it matches the schema, and each schema error (at most {@value #MAX_ERRORS}, then how many more).
 */
public final class StructuredText {
    static final int MAX_ERRORS = 5;

    private StructuredText() {
    }

    /**
     * The lines for {@code out}; the first says the verdict. Empty for null (a text answer: nothing to check).
     *
     * @param withSchema whether the answer was asked to match a schema
     */
    public static List<String> lines(StructuredOutput out, boolean withSchema) {
        if (out == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        if (out.valid()) {
            lines.add(withSchema ? "\u2713 JSON parsed; it matches the schema" : "\u2713 JSON parsed");
            return lines;
        }
        if (out.parsed() == null) {
            lines.add("\u2717 Not JSON: " + (out.schemaErrors().isEmpty() ? "the answer could not be read"
                    : out.schemaErrors().get(0)));
            return lines;
        }
        int n = out.schemaErrors().size();
        lines.add("\u2717 JSON parsed, but it does not match the schema (" + n + (n == 1 ? " error)" : " errors)"));
        for (String e : out.schemaErrors().subList(0, Math.min(MAX_ERRORS, n))) {
            lines.add("  " + e);
        }
        if (n > MAX_ERRORS) {
            lines.add("  \u2026 and " + (n - MAX_ERRORS) + " more");
        }
        return lines;
    }
}
