package dev.spoon.llm.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One configuration file read and parsed: its tree (TOML or JSON after the file's extension) and the line of
 * each key, so every later error can name file, line and key. A UTF-8 byte-order mark is skipped; a binary
 * or non-UTF-8 file is an error naming the file and the line of the first bad byte.
 *
 * @param file  the file, or null for "no file" (built-in defaults)
 * @param tree  the parsed top-level table; callers copy before changing it
 */
record ConfigDocument(Path file, ObjectNode tree, KeyLines lines) {

    /** No file at all: an empty tree. */
    static ConfigDocument none() {
        return new ConfigDocument(null, JsonNodeFactory.instance.objectNode(), KeyLines.EMPTY);
    }

    /** A tree that is about to be written to {@code file} (edits): no lines to point at yet. */
    static ConfigDocument unsaved(Path file, ObjectNode tree) {
        return new ConfigDocument(file, tree, KeyLines.EMPTY);
    }

    /**
     * Reads and parses {@code file}.
     *
     * @throws ConfigurationException when it cannot be read, is not UTF-8 text, or is malformed
     */
    static ConfigDocument read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the configuration file: " + e.getMessage()
                    + ". Check that it exists and is readable.", null, file, null, null, e);
        }
        return parse(file, decode(file, bytes));
    }

    /** Parses {@code text} as the contents of {@code file}. */
    static ConfigDocument parse(Path file, String text) {
        boolean json = isJson(file);
        try {
            JsonNode node = json ? Json.MAPPER.readTree(text) : new TomlMapper().readTree(text);
            KeyLines lines = json ? KeyLines.ofJson(text) : KeyLines.ofToml(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return new ConfigDocument(file, JsonNodeFactory.instance.objectNode(), lines);
            }
            if (!node.isObject()) {
                throw new ConfigurationException("the top level must be a " + (json ? "JSON object { ... }"
                        : "TOML table") + ", found " + ConfigValidator.describe(node), null, file, 1, null, null);
            }
            return new ConfigDocument(file, (ObjectNode) node, lines);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            Integer line = loc != null && loc.getLineNr() > 0 ? loc.getLineNr() : null;
            String problem = e.getOriginalMessage();
            if (!json && "Duplicate key".equals(problem) && line != null && line > 1 && loc.getColumnNr() == 1) {
                line--; // the TOML parser reports the start of the line after the duplicate
                problem = "Duplicate key (a key is set twice; keep one)";
            }
            throw new ConfigurationException("malformed " + (json ? "JSON" : "TOML") + ": " + problem
                    + ". Fix the syntax at that line.", null, file, line, null, e);
        }
    }

    /** Whether {@code file} is JSON (by its extension); everything else is TOML. */
    static boolean isJson(Path file) {
        return file != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Serializes {@code tree} in {@code file}'s format. */
    static String format(Path file, ObjectNode tree) throws IOException {
        return isJson(file) ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n"
                : new TomlMapper().writeValueAsString(tree);
    }

    /** The error for {@code key} (segments of a dotted key), at its line when known. */
    ConfigurationException error(List<String> key, String message) {
        return new ConfigurationException(message, null, file, lines.line(key), String.join(".", key), null);
    }

    /** The line of {@code key} or of its nearest enclosing table, or null. */
    Integer line(List<String> key) {
        return lines.line(key);
    }

    /** Strict UTF-8 (a leading byte-order mark is dropped); binary content is refused. */
    private static String decode(Path file, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ConfigurationException("this is a binary file, not " + (isJson(file) ? "JSON" : "TOML")
                        + " text (a NUL byte at line " + lineAt(bytes, i) + "). Point --config or SPOON_CONFIG at"
                        + " the configuration file, or save it as UTF-8 text.", null, file, lineAt(bytes, i), null,
                        null);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            throw new ConfigurationException(String.format(Locale.ROOT, "the file is not UTF-8 text (byte 0x%02X at"
                    + " line %d is not valid UTF-8). Save it as UTF-8.", bytes[at] & 0xFF, lineAt(bytes, at)), null,
                    file, lineAt(bytes, at), null, null);
        }
        return out.flip().toString();
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
