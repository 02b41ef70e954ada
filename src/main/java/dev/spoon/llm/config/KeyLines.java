package dev.spoon.llm.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The line on which each dotted key of a configuration file is set, so errors can point at it. */
final class KeyLines {
    static final KeyLines EMPTY = new KeyLines(Map.of());

    private static final Pattern TABLE = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*]]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)"
            + "(?:\\s*\\.\\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\\s*=(.*)$");
    private static final Pattern INLINE_KEY = Pattern.compile("(?:[{,]\\s*)(\"[^\"]*\"|[A-Za-z0-9_-]+)\\s*=");

    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    Integer line(String dottedKey) {
        return lines.get(dottedKey);
    }

    /** The line of {@code key}, else of its nearest enclosing table that has one, else null. */
    Integer line(List<String> key) {
        for (int n = key.size(); n > 0; n--) {
            Integer line = lines.get(String.join(".", key.subList(0, n)));
            if (line != null) {
                return line;
            }
        }
        return null;
    }

    static KeyLines ofToml(String text) {
        Map<String, Integer> map = new HashMap<>();
        String table = "";
        String[] all = text.split("\r?\n", -1);
        String openString = null; // the delimiter of a multi-line string being skipped
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            int lineNo = i + 1;
            if (openString != null) {
                if (line.contains(openString)) {
                    openString = null;
                }
                continue;
            }
            openString = opensMultiLineString(line);
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                table = normalize(t.group(1));
                map.putIfAbsent(table, lineNo);
                continue;
            }
            Matcher k = KEY.matcher(line);
            if (k.matches()) {
                String key = (table.isEmpty() ? "" : table + ".") + normalize(k.group(1));
                map.putIfAbsent(key, lineNo);
                Matcher inline = INLINE_KEY.matcher(k.group(2));
                while (inline.find()) {
                    map.putIfAbsent(key + "." + unquote(inline.group(1)), lineNo);
                }
            }
        }
        return new KeyLines(map);
    }

    static KeyLines ofJson(String text) {
        Map<String, Integer> map = new HashMap<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<Boolean> isObject = new ArrayDeque<>();
            String pendingField = null;
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                switch (tok) {
                    case FIELD_NAME -> {
                        pendingField = p.currentName();
                        String key = join(path, pendingField);
                        map.putIfAbsent(key, p.currentLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        if (pendingField != null) {
                            path.addLast(pendingField);
                        } else if (!isObject.isEmpty()) {
                            path.addLast("[]");
                        }
                        isObject.push(tok == JsonToken.START_OBJECT);
                        pendingField = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        isObject.pop();
                        if (!path.isEmpty() && !isObject.isEmpty()) {
                            path.removeLast();
                        }
                        pendingField = null;
                    }
                    default -> pendingField = null;
                }
            }
        } catch (IOException e) {
            // the parse error itself is reported by the real parse
        }
        return new KeyLines(map);
    }

    /** {@code """} or {@code '''} when {@code line} opens a multi-line string it does not close, else null. */
    private static String opensMultiLineString(String line) {
        for (String delimiter : List.of("\"\"\"", "'''")) {
            int first = line.indexOf(delimiter);
            if (first >= 0 && line.indexOf(delimiter, first + 3) < 0) {
                return delimiter;
            }
        }
        return null;
    }

    private static String join(Deque<String> path, String last) {
        StringBuilder sb = new StringBuilder();
        for (String s : path) {
            sb.append(s).append('.');
        }
        return sb.append(last).toString();
    }

    private static String normalize(String dotted) {
        StringBuilder sb = new StringBuilder();
        for (String part : dotted.split("\\s*\\.\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(unquote(part.trim()));
        }
        return sb.toString();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
