package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCheckTest {
    private static final JsonNode WEATHER = BuiltInTools.Example.WEATHER.definition().path("function")
            .path("parameters");
    private static final JsonNode CALC = BuiltInTools.Example.CALCULATOR.definition().path("function")
            .path("parameters");

    @Test
    void goodArgumentsHaveNoProblems() {
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"location\":\"Paris\",\"unit\":\"celsius\"}")).isEmpty();
    }

    @Test
    void flagsInvalidJsonMissingFieldsWrongTypesEnumsAndExtraFields() {
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"location\": \"Par")).singleElement().asString()
                .startsWith("not valid JSON: ");
        assertThat(SchemaCheck.argumentProblems(WEATHER, "[1]")).containsExactly(
                "arguments must be a JSON object, got an array");
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"city\":\"Paris\"}")).containsExactly(
                "$: missing required field 'location'");
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"location\":42,\"unit\":\"kelvin\"}")).containsExactly(
                "$.location: expected string, got the number 42", "$.unit: \"kelvin\" is not one of [\"celsius\",\"fahrenheit\"]");
        assertThat(SchemaCheck.argumentProblems(CALC, "{\"expression\":\"1\",\"precision\":2}")).containsExactly(
                "$: unexpected field 'precision'");
    }

    @Test
    void definitionsAreCheckedWithPaths() {
        ToolDefinitions d = ToolDefinitions.parse("""
                [{"type":"function","function":{"name":"bad tool","parameters":{"type":"object",
                  "properties":{"a":{"type":"text"}},"required":["b"]}}}]""");
        assertThat(d.valid()).isFalse();
        assertThat(d.problems()).containsExactly(
                "tool 'bad tool': names may use only letters, digits, _ and - (at most 64)",
                "bad tool.parameters.properties.a.type: 'text' is not a JSON Schema type (use one of array, boolean, "
                        + "integer, null, number, object, string)",
                "bad tool.parameters.required names 'b', which is not in properties");
        assertThat(ToolDefinitions.parse("[{\"type\":\"function\"").problems()).singleElement().asString()
                .startsWith("not valid JSON");
        assertThat(ToolDefinitions.parse("").problems()).containsExactly(
                "no tools defined: add an example or load a tools file");
        String two = ToolDefinitions.withTool(ToolDefinitions.withTool("", BuiltInTools.Example.WEATHER.definition()),
                BuiltInTools.Example.WEATHER.definition());
        assertThat(ToolDefinitions.parse(two).tools()).hasSize(1);
    }
}
