package dev.spoon.llm.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON trees ({@link JsonNode}) read and written with Jackson's streaming core only, never an
 * {@link com.fasterxml.jackson.databind.ObjectMapper}: making the shared {@link Json#MAPPER} loads several
 * hundred classes, a good part of a short command's start, which a command that only moves trees and
 * streams need not pay. The text is the same as {@link Json#write} and {@link Json#tryParse} give for trees.
 * Thread-safe.
 */
public final class JsonTrees {
    /** A plain factory for parsers and generators (no data binding behind it). */
    public static final JsonFactory FACTORY = new JsonFactory();
    /** Makes tree nodes, as {@code Json.MAPPER.createObjectNode()} does. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** A new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** {@code tree} as compact JSON text. */
    public static String write(JsonNode tree) {
        return write(tree, false);
    }

    /** {@code tree} indented as {@code Json.MAPPER.writerWithDefaultPrettyPrinter()} writes it. */
    public static String writePretty(JsonNode tree) {
        return write(tree, true);
    }

    private static String write(JsonNode tree, boolean pretty) {
        SegmentedStringWriter sw = new SegmentedStringWriter(new BufferRecycler());
        try (JsonGenerator g = FACTORY.createGenerator(sw)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return sw.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code tree} as one JSON value at the generator's position. */
    public static void write(JsonGenerator g, JsonNode tree) throws IOException {
        switch (tree.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : tree.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : tree) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(tree.textValue());
            case NUMBER -> {
                switch (tree.numberType()) {
                    case INT -> g.writeNumber(tree.intValue());
                    case LONG -> g.writeNumber(tree.longValue());
                    case BIG_INTEGER -> g.writeNumber(tree.bigIntegerValue());
                    case FLOAT -> g.writeNumber(tree.floatValue());
                    case DOUBLE -> g.writeNumber(tree.doubleValue());
                    default -> g.writeNumber(tree.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(tree.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case BINARY -> g.writeBinary(tree.binaryValue());
            default -> g.writeString(Json.write(tree)); // a POJO node: data binding after all
        }
    }

    /** Parses JSON text into a tree, or returns null when it is not JSON. */
    public static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            return p.nextToken() == null ? null : read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The value that starts at the parser's current token, as a tree; the parser is left on its last token.
     * Numbers keep their kind (int, long, big integer, double), a repeated key keeps its last value.
     */
    public static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IOException("no JSON value");
        }
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, read(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT -> NODES.pojoNode(p.getEmbeddedObject());
            default -> throw new IOException("unexpected " + t);
        };
    }
}
