package dev.spoon.workbench.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

/**
 * A JSON object the user types (extra body fields, a JSON Schema): parsed, or the reason it is not one,
 * naming the field and the line and column. Pure; cheap enough for every keystroke of a small editor.
 *
 * @param value the object, or null when the text is blank or wrong
 * @param error what is wrong, for the user, or null
 */
record JsonObjectInput(ObjectNode value, String error) {

    static final JsonObjectInput BLANK = new JsonObjectInput(null, null);

    /** Parses {@code text} as one JSON object; {@code what} names the field in the error ("Extra body"). */
    static JsonObjectInput parse(String what, String text) {
        if (text == null || text.isBlank()) {
            return BLANK;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return new JsonObjectInput(null, what + " is not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (!(node instanceof ObjectNode o)) {
            String kind = node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            return new JsonObjectInput(null, what + " must be a JSON object, {\u2026}; this is "
                    + ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + ".");
        }
        return new JsonObjectInput(o, null);
    }

    boolean ok() {
        return error == null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
