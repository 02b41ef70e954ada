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
 * first value.
 */
final class SimArguments {
    private SimArguments() {
    }

    /** Arguments (a JSON object as text) that satisfy {@code tool}'s schema. */
    static String argumentsFor(Tool tool, String userText) {
        ObjectNode args = Json.MAPPER.createObjectNode();
        JsonNode schema = tool.parameters();
        if (schema == null) {
            return "{}";
        }
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(r -> names.add(r.asText()));
        if (names.isEmpty() && props.size() > 0) {
            names.add(props.fieldNames().next());
        }
        String word = lastCapitalized(userText);
        for (String name : names) {
            JsonNode p = props.path(name);
            String type = p.path("type").asText("string");
            if (p.has("enum") && p.get("enum").size() > 0) {
                args.set(name, p.get("enum").get(0));
                continue;
            }
            switch (type) {
                case "number", "integer" -> args.put(name, 2);
                case "boolean" -> args.put(name, true);
                case "array" -> args.putArray(name);
                case "object" -> args.putObject(name);
                default -> args.put(name, word);
            }
        }
        return args.toString();
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
