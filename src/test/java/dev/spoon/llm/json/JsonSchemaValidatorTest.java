package dev.spoon.llm.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSchemaValidatorTest {
    private static final JsonNode WEATHER = Json.tryParse("""
            {"type":"object","properties":{"location":{"type":"string"},
             "unit":{"type":"string","enum":["celsius","fahrenheit"]},
             "days":{"type":"integer","minimum":1,"maximum":14}},
             "required":["location"],"additionalProperties":false}""");

    @Test
    void aValidValueHasNoProblems() {
        assertThat(JsonSchemaValidator.validate(WEATHER, Json.tryParse("{\"location\":\"Paris\",\"days\":3}"))).isEmpty();
    }

    @Test
    void problemsNameThePathAndWhatIsWrong() {
        assertThat(JsonSchemaValidator.validate(WEATHER, Json.tryParse(
                "{\"location\":42,\"unit\":\"kelvin\",\"days\":20,\"extra\":1}"))).containsExactlyInAnyOrder(
                "$.location: integer found, string expected",
                "$.unit: does not have a value in the enumeration [\"celsius\", \"fahrenheit\"]",
                "$.days: must have a maximum value of 14",
                "$: property 'extra' is not defined in the schema and the schema does not allow additional properties");
        assertThat(JsonSchemaValidator.validate(WEATHER, Json.tryParse("{}")))
                .containsExactly("$: required property 'location' not found");
    }

    @Test
    void schemasAreCheckedAgainstTheirMetaSchema() {
        assertThat(JsonSchemaValidator.schemaProblems(WEATHER)).isEmpty();
        assertThat(JsonSchemaValidator.schemaProblems(Json.tryParse(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"text\"}}}"))).isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("$.properties.a.type"));
        assertThat(JsonSchemaValidator.schemaProblems(Json.tryParse("[1]"))).containsExactly(
                "$: a JSON Schema must be an object");
    }

    @Test
    void aDraft7SchemaIsReadInItsOwnDialect() {
        JsonNode draft7 = Json.tryParse("""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"array","items":{"type":"number"}}""");
        assertThat(JsonSchemaValidator.schemaProblems(draft7)).isEmpty();
        assertThat(JsonSchemaValidator.validate(draft7, Json.tryParse("[1,\"x\"]")))
                .containsExactly("$[1]: string found, number expected");
    }
}
