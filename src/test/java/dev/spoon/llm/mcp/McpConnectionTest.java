package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Message;
import dev.spoon.llm.json.Json;
import dev.spoon.testing.mcp.TestMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MCP client against the test server (built with the same SDK) running as a real stdio subprocess: one
 * server for the tests that leave it running, fresh ones for those that end it.
 */
class McpConnectionTest {
    private static final List<McpExchange> TRAFFIC = new CopyOnWriteArrayList<>();
    private static McpConnection shared;

    @BeforeAll
    static void connect() {
        shared = open(TestMcpServer.stdio("test", Duration.ofSeconds(60), Map.of("SPOON_TEST_VALUE", "v42"), null),
                McpClientOptions.basic(TRAFFIC::add));
    }

    @AfterAll
    static void disconnect() throws Exception {
        ProcessHandle p = shared.process();
        shared.close().get(30, TimeUnit.SECONDS);
        assertThat(p.isAlive()).isFalse();
    }

    static McpConnection open(dev.spoon.llm.config.McpServerConfig cfg, McpClientOptions options) {
        return McpConnection.open(cfg, options, null).orTimeout(60, TimeUnit.SECONDS).join();
    }

    static McpException failure(CompletableFuture<?> f) {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(McpException.class);
            return (McpException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void initializesAndListsTheToolsWithTheirSchemas() {
        assertThat(shared.serverName()).isEqualTo("spoon-test-server 1.0");
        assertThat(shared.tools()).extracting(McpTool::name).contains("echo", "add", "fail", "crash", "hang", "image");
        McpTool add = shared.tool("add").orElseThrow();
        assertThat(add.server()).isEqualTo("test");
        assertThat(add.inputSchema().path("required").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(add.outputSchema().path("properties").has("sum")).isTrue();
        assertThat(TRAFFIC).anySatisfy(e -> {
            assertThat(e.method()).isEqualTo("initialize");
            assertThat(e.params().path("clientInfo").path("name").asText()).isEqualTo("spoon");
            assertThat(e.result().path("serverInfo").path("name").asText()).isEqualTo("spoon-test-server");
        });
    }

    @Test
    void callsAToolAndLogsTheRequestResponsePair() {
        McpCallResult r = shared.call("echo", Json.tryParse("{\"text\":\"hi there\"}"), "unit").join();
        assertThat(r.isError()).isFalse();
        assertThat(r.textForModel()).isEqualTo("echo: hi there");
        assertThat(r.toJson().path("content").get(0).path("type").asText()).isEqualTo("text");
        McpExchange call = TRAFFIC.stream().filter(e -> "tools/call".equals(e.method())
                && e.params().path("arguments").path("text").asText().equals("hi there")).findFirst().orElseThrow();
        assertThat(call.fromServer()).isFalse();
        assertThat(call.id()).isNotNull();
        assertThat(call.params().path("name").asText()).isEqualTo("echo");
        assertThat(call.result().path("content").get(0).path("text").asText()).isEqualTo("echo: hi there");
        assertThat(call.error()).isNull();
        assertThat(call.durationMs()).isGreaterThanOrEqualTo(0);
        assertThat(call.callTag()).startsWith("unit #");
    }

    @Test
    void structuredContentAndContentBlocksArrive() {
        McpCallResult sum = shared.call("add", Json.tryParse("{\"a\":2,\"b\":3}"), null).join();
        assertThat(sum.structuredContent().path("sum").asLong()).isEqualTo(5);
        assertThat(sum.toJson().path("structured_content").path("sum").asLong()).isEqualTo(5);
        McpCallResult img = shared.call("image", null, null).join();
        assertThat(img.content()).extracting(b -> b.path("type").asText()).containsExactly("text", "image",
                "resource");
        assertThat(img.content().get(1).path("data").asText()).isEqualTo(TestMcpServer.TINY_PNG);
        assertThat(img.textForModel()).contains("a tiny image", "[image image/png", "resource text");
    }

    @Test
    void aToolThatReportsAnErrorIsAResultWithIsError() {
        McpCallResult r = shared.call("fail", Json.tryParse("{\"message\":\"disk full\"}"), null).join();
        assertThat(r.isError()).isTrue();
        assertThat(r.textForModel()).isEqualTo("failed: disk full");
    }

    @Test
    void anUnknownToolIsAJsonRpcErrorNamingTheServer() {
        McpException e = failure(shared.call("no_such_tool", null, null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.RPC_ERROR);
        assertThat(e.rpcCode()).isNotNull();
        assertThat(e.getMessage()).contains("MCP server 'test'", "tools/call 'no_such_tool'", "JSON-RPC error");
        assertThat(TRAFFIC).anySatisfy(x -> {
            assertThat(x.params() != null && "no_such_tool".equals(x.params().path("name").asText())).isTrue();
            assertThat(x.error().path("code").asInt()).isEqualTo(e.rpcCode());
        });
    }

    @Test
    void argumentsThatAreNotAnObjectAreRefused() {
        McpException e = failure(shared.call("echo", Json.tryParse("[1]"), null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.BAD_ARGUMENTS);
    }

    @Test
    void environmentAndWorkingFolderReachTheProcess(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(shared.call("env", Json.tryParse("{\"name\":\"SPOON_TEST_VALUE\"}"), null).join().textForModel())
                .startsWith("v42 cwd=");
        McpConnection c = open(TestMcpServer.stdio("cwd", Duration.ofSeconds(60), Map.of(), dir.toString()),
                McpClientOptions.basic(null));
        try {
            assertThat(c.call("env", Json.tryParse("{\"name\":\"HOME\"}"), null).join().textForModel())
                    .endsWith("cwd=" + dir.toAbsolutePath());
        } finally {
            c.close().join();
        }
    }

    @Test
    void aNewToolArrivesThroughListChanged() {
        CompletableFuture<List<McpTool>> changed = new CompletableFuture<>();
        shared.addToolsListener(tools -> {
            if (tools.stream().anyMatch(t -> t.name().equals("late_tool"))) {
                changed.complete(tools);
            }
        });
        shared.call("add_tool", Json.tryParse("{\"name\":\"late_tool\"}"), null).join();
        assertThat(changed.orTimeout(60, TimeUnit.SECONDS).join()).extracting(McpTool::name).contains("late_tool");
        assertThat(shared.tool("late_tool")).isPresent();
        assertThat(shared.call("late_tool", null, null).join().textForModel()).isEqualTo("I am late_tool");
        assertThat(TRAFFIC).anySatisfy(e -> {
            assertThat(e.method()).isEqualTo("notifications/tools/list_changed");
            assertThat(e.fromServer()).isTrue();
        });
    }

    @Test
    void cancellingACallTellsTheServer() {
        CompletableFuture<String> started = new CompletableFuture<>();
        java.util.function.Consumer<String> watch = line -> {
            if (line.contains("hang started")) {
                started.complete(line);
            }
        };
        shared.stderr().addListener(watch);
        CompletableFuture<McpCallResult> call = shared.call("hang", null, "cancel-test");
        started.orTimeout(60, TimeUnit.SECONDS).join();
        shared.stderr().removeListener(watch);
        call.cancel(true);
        assertThat(TRAFFIC).anySatisfy(e -> {
            assertThat(e.method()).isEqualTo("notifications/cancelled");
            assertThat(e.params().path("reason").asText()).isEqualTo("cancelled by the user");
        });
        McpExchange hung = TRAFFIC.stream().filter(e -> "tools/call".equals(e.method()) && e.callTag() != null
                && e.callTag().startsWith("cancel-test")).findFirst().orElseThrow();
        assertThat(hung.error().path("message").asText()).isEqualTo("cancelled by the user");
        // the session is still usable
        assertThat(shared.call("echo", Json.tryParse("{\"text\":\"after\"}"), null).join().textForModel())
                .isEqualTo("echo: after");
    }

    @Test
    void aCallThatTimesOutNamesTheLimitAndIsCancelled() {
        List<McpExchange> traffic = new CopyOnWriteArrayList<>();
        McpConnection c = open(TestMcpServer.stdio("slow", Duration.ofMillis(400), Map.of(), null),
                McpClientOptions.basic(traffic::add));
        try {
            McpException e = failure(c.call("hang", null, null));
            assertThat(e.reason()).isEqualTo(McpException.Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("MCP server 'slow' did not answer tools/call 'hang' within 0.4 s "
                    + "(timeout_s)");
            assertThat(traffic).anySatisfy(x -> assertThat(x.method()).isEqualTo("notifications/cancelled"));
        } finally {
            c.close().join();
        }
    }

    @Test
    void aServerThatExitsDuringACallFailsItWithTheTailOfItsStderrAndLeavesNoChildBehind(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CompletableFuture<McpException> ended = new CompletableFuture<>();
        java.nio.file.Path childPid = dir.resolve("child.pid");
        McpConnection c = open(TestMcpServer.stdio("crashy", Duration.ofSeconds(60),
                Map.of("SPOON_TEST_CHILD_PIDFILE", childPid.toString()), null, "--spawn-child"),
                McpClientOptions.basic(null));
        c.onEnd(ended::complete);
        ProcessHandle p = c.process();
        ProcessHandle child = ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(childPid).strip()))
                .orElseThrow();
        McpException e = failure(c.call("crash", Json.tryParse("{\"message\":\"Segfault in the flux capacitor\"}"),
                null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.EXITED);
        assertThat(e.getMessage()).contains("MCP server 'crashy' exited with code 3 during tools/call 'crash'",
                "Segfault in the flux capacitor");
        assertThat(e.stderrTail()).contains("Segfault in the flux capacitor");
        assertThat(ended.get(60, TimeUnit.SECONDS).getMessage()).contains("exited with code 3");
        assertThat(p.isAlive()).isFalse();
        // the crashed server did not end its child, which is then no longer its descendant: it was seen before
        child.onExit().get(60, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
        McpException after = failure(c.call("echo", Json.tryParse("{\"text\":\"x\"}"), null));
        assertThat(after.reason()).isEqualTo(McpException.Reason.EXITED);
        c.close().join();
    }

    @Test
    void aCommandThatDoesNotExistNamesTheServerAndTheCommand() {
        var cfg = new dev.spoon.llm.config.McpServerConfig("ghost", "no-such-mcp-server-command", List.of("--x"),
                Map.of(), null, null, null, null, true);
        McpException e = failure(McpConnection.open(cfg, McpClientOptions.basic(null), null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.START_FAILED);
        assertThat(e.getMessage()).contains("MCP server 'ghost'", "no-such-mcp-server-command --x",
                "no such program");
        assertThat(e.hint()).contains("[mcp_servers.ghost]");
    }

    @Test
    void aServerThatDiesBeforeAnsweringInitializeShowsItsStderr() {
        var cfg = new dev.spoon.llm.config.McpServerConfig("broken", "sh", List.of("-c",
                "echo 'Error: Cannot find module server.js' >&2; exit 4"), Map.of(), null, null, null, null, true);
        McpException e = failure(McpConnection.open(cfg, McpClientOptions.basic(null), null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.EXITED);
        assertThat(e.getMessage()).contains("MCP server 'broken' exited with code 4 during initialize",
                "Error: Cannot find module server.js");
    }

    @Test
    void samplingAndRootsWorkBothWays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path a = java.nio.file.Files.createDirectory(dir.resolve("project-a"));
        java.nio.file.Path b = java.nio.file.Files.createDirectory(dir.resolve("project-b"));
        List<SamplingRequest> seen = new CopyOnWriteArrayList<>();
        McpSamplingHandler handler = req -> {
            seen.add(req);
            return req.messages().get(0).text().contains("decline") ? McpSamplingHandler.decline("not now")
                    : CompletableFuture.completedFuture(new SamplingResult("forty-two", "sim-1", "endTurn"));
        };
        List<McpExchange> traffic = new CopyOnWriteArrayList<>();
        McpConnection c = open(TestMcpServer.stdio("peer", Duration.ofSeconds(60), Map.of(), null),
                McpClientOptions.basic(traffic::add).withSampling(handler).withRoots(List.of(McpRoot.of(a))));
        try {
            // sampling: the request reaches the handler, its answer goes back to the server
            McpCallResult r = c.call("sample", Json.tryParse("{\"prompt\":\"meaning of life?\"}"), null).join();
            assertThat(r.textForModel()).isEqualTo("model said: forty-two (sim-1)");
            assertThat(seen).singleElement().satisfies(s -> {
                assertThat(s.server()).isEqualTo("peer");
                assertThat(s.systemPrompt()).isEqualTo("You are a test.");
                assertThat(s.maxTokens()).isEqualTo(50);
                assertThat(s.messages()).extracting(Message::text).containsExactly("meaning of life?");
            });
            assertThat(traffic).anySatisfy(x -> {
                assertThat(x.method()).isEqualTo("sampling/createMessage");
                assertThat(x.fromServer()).isTrue();
                assertThat(x.result().path("content").path("text").asText()).isEqualTo("forty-two");
            });
            // a declined request is the spec's "user rejected" error
            try {
                c.call("sample", Json.tryParse("{\"prompt\":\"please decline\"}"), null).join();
            } catch (CompletionException ignored) {
                // the server turns the refusal into an error of its own
            }
            McpExchange declined = traffic.stream().filter(x -> "sampling/createMessage".equals(x.method())
                    && x.error() != null).findFirst().orElseThrow();
            assertThat(declined.error().path("code").asInt()).isEqualTo(-1);
            assertThat(declined.error().path("message").asText()).contains("User rejected", "not now");
            // roots: offered, and a change is announced
            assertThat(c.call("roots", null, null).join().textForModel()).isEqualTo(McpRoot.of(a).uri());
            c.setRoots(List.of(McpRoot.of(b))).get(60, TimeUnit.SECONDS);
            assertThat(c.call("roots", null, null).join().textForModel()).isEqualTo(McpRoot.of(b).uri());
            assertThat(traffic).anySatisfy(x -> assertThat(x.method())
                    .isEqualTo("notifications/roots/list_changed"));
            JsonNode listed = traffic.stream().filter(x -> "roots/list".equals(x.method())).reduce((x, y) -> y)
                    .orElseThrow().result();
            assertThat(listed.path("roots").get(0).path("name").asText()).isEqualTo("project-b");
        } finally {
            c.close().join();
        }
    }

    @Test
    void closingEndsTheWholeProcessTree(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path childPid = dir.resolve("child.pid");
        McpConnection c = open(TestMcpServer.stdio("parent", Duration.ofSeconds(60),
                Map.of("SPOON_TEST_CHILD_PIDFILE", childPid.toString()), null, "--spawn-child"),
                McpClientOptions.basic(null));
        ProcessHandle server = c.process();
        ProcessHandle child = ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(childPid).strip()))
                .orElseThrow();
        assertThat(child.parent()).map(ProcessHandle::pid).contains(server.pid());
        c.close().get(30, TimeUnit.SECONDS);
        assertThat(server.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
        assertThat(ProcessReaper.live()).noneMatch(p -> p.pid() == server.pid());
    }
}
