package dev.spoon.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.json.JsonSchemaValidator;

import java.util.List;

/**
 * A JSON answer read back (DESIGN.md "structured output"): the parsed value and what is wrong with it. The CLI
 * prints them as the result's {@code parsed} and {@code schema_errors}; the workbench shows them under the
 * answer.
 *
 * @param parsed       the answer as JSON, or null when it is not JSON
 * @param schemaErrors why the answer does not fit: not JSON at all, or not valid against the schema (sentences
 *                     starting with the JSON path); empty when it fits
 */
public record StructuredOutput(JsonNode parsed, List<String> schemaErrors) {

    public StructuredOutput {
        schemaErrors = schemaErrors == null ? List.of() : List.copyOf(schemaErrors);
    }

    /** Whether the answer is JSON and fits the schema. */
    public boolean valid() {
        return parsed != null && schemaErrors.isEmpty();
    }

    /**
     * Reads {@code content} as asked by {@code format}; null for {@link ResponseFormat.Text} (nothing to check).
     * A JSON answer wrapped in a Markdown code fence (some models add one) is read without the fence.
     */
    public static StructuredOutput of(ResponseFormat format, String content) {
        if (format == null || !format.isJson()) {
            return null;
        }
        String text = unfenced(content == null ? "" : content.strip());
        JsonNode value;
        try {
            value = text.isEmpty() ? null : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new StructuredOutput(null, List.of("the answer is not JSON: " + e.getOriginalMessage()));
        }
        if (value == null || value.isMissingNode()) {
            return new StructuredOutput(null, List.of("the answer is empty, not JSON"));
        }
        if (format instanceof ResponseFormat.JsonSchema s) {
            return new StructuredOutput(value, JsonSchemaValidator.validate(s.schema(), value));
        }
        return new StructuredOutput(value, List.of());
    }

    private static String unfenced(String text) {
        if (!text.startsWith("```") || !text.endsWith("```") || text.length() < 6) {
            return text;
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(nl + 1, text.length() - 3).strip();
    }
}
