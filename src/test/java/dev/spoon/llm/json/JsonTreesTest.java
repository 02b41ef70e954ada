package dev.spoon.llm.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Trees read and written without the ObjectMapper are the ObjectMapper's, byte for byte. */
class JsonTreesTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "null", "true", "\"text\"", "0", "-12", "2147483648", "123456789012345678901234567890",
            "1.5", "-0.0", "1e300", "6.02E23",
            "{\"a\":1,\"b\":[1,2.5,\"x\",null,true,false,{\"c\":{}}],\"d\":\"é \\\"q\\\" \\n \\u0000 \\ud83d\\ude00\"}",
            "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Olá\"},\"finish_reason\":null}],"
                    + "\"usage\":null}",
            "{\"dup\":1,\"dup\":2}", "  {\"spaces\" : [ 1 , 2 ] }  ", "{\"a\":1} trailing"})
    void readsAndWritesExactlyAsTheObjectMapper(String text) throws Exception {
        JsonNode mine = JsonTrees.tryParse(text);
        JsonNode theirs = Json.MAPPER.readTree(text);
        assertThat(mine).isEqualTo(theirs);
        assertThat(mine.getClass()).isEqualTo(theirs.getClass());
        assertThat(JsonTrees.write(mine)).isEqualTo(Json.write(theirs));
        assertThat(JsonTrees.writePretty(mine))
                .isEqualTo(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(theirs));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "nope", "[1,"})
    void notJsonIsNull(String text) {
        assertThat(JsonTrees.tryParse(text)).isNull();
        assertThat(Json.tryParse(text)).isNull();
    }
}
