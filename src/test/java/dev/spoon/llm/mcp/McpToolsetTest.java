package dev.spoon.llm.mcp;

import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class McpToolsetTest {
    private static McpTool tool(String server, String name) {
        return new McpTool(server, name, null, "does " + name, Json.tryParse("{\"type\":\"object\"}"), null, null);
    }

    @Test
    void toolsKeepTheirOwnNamesUnlessTwoServersClash() {
        McpToolset set = McpToolset.of(List.of(tool("alpha", "echo"), tool("alpha", "add"), tool("beta", "echo"),
                tool("beta", "sub")), Set.of());
        assertThat(set.tools()).extracting(Tool::name).containsExactly("alpha__echo", "add", "beta__echo", "sub");
        assertThat(set.resolve("beta__echo").orElseThrow().server()).isEqualTo("beta");
        assertThat(set.resolve("beta__echo").orElseThrow().tool().name()).isEqualTo("echo");
        assertThat(set.resolve("echo")).isEmpty();
    }

    @Test
    void aToolDefinedByTheUserWinsItsNameAndUnsafeNamesAreMadeSafe() {
        McpToolset set = McpToolset.of(List.of(tool("fs", "read_file"), tool("web", "fetch.url"),
                tool("web", "x".repeat(80))), Set.of("read_file"));
        assertThat(set.tools()).extracting(Tool::name).containsExactly("fs__read_file", "fetch_url", "x".repeat(64));
        assertThat(set.resolve("fetch_url").orElseThrow().tool().name()).isEqualTo("fetch.url");
    }

    @Test
    void schemasAreNormalizedForEveryProvider() {
        McpTool t = new McpTool("s", "t", null, null, Json.tryParse(
                "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\"}"), null, null);
        Tool offered = McpToolset.of(List.of(t), Set.of()).tools().get(0);
        assertThat(offered.parameters().has("$schema")).isFalse();
        assertThat(offered.parameters().path("properties").isObject()).isTrue();
        assertThat(offered.description()).isEqualTo("t");
    }
}
