package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks tool definitions and the arguments a model sends against them, for the subset of JSON Schema that
 * tool definitions use: {@code type} (one or a list), {@code properties}, {@code required}, {@code enum},
 * {@code items}, {@code additionalProperties: false}, {@code minimum}/{@code maximum}. Problems are reported
 * as sentences naming the JSON path, never thrown.
 *
 * <p>Why not {@code com.networknt:json-schema-validator}: its 3.x line is built on Jackson 3
 * ({@code tools.jackson}) plus a YAML stack, which would put a second JSON library beside the project's
 * Jackson 2 for this one check.
 */
public final class SchemaCheck {
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean",
            "null");

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
        schemaProblems(tool.name() + ".parameters", p, out);
        return out;
    }

    private static void schemaProblems(String path, JsonNode s, List<String> out) {
        JsonNode type = s.get("type");
        if (type != null) {
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                if (!t.isTextual() || !TYPES.contains(t.asText())) {
                    out.add(path + ".type: '" + t.asText(t.toString()) + "' is not a JSON Schema type (use one of "
                            + String.join(", ", TYPES.stream().sorted().toList()) + ")");
                }
            }
        }
        JsonNode props = s.get("properties");
        if (props != null && !props.isObject()) {
            out.add(path + ".properties must be an object");
        } else if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    out.add(path + ".properties." + e.getKey() + " must be a schema object");
                } else {
                    schemaProblems(path + ".properties." + e.getKey(), e.getValue(), out);
                }
            }
        }
        JsonNode req = s.get("required");
        if (req != null) {
            if (!req.isArray()) {
                out.add(path + ".required must be an array of property names");
            } else {
                for (JsonNode r : req) {
                    if (props == null || !props.has(r.asText())) {
                        out.add(path + ".required names '" + r.asText() + "', which is not in properties");
                    }
                }
            }
        }
        JsonNode en = s.get("enum");
        if (en != null && (!en.isArray() || en.isEmpty())) {
            out.add(path + ".enum must be a non-empty array");
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) {
            schemaProblems(path + ".items", items, out);
        }
    }

    /**
     * What is wrong with {@code arguments} (the model's JSON text) against {@code schema}: invalid JSON, not
     * an object, missing required fields, wrong types, values outside an enum or range, unexpected fields
     * when {@code additionalProperties} is false. Empty when they are fine.
     */
    public static List<String> argumentProblems(JsonNode schema, String arguments) {
        List<String> out = new ArrayList<>();
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(arguments == null ? "" : arguments);
        } catch (Exception e) {
            out.add("not valid JSON: " + firstLine(e.getMessage()));
            return out;
        }
        if (args == null || args.isMissingNode()) {
            out.add("not valid JSON: empty");
            return out;
        }
        if (!args.isObject()) {
            out.add("arguments must be a JSON object, got " + kind(args));
            return out;
        }
        if (schema != null) {
            check("$", schema, args, out);
        }
        return out;
    }

    private static void check(String path, JsonNode schema, JsonNode value, List<String> out) {
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            List<String> names = new ArrayList<>();
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                names.add(t.asText());
                ok |= matches(t.asText(), value);
            }
            if (!ok) {
                out.add(path + ": expected " + String.join(" or ", names) + ", got " + kind(value));
                return;
            }
        }
        JsonNode en = schema.get("enum");
        if (en != null && en.isArray()) {
            boolean found = false;
            for (JsonNode e : en) {
                found |= e.equals(value);
            }
            if (!found) {
                out.add(path + ": " + value + " is not one of " + en);
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                out.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                out.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    out.add(path + ": missing required field '" + r.asText() + "'");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode ps = props.get(f.getKey());
                if (ps != null && ps.isObject()) {
                    check(path + "." + f.getKey(), ps, f.getValue(), out);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    out.add(path + ": unexpected field '" + f.getKey() + "'");
                }
            }
        }
        if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", schema.get("items"), value.get(i), out);
            }
        }
    }

    private static boolean matches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "an object" : v.isArray() ? "an array" : v.isTextual() ? "a string " + v
                : v.isNumber() ? "the number " + v : v.isBoolean() ? "the boolean " + v : v.isNull() ? "null"
                : v.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
