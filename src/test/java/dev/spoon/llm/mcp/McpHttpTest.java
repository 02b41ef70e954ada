package dev.spoon.llm.mcp;

import dev.spoon.llm.json.Json;
import dev.spoon.testing.mcp.TestMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The MCP client against the test server's streamable-HTTP endpoint (Jetty on loopback). */
class McpHttpTest {
    private static TestMcpServer.Http server;

    @BeforeAll
    static void start() throws Exception {
        server = TestMcpServer.startHttp("Bearer s3cret-token");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void connectsWithTheConfiguredHeadersListsAndCallsTools() {
        List<McpExchange> traffic = new CopyOnWriteArrayList<>();
        McpConnection c = McpConnectionTest.open(TestMcpServer.http("remote", server.url(),
                Map.of("Authorization", "Bearer s3cret-token")), McpClientOptions.basic(traffic::add));
        try {
            assertThat(c.process()).isNull();
            assertThat(c.serverName()).isEqualTo("spoon-test-server 1.0");
            assertThat(c.tools()).extracting(McpTool::name).contains("echo", "add");
            McpCallResult r = c.call("add", Json.tryParse("{\"a\":40,\"b\":2}"), null).join();
            assertThat(r.structuredContent().path("sum").asLong()).isEqualTo(42);
            McpException e = McpConnectionTest.failure(c.call("nope", null, null));
            assertThat(e.reason()).isEqualTo(McpException.Reason.RPC_ERROR);
            assertThat(e.stderrTail()).isEmpty();
            assertThat(traffic).extracting(McpExchange::method).contains("initialize", "tools/list", "tools/call");
        } finally {
            c.close().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void aWrongTokenIsAStartFailureNamingTheServer() {
        McpException e = McpConnectionTest.failure(McpConnection.open(TestMcpServer.http("remote", server.url(),
                Map.of("Authorization", "Bearer wrong")), McpClientOptions.basic(null), null));
        assertThat(e.getMessage()).contains("MCP server 'remote'");
        assertThat(e.getMessage()).contains("refused the request (HTTP 401)", "[mcp_servers.remote]");
    }

    @Test
    void nothingListeningIsAStartFailureNamingTheServer() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        McpException e = McpConnectionTest.failure(McpConnection.open(TestMcpServer.http("down",
                "http://127.0.0.1:" + port + "/mcp", Map.of()), McpClientOptions.basic(null), null));
        assertThat(e.reason()).isEqualTo(McpException.Reason.START_FAILED);
        assertThat(e.getMessage()).contains("MCP server 'down'");
    }
}
