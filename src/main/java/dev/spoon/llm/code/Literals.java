package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;

import java.util.Map;

/** JSON values written as source text: JSON/JavaScript and Python literals, shell and Java strings. */
final class Literals {
    /** How a language spells the three JSON words. */
    enum Dialect {
        JSON("true", "false", "null"),
        PYTHON("True", "False", "None");

        final String yes;
        final String no;
        final String nil;

        Dialect(String yes, String no, String nil) {
            this.yes = yes;
            this.no = no;
            this.nil = nil;
        }
    }

    private Literals() {
    }

    /** {@code v} indented by {@code indent} spaces per level, nested lines starting at {@code base} spaces. */
    static String value(JsonNode v, Dialect d, int base) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, d, base);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode v, Dialect d, int level) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append(d.nil);
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue() ? d.yes : d.no);
        } else if (v.isNumber()) {
            sb.append(v.asText());
        } else if (v.isTextual()) {
            sb.append(string(v.textValue()));
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < v.size(); i++) {
                pad(sb, level + 4);
                write(sb, v.get(i), d, level + 4);
                sb.append(i < v.size() - 1 ? ",\n" : "\n");
            }
            pad(sb, level);
            sb.append(']');
        } else {
            if (v.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int left = v.size();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                pad(sb, level + 4);
                sb.append(string(e.getKey())).append(": ");
                write(sb, e.getValue(), d, level + 4);
                sb.append(--left > 0 ? ",\n" : "\n");
            }
            pad(sb, level);
            sb.append('}');
        }
    }

    private static void pad(StringBuilder sb, int n) {
        sb.append(" ".repeat(n));
    }

    /** A double-quoted string literal valid in JSON, JavaScript, Python and Java (JSON escapes). */
    static String string(String s) {
        return Json.write(s);
    }

    /** A single-quoted shell word: nothing inside is expanded. */
    static String shell(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The contents of a Java text block that reads back as {@code text} (backslashes and {@code """} escaped). */
    static String textBlock(String text) {
        return text.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
    }
}
