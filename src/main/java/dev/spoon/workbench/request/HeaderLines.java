package dev.spoon.workbench.request;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Extra HTTP headers as the user types them, one {@code Name: value} per line (the CLI's {@code --header}
 * form): parsed in order, or the first wrong line. Blank lines and lines starting with {@code #} are skipped.
 *
 * @param headers name → value, in the order typed; empty when the text is blank or wrong
 * @param error   what is wrong, naming the line, or null
 */
record HeaderLines(Map<String, String> headers, String error) {

    /** Parses the header text. */
    static HeaderLines parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new HeaderLines(Map.of(), null);
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).strip();
            if (colon <= 0 || !token(name)) {
                return new HeaderLines(Map.of(), "Headers, line " + (i + 1) + ": write it as 'Name: value' (a name"
                        + " of letters, digits and - only).");
            }
            out.put(name, line.substring(colon + 1).strip());
        }
        return new HeaderLines(Collections.unmodifiableMap(out), null);
    }

    boolean ok() {
        return error == null;
    }

    /** An HTTP token (RFC 9110 tchar). */
    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
