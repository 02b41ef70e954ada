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
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"city\":\"Paris\"}")).contains(
                "$: required property 'location' not found");
        assertThat(SchemaCheck.argumentProblems(WEATHER, "{\"location\":42,\"unit\":\"kelvin\"}")).containsExactly(
                "$.location: integer found, string expected",
                "$.unit: does not have a value in the enumeration [\"celsius\", \"fahrenheit\"]");
        assertThat(SchemaCheck.argumentProblems(CALC, "{\"expression\":\"1\",\"precision\":2}")).containsExactly(
                "$: property 'precision' is not defined in the schema and the schema does not allow additional "
                        + "properties");
    }

    @Test
    void definitionsAreCheckedWithPaths() {
        ToolDefinitions d = ToolDefinitions.parse("""
                [{"type":"function","function":{"name":"bad tool","parameters":{"type":"object",
                  "properties":{"a":{"type":"text"}},"required":["b"]}}}]""");
        assertThat(d.valid()).isFalse();
        assertThat(d.problems()).containsExactly(
                "tool 'bad tool': names may use only letters, digits, _ and - (at most 64)",
                "bad tool.parameters.properties.a.type: does not have a value in the enumeration [\"array\", \"boolean\", "
                        + "\"integer\", \"null\", \"number\", \"object\", \"string\"]",
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
