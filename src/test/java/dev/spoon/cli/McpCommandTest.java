package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import dev.spoon.testing.mcp.TestMcpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spoon mcp list|tools|call} and {@code spoon chat --mcp}, against the test server as a subprocess. */
class McpCommandTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.json").toString());
    }

    /** A JSON configuration with the test server as {@code names} (and whatever {@code more} adds). */
    private Path config(List<String> names, Consumer<ObjectNode> more) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode servers = root.putObject("mcp_servers");
        List<String> cmd = TestMcpServer.stdioCommand();
        for (String n : names) {
            ObjectNode s = servers.putObject(n);
            s.put("command", cmd.get(0));
            ArrayNode args = s.putArray("args");
            cmd.subList(1, cmd.size()).forEach(args::add);
        }
        more.accept(root);
        Path f = dir.resolve("config.json");
        Files.writeString(f, root.toPrettyString());
        return f;
    }

    private Path config(String... names) throws IOException {
        return config(List.of(names), r -> { });
    }

    private static List<JsonNode> lines(String out) {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(Json.tryParse(s));
            }
        }
        return l;
    }

    @Test
    void listShowsStatusToolCountAndTheLastError() throws IOException {
        Path cfg = config(List.of("test"), r -> {
            ObjectNode s = (ObjectNode) r.get("mcp_servers");
            s.putObject("ghost").put("command", "no-such-mcp-server-command");
            s.putObject("off").put("command", "whatever").put("enabled", false);
        });
        CliRunner.Result r = CliRunner.run(env, "mcp", "list", "--config", cfg.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(1); // one enabled server failed
        JsonNode servers = Json.tryParse(r.out()).get("servers");
        assertThat(servers).hasSize(3);
        assertThat(servers.get(0).get("name").asText()).isEqualTo("test");
        assertThat(servers.get(0).get("status").asText()).isEqualTo("connected");
        assertThat(servers.get(0).get("transport").asText()).isEqualTo("stdio");
        assertThat(servers.get(0).get("tool_count").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(servers.get(0).get("last_error").isNull()).isTrue();
        assertThat(servers.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(servers.get(1).get("last_error").asText()).contains("MCP server 'ghost'", "no such program");
        assertThat(servers.get(2).get("status").asText()).isEqualTo("disabled");
    }

    @Test
    void toolsPrintsEachToolWithItsInputSchema() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "mcp", "tools", "test", "--config", config("test").toString(),
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("server").asText()).isEqualTo("test");
        JsonNode add = null;
        for (JsonNode t : o.get("tools")) {
            if (t.get("name").asText().equals("add")) {
                add = t;
            }
        }
        assertThat(add).isNotNull();
        assertThat(add.get("description").asText()).isEqualTo("Adds two numbers");
        assertThat(add.get("input_schema").get("required").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void callPrintsTheContentBlocksAndStructuredContent() throws IOException {
        Path cfg = config("test");
        CliRunner.Result r = CliRunner.run(env, "mcp", "call", "test", "add", "--args", "{\"a\":2,\"b\":3}",
                "--config", cfg.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("server").asText()).isEqualTo("test");
        assertThat(o.get("tool").asText()).isEqualTo("add");
        assertThat(o.get("is_error").asBoolean()).isFalse();
        assertThat(o.get("content").get(0).get("type").asText()).isEqualTo("text");
        assertThat(o.get("content").get(0).get("text").asText()).isEqualTo("5");
        assertThat(o.get("structured_content").get("sum").asInt()).isEqualTo(5);

        CliRunner.Result text = CliRunner.run(env, "mcp", "call", "test", "echo", "--args", "{\"text\":\"hi\"}",
                "--config", cfg.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out().strip()).isEqualTo("echo: hi");
    }

    @Test
    void aToolErrorIsPrintedAndExitsOne() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "mcp", "call", "test", "fail", "--args", "{\"message\":\"nope\"}",
                "--config", config("test").toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("is_error").asBoolean()).isTrue();
        assertThat(o.get("content").get(0).get("text").asText()).isEqualTo("failed: nope");
    }

    @Test
    void aServerThatExitsDuringACallIsAnErrorNamingItWithItsStderr() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "mcp", "call", "test", "crash", "--args",
                "{\"message\":\"out of coffee\"}", "--config", config("test").toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("McpError");
        assertThat(e.get("server").asText()).isEqualTo("test");
        assertThat(e.get("reason").asText()).isEqualTo("exited");
        assertThat(e.get("message").asText()).contains("MCP server 'test' exited with code 3 during tools/call "
                + "'crash'", "out of coffee");
        assertThat(e.get("stderr_tail").toString()).contains("out of coffee");
    }

    @Test
    void badArgumentsAreAUsageErrorAndAnUnknownServerNamesTheConfiguredOnes() throws IOException {
        Path cfg = config("test");
        CliRunner.Result r = CliRunner.run(env, "mcp", "call", "test", "echo", "--args", "[1]", "--config",
                cfg.toString(), "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Json.tryParse(r.out()).get("error").get("type").asText()).isEqualTo("UsageError");
        CliRunner.Result u = CliRunner.run(env, "mcp", "tools", "nope", "--config", cfg.toString(), "--json");
        assertThat(u.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(u.out()).get("error");
        assertThat(e.get("reason").asText()).isEqualTo("unknown_server");
        assertThat(e.get("message").asText()).contains("no MCP server 'nope'", "configured: test");
        CliRunner.Result t = CliRunner.run(env, "mcp", "call", "test", "nope", "--config", cfg.toString(), "--json");
        assertThat(Json.tryParse(t.out()).get("error").get("message").asText()).contains("has no tool 'nope'",
                "echo");
    }

    @Test
    void chatRunsTheToolLoopAndReportsTheSteps() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "chat", "--mcp", "test", "--tool-choice", "echo", "--message",
                "hello tools", "--config", config("test").toString(), "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(o.get("content").asText()).as(r.out()).contains("The echo tool returned: echo: hello tools");
        JsonNode steps = o.get("steps");
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).get("server").asText()).isEqualTo("test");
        assertThat(steps.get(0).get("tool").asText()).isEqualTo("echo");
        assertThat(Json.tryParse(steps.get(0).get("arguments").asText()).get("text").asText())
                .isEqualTo("hello tools");
        assertThat(steps.get(0).get("is_error").asBoolean()).isFalse();
        assertThat(steps.get(0).get("content").get(0).get("text").asText()).isEqualTo("echo: hello tools");
        assertThat(steps.get(0).get("duration_ms").asLong()).isNotNegative();
        assertThat(o.get("usage").get("total_tokens").asInt()).isPositive();
    }

    @Test
    void streamedJsonChatPrintsToolCallAndToolResultLines() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "chat", "--mcp", "test", "--tool-choice", "echo", "--message",
                "streamed", "--stream", "--json", "--config", config("test").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        List<String> types = lines.stream().map(l -> l.get("type").asText()).toList();
        int call = types.indexOf("tool_call");
        int result = types.indexOf("tool_result");
        assertThat(call).isGreaterThanOrEqualTo(0);
        assertThat(result).isEqualTo(call + 1);
        assertThat(types.get(types.size() - 1)).isEqualTo("result");
        assertThat(types.subList(result + 1, types.size() - 1)).isNotEmpty().containsOnly("delta");
        JsonNode c = lines.get(call);
        assertThat(c.get("server").asText()).isEqualTo("test");
        assertThat(c.get("tool").asText()).isEqualTo("echo");
        assertThat(c.get("id").asText()).isNotBlank();
        JsonNode res = lines.get(result);
        assertThat(res.get("id").asText()).isEqualTo(c.get("id").asText());
        assertThat(res.get("content").get(0).get("text").asText()).isEqualTo("echo: streamed");
        assertThat(lines.get(lines.size() - 1).get("steps")).hasSize(1);
        assertThat(lines.get(lines.size() - 1).get("content").asText()).contains("The echo tool returned: echo: "
                + "streamed");
    }

    @Test
    void clashingToolNamesArePrefixedWithTheirServer() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "chat", "--mcp", "alpha", "--mcp", "beta", "--tool-choice",
                "beta__echo", "--message", "which one", "--config", config("alpha", "beta").toString(), "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode step = Json.tryParse(r.out()).get("steps").get(0);
        assertThat(step.get("server").asText()).isEqualTo("beta");
        assertThat(step.get("tool").asText()).isEqualTo("echo");
    }

    @Test
    void maxStepsStopsARoundThatWouldGoPastIt() throws IOException {
        Path cfg = config(List.of("test"), r -> r.putObject("providers").putObject("twocalls").put("type", "sim")
                .set("tool_calls", Json.tryParse("[{\"name\":\"echo\",\"arguments\":{\"text\":\"a\"}},"
                        + "{\"name\":\"echo\",\"arguments\":{\"text\":\"b\"}}]")));
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "twocalls", "--mcp", "test", "--max-steps", "1",
                "--message", "go", "--config", cfg.toString(), "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("step_limit_reached").asBoolean()).isTrue();
        assertThat(o.get("steps")).isEmpty();
        assertThat(o.get("tool_calls")).hasSize(2);
        assertThat(r.err()).contains("stopped after 0 tool calls (--max-steps 1)");
    }

    @Test
    void aServerThatFailsToStartFailsTheChatNamingIt() throws IOException {
        Path cfg = config(List.of(), r -> r.putObject("mcp_servers").putObject("ghost").put("command",
                "no-such-mcp-server-command"));
        CliRunner.Result r = CliRunner.run(env, "chat", "--mcp", "ghost", "--message", "x", "--config",
                cfg.toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("McpError");
        assertThat(e.get("server").asText()).isEqualTo("ghost");
        assertThat(e.get("reason").asText()).isEqualTo("start_failed");
    }

    @Test
    void everyJsonRpcPairIsADebugLogRecordOfKindMcp() throws IOException {
        Path log = dir.resolve("debug.jsonl");
        Path cfg = config(List.of("test"), r -> r.putObject("debug").put("enabled", true).put("file",
                log.toString()));
        CliRunner.Result r = CliRunner.run(env, "mcp", "call", "test", "echo", "--args", "{\"text\":\"logged\"}",
                "--config", cfg.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> records = lines(Files.readString(log));
        assertThat(records).extracting(n -> n.get("kind").asText()).containsOnly("mcp");
        assertThat(records).extracting(n -> n.get("method").asText()).contains("initialize", "tools/list",
                "tools/call");
        JsonNode call = records.stream().filter(n -> n.get("method").asText().equals("tools/call")).findFirst()
                .orElseThrow();
        assertThat(call.get("provider").asText()).isEqualTo("test");
        JsonNode req = Json.tryParse(call.get("request").get("body").asText());
        assertThat(req.get("params").get("arguments").get("text").asText()).isEqualTo("logged");
        JsonNode resp = Json.tryParse(call.get("response").get("body").asText());
        assertThat(resp.get("result").get("content").get(0).get("text").asText()).isEqualTo("echo: logged");
        assertThat(resp.get("id").asText()).isEqualTo(req.get("id").asText());
        assertThat(call.get("duration_ms").asLong()).isNotNegative();
        assertThat(call.get("tags").get("origin").asText()).isEqualTo("cli");
    }
}
