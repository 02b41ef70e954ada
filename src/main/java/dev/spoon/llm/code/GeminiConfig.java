package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

import java.util.Map;

/**
 * A Gemini REST body's settings as the google-genai SDKs' {@code config}: the {@code generationConfig} fields
 * flattened beside {@code systemInstruction}, {@code tools}, {@code toolConfig}, {@code safetySettings} and any
 * other top-level field but {@code contents}.
 */
final class GeminiConfig {
    private GeminiConfig() {
    }

    /** The config; with {@code snakeCase} its top-level keys in Python's spelling ({@code max_output_tokens}). */
    static ObjectNode of(JsonNode body, boolean snakeCase) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (e.getKey().equals("contents")) {
                continue;
            }
            if (e.getKey().equals("generationConfig") && e.getValue().isObject()) {
                e.getValue().properties().forEach(g -> out.set(key(g.getKey(), snakeCase), g.getValue()));
            } else {
                out.set(key(e.getKey(), snakeCase), e.getValue());
            }
        }
        return out;
    }

    private static String key(String camel, boolean snakeCase) {
        return snakeCase ? camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT) : camel;
    }
}
