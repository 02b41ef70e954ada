package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Tool-call arguments the simulator makes up when no {@code tool_calls} script names them: every required
 * property of the tool's schema (or its first property) filled with a value of the right type, strings from
 * the user's words (the last capitalized word: "weather in Paris today" → {@code "Paris"}), enums with their
 * first value; nested objects and arrays filled the same way. The same makes the simulator's structured answers.
 */
final class SimArguments {
    private SimArguments() {
    }

    /** Arguments (a JSON object as text) that satisfy {@code tool}'s schema. */
    static String argumentsFor(Tool tool, String userText) {
        JsonNode schema = tool.parameters();
        if (schema == null) {
            return "{}";
        }
        return objectFor(schema, lastCapitalized(userText), 0).toString();
    }

    /**
     * A JSON value that satisfies {@code schema} (a structured answer of the simulator): an object for an object
     * schema (or one without a type), else a value of the schema's type.
     */
    static JsonNode valueFor(JsonNode schema, String userText) {
        return value(schema, lastCapitalized(userText), 0);
    }

    private static JsonNode value(JsonNode p, String word, int depth) {
        if (p.has("enum") && p.get("enum").size() > 0) {
            return p.get("enum").get(0);
        }
        if (p.has("const")) {
            return p.get("const");
        }
        JsonNode t = p.path("type");
        String type = t.isArray() && t.size() > 0 ? t.get(0).asText() : t.asText(p.has("properties") ? "object" : "string");
        return switch (type) {
            case "number", "integer" -> Json.MAPPER.getNodeFactory().numberNode(Math.max(2, p.path("minimum").asInt(2)));
            case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(true);
            case "null" -> Json.MAPPER.nullNode();
            case "array" -> {
                var a = Json.MAPPER.createArrayNode();
                if (p.path("items").isObject() && depth < 8) {
                    for (int i = 0; i < Math.max(1, p.path("minItems").asInt(1)); i++) {
                        a.add(value(p.get("items"), word, depth + 1));
                    }
                }
                yield a;
            }
            case "object" -> objectFor(p, word, depth);
            default -> Json.MAPPER.getNodeFactory().textNode(word);
        };
    }

    private static ObjectNode objectFor(JsonNode schema, String word, int depth) {
        ObjectNode args = Json.MAPPER.createObjectNode();
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(r -> names.add(r.asText()));
        if (names.isEmpty() && props.size() > 0) {
            names.add(props.fieldNames().next());
        }
        for (String name : names) {
            args.set(name, depth < 8 ? value(props.path(name), word, depth + 1) : Json.MAPPER.createObjectNode());
        }
        return args;
    }

    private static String lastCapitalized(String text) {
        String[] words = text.replaceAll("[^\\p{L}\\p{N}\\s-]", " ").trim().split("\\s+");
        for (int i = words.length - 1; i > 0; i--) {
            if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
                return words[i];
            }
        }
        return SimPlanner.abbreviate(text.trim(), 60);
    }
}
