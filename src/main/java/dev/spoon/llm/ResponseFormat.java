package dev.spoon.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shape the answer must take (DESIGN.md "Request features beyond text"): free text, any JSON value, or JSON
 * that follows a JSON Schema. Each provider maps it to its own request field (OpenAI {@code response_format},
 * Anthropic a forced tool, Gemini {@code responseMimeType}/{@code responseSchema}); the answer is checked
 * with {@link StructuredOutput#of}.
 */
public sealed interface ResponseFormat permits ResponseFormat.Text, ResponseFormat.Json, ResponseFormat.JsonSchema {

    /** Free text: the provider's default. */
    ResponseFormat TEXT = new Text();
    /** Any JSON object (OpenAI's "JSON mode"). */
    ResponseFormat JSON = new Json();

    /** Free text. */
    record Text() implements ResponseFormat {
    }

    /** A JSON object, no schema. */
    record Json() implements ResponseFormat {
    }

    /**
     * JSON that validates against {@code schema}.
     *
     * @param name   a name for the schema (OpenAI requires one: letters, digits, {@code _} and {@code -}), never null
     * @param schema the JSON Schema (an object), never null
     * @param strict whether the provider should enforce the schema strictly (OpenAI {@code strict}); the
     *               answer is validated here either way
     */
    record JsonSchema(String name, JsonNode schema, boolean strict) implements ResponseFormat {
        public JsonSchema {
            if (schema == null || !schema.isObject()) {
                throw new IllegalArgumentException("a JSON Schema must be a JSON object");
            }
            name = name == null || name.isBlank() ? "answer" : name;
        }

        /** A schema named {@code answer}, not strict. */
        public static JsonSchema of(JsonNode schema) {
            return new JsonSchema("answer", schema, false);
        }

        /**
         * A schema from a file's JSON: either the schema itself, or OpenAI's wrapper
         * {@code {"name", "schema", "strict"}} (as in {@code response_format.json_schema}).
         *
         * @throws IllegalArgumentException when {@code node} is not an object, or its schema is not one
         */
        public static JsonSchema fromJson(JsonNode node) {
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a JSON Schema must be a JSON object like "
                        + "{\"type\":\"object\",\"properties\":{...}}");
            }
            JsonNode inner = node.get("schema");
            if (inner != null && inner.isObject() && node.has("name") && !node.has("type")) {
                return new JsonSchema(node.path("name").asText(null), inner, node.path("strict").asBoolean(false));
            }
            return of(node);
        }
    }

    /** Whether the answer is to be JSON (either JSON format). */
    default boolean isJson() {
        return !(this instanceof Text);
    }
}
