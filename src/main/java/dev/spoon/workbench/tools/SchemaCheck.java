package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.json.JsonSchemaValidator;

import java.util.ArrayList;
import java.util.List;

/**
 * The tool inspector's checks: a tool definition (a usable name, parameters that are an object schema valid
 * against the JSON Schema meta-schema, required names that are properties) and the arguments a model sends
 * against it. Schema work is the core's {@link JsonSchemaValidator} (networknt), the same check structured
 * answers get. Problems are sentences naming the JSON path, never thrown.
 */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    /** What is wrong with a tool's definition (empty when it is usable). */
    public static List<String> definitionProblems(Tool tool) {
        List<String> out = new ArrayList<>();
        if (!tool.name().matches("[A-Za-z0-9_-]{1,64}")) {
            out.add("tool '" + tool.name() + "': names may use only letters, digits, _ and - (at most 64)");
        }
        JsonNode p = tool.parameters();
        if (p == null || !p.isObject()) {
            out.add("tool '" + tool.name() + "': parameters must be a JSON Schema object");
            return out;
        }
        if (!"object".equals(p.path("type").asText())) {
            out.add("tool '" + tool.name() + "': parameters.type must be \"object\"");
        }
        for (String problem : JsonSchemaValidator.schemaProblems(p)) {
            out.add(tool.name() + ".parameters" + (problem.startsWith("$") ? problem.substring(1) : ": " + problem));
        }
        // valid JSON Schema, but a model can never satisfy it: a required name that is no property
        JsonNode props = p.path("properties");
        for (JsonNode r : p.path("required")) {
            if (!props.has(r.asText())) {
                out.add(tool.name() + ".parameters.required names '" + r.asText() + "', which is not in properties");
            }
        }
        return out;
    }

    /**
     * What is wrong with {@code arguments} (the model's JSON text) against {@code schema}: invalid JSON, not
     * an object, or what the schema rejects (missing required fields, wrong types, values outside an enum or
     * range, unexpected fields). Empty when they are fine.
     */
    public static List<String> argumentProblems(JsonNode schema, String arguments) {
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(arguments == null ? "" : arguments);
        } catch (Exception e) {
            return List.of("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (args == null || args.isMissingNode()) {
            return List.of("not valid JSON: empty");
        }
        if (!args.isObject()) {
            return List.of("arguments must be a JSON object, got " + (args.isArray() ? "an array" : args.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT)));
        }
        return schema == null || !schema.isObject() ? List.of() : JsonSchemaValidator.validate(schema, args);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
