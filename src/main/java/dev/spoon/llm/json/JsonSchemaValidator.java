package dev.spoon.llm.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one JSON Schema check of the project (networknt {@code json-schema-validator}): a structured answer
 * against its {@code --response-format} schema, a tool call's arguments against the tool's parameters, and a
 * schema itself against its meta-schema. A schema without {@code $schema} is read as draft 2020-12 (the
 * dialect OpenAI and Anthropic document); a {@code $schema} naming drafts 4, 6, 7 or 2019-09 is honoured.
 * Remote {@code $ref}s are never fetched: a schema is checked with what it holds.
 *
 * <p>Problems are sentences starting with the JSON path of the value ({@code $.location: integer found, string
 * expected}), never thrown. Thread-safe.
 */
public final class JsonSchemaValidator {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH)
                    .locale(Locale.ENGLISH).build()));

    private JsonSchemaValidator() {
    }

    /**
     * What is wrong with {@code value} against {@code schema}: empty when it validates. A schema the library
     * cannot use gives one problem saying so.
     */
    public static List<String> validate(JsonNode schema, JsonNode value) {
        Schema s;
        try {
            s = REGISTRY.getSchema(schema);
        } catch (SchemaException | IllegalArgumentException e) {
            return List.of("the schema cannot be used: " + firstLine(e.getMessage()));
        }
        try {
            return messages(s.validate(value));
        } catch (SchemaException | IllegalArgumentException e) {
            return List.of("the schema cannot be used: " + firstLine(e.getMessage()));
        }
    }

    /**
     * What is wrong with {@code schema} as a JSON Schema (checked against its dialect's meta-schema, e.g.
     * {@code $.properties.a.type: does not have a value in the enumeration [...]}); empty when it is usable.
     */
    public static List<String> schemaProblems(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return List.of("$: a JSON Schema must be an object");
        }
        String dialect = schema.path("$schema").asText(SpecificationVersion.DRAFT_2020_12.getDialectId());
        Schema meta;
        try {
            meta = REGISTRY.getSchema(com.networknt.schema.SchemaLocation.of(dialect));
        } catch (SchemaException | IllegalArgumentException e) {
            return List.of("$.$schema: unknown dialect '" + dialect + "'");
        }
        // a keyword that may take several shapes (type: a name or a list) fails each shape: keep the first
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (Error e : meta.validate(schema)) {
            if (seen.add(String.valueOf(e.getInstanceLocation()))) {
                out.add(e.toString());
            }
        }
        return out;
    }

    private static List<String> messages(List<Error> errors) {
        List<String> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            out.add(e.toString());
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
