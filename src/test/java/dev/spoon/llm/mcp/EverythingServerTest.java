package dev.spoon.llm.mcp;

import dev.spoon.llm.config.McpServerConfig;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MCP client against a real third-party server: {@code @modelcontextprotocol/server-everything} from the npm
 * registry (the reference server of the MCP project, written with the TypeScript SDK), pinned in
 * {@code .ci/npm/package.json} and installed by {@code .ci/run} ({@code npm ci --prefix .ci/npm}). Skipped only
 * when node itself is missing; a missing package is a failure that says how to install it.
 */
class EverythingServerTest {
    static final Path SERVER = Path.of(System.getProperty("user.dir"), ".ci", "npm", "node_modules",
            "@modelcontextprotocol", "server-everything", "dist", "index.js");

    /** The path of the installed server; skips when node is missing, fails when the package is. */
    static Path installedServer() {
        assumeTrue(nodeVersion() != null, "node is not installed");
        assertThat(SERVER).withFailMessage("@modelcontextprotocol/server-everything is not installed at %s: run "
                + "`npm ci --prefix .ci/npm` (.ci/run does)", SERVER).exists();
        return SERVER;
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static McpServerConfig stdioConfig() {
        return new McpServerConfig("everything", "node", List.of(installedServer().toString(), "stdio"), Map.of(),
                null, null, null, Duration.ofSeconds(60), true);
    }

    @Test
    void listsAndCallsTheReferenceServersToolsWithSamplingAndRoots(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectory(dir.resolve("my-project"));
        List<SamplingRequest> sampled = new CopyOnWriteArrayList<>();
        List<McpExchange> traffic = new CopyOnWriteArrayList<>();
        CompletableFuture<List<McpTool>> conditional = new CompletableFuture<>();
        McpClientOptions options = McpClientOptions.basic(traffic::add)
                .withSampling(req -> {
                    sampled.add(req);
                    return CompletableFuture.completedFuture(new SamplingResult("Bonjour from the test", "sim-1",
                            "endTurn"));
                })
                .withRoots(List.of(McpRoot.of(project)));
        McpConnection c = McpConnectionTest.open(stdioConfig(), options);
        try {
            assertThat(c.serverName()).startsWith("mcp-servers/everything");
            assertThat(c.tools()).extracting(McpTool::name).contains("echo", "get-sum", "get-tiny-image");
            // tools that depend on the client's capabilities are registered after initialization
            c.addToolsListener(tools -> {
                if (tools.stream().anyMatch(t -> t.name().equals("trigger-sampling-request"))) {
                    conditional.complete(tools);
                }
            });
            if (c.tool("trigger-sampling-request").isPresent()) {
                conditional.complete(c.tools());
            }
            assertThat(conditional.get(60, TimeUnit.SECONDS)).extracting(McpTool::name).contains("get-roots-list");

            McpTool sum = c.tool("get-sum").orElseThrow();
            assertThat(sum.inputSchema().path("properties").has("a")).isTrue();
            McpCallResult r = c.call("get-sum", Json.tryParse("{\"a\":2,\"b\":3}"), null).join();
            assertThat(r.isError()).isFalse();
            assertThat(r.textForModel()).isEqualTo("The sum of 2 and 3 is 5.");

            McpCallResult img = c.call("get-tiny-image", null, null).join();
            assertThat(img.content()).anySatisfy(b -> {
                assertThat(b.path("type").asText()).isEqualTo("image");
                assertThat(b.path("mimeType").asText()).isEqualTo("image/png");
                assertThat(b.path("data").asText()).isNotEmpty();
            });

            McpCallResult s = c.call("trigger-sampling-request", Json.tryParse("{\"prompt\":\"say hi\"}"), null)
                    .join();
            assertThat(s.textForModel()).contains("Bonjour from the test");
            assertThat(sampled).singleElement().satisfies(q -> assertThat(q.messages().get(0).text())
                    .contains("say hi"));

            McpCallResult roots = c.call("get-roots-list", null, null).join();
            assertThat(roots.textForModel()).contains(McpRoot.of(project).uri());

            // the TypeScript SDK reports invalid arguments as a tool error, not a JSON-RPC error
            McpCallResult bad = c.call("get-sum", Json.tryParse("{\"a\":\"x\"}"), null).join();
            assertThat(bad.isError()).isTrue();
            assertThat(bad.textForModel()).isNotBlank();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nserver stderr:\n" + String.join("\n", c.stderr().lines()), e);
        } finally {
            ProcessHandle p = c.process();
            c.close().get(30, TimeUnit.SECONDS);
            assertThat(p.isAlive()).isFalse();
        }
        assertThat(traffic).extracting(McpExchange::method).contains("initialize", "tools/list", "tools/call",
                "sampling/createMessage", "roots/list");
    }

    @Test
    void reachesTheReferenceServerOverStreamableHttp() throws Exception {
        Path server = installedServer();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("node", server.toString(), "streamableHttp");
        pb.environment().put("PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        Process node = pb.start();
        try {
            // wait for its own "listening" line: no fixed sleep
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.contains("listening on port")) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            assertThat(listening.get(60, TimeUnit.SECONDS)).contains(Integer.toString(port));
            CompletableFuture.runAsync(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter()); // keep its pipe drained
                } catch (IOException ignored) {
                    // it exited
                }
            });
            McpServerConfig cfg = new McpServerConfig("everything-http", null, null, null, null,
                    "http://127.0.0.1:" + port + "/mcp", Map.of(), Duration.ofSeconds(60), true);
            McpConnection c = McpConnectionTest.open(cfg, McpClientOptions.basic(null));
            try {
                assertThat(c.tools()).extracting(McpTool::name).contains("echo");
                assertThat(c.call("echo", Json.tryParse("{\"message\":\"over http\"}"), null).join().textForModel())
                        .isEqualTo("Echo: over http");
            } finally {
                c.close().get(30, TimeUnit.SECONDS);
            }
        } finally {
            node.descendants().forEach(ProcessHandle::destroy);
            node.destroy();
            node.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
