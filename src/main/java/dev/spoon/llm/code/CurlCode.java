package dev.spoon.llm.code;

import dev.spoon.llm.Redactor;

/** The request as one {@code curl} command for a POSIX shell; secrets are {@code $VARIABLE}s. */
final class CurlCode {
    private CurlCode() {
    }

    static String of(CodeRequest r) {
        StringBuilder sb = new StringBuilder();
        if (r.api() == WireApi.SIM) {
            sb.append("# the offline simulator answers other programs through the local gateway: run `spoon serve`\n");
        }
        sb.append("curl");
        if (r.stream()) {
            sb.append(" -N");
        }
        if (!r.method().equals("POST")) {
            sb.append(" -X ").append(r.method());
        }
        sb.append(' ').append(url(r)).append(" \\\n");
        r.headers().forEach((name, v) -> sb.append("  -H ").append(header(name, v)).append(" \\\n"));
        sb.append("  --data-binary @- <<'JSON'\n");
        sb.append(Literals.value(r.body(), Literals.Dialect.JSON, 0)).append("\nJSON\n");
        return sb.toString();
    }

    private static String url(CodeRequest r) {
        if (r.url().contains(Redactor.MASK) && r.keyVariable() != null) {
            return "\"" + shellQuoted(r.url()).replace(Redactor.MASK, "${" + r.keyVariable() + "}") + "\"";
        }
        return Literals.shell(r.url());
    }

    private static String header(String name, HeaderValue v) {
        if (!v.isSecret()) {
            return Literals.shell(name + ": " + v.literal());
        }
        return "\"" + shellQuoted(name + ": " + v.prefix()) + "$" + v.envVar() + "\"";
    }

    /** Text safe inside double quotes: {@code $ ` " \} escaped. */
    private static String shellQuoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
    }
}
