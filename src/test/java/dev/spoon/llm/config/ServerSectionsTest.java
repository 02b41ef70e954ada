package dev.spoon.llm.config;

import dev.spoon.llm.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code [mcp_servers.NAME]} and {@code [gateway]} sections of DESIGN.md. */
class ServerSectionsTest {
    @TempDir
    Path dir;

    private ConfigurationManager load(String toml) throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, toml);
        return new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE);
    }

    @Test
    void readsTheDesignDocumentsMcpExample() throws IOException {
        SpoonConfig c = load("""
                [mcp_servers.everything]
                command = "npx"
                args = ["-y", "@modelcontextprotocol/server-everything"]
                env = { }

                [mcp_servers.remote]
                url = "http://127.0.0.1:3001/mcp"
                headers = { Authorization = "Bearer abc" }
                timeout_s = 5
                """).config();
        assertThat(c.mcpServers()).containsOnlyKeys("everything", "remote");
        McpServerConfig everything = c.mcpServers().get("everything");
        assertThat(everything.isStdio()).isTrue();
        assertThat(everything.args()).containsExactly("-y", "@modelcontextprotocol/server-everything");
        assertThat(everything.timeout()).isEqualTo(McpServerConfig.DEFAULT_TIMEOUT);
        McpServerConfig remote = c.mcpServers().get("remote");
        assertThat(remote.isStdio()).isFalse();
        assertThat(remote.headers()).containsEntry("Authorization", "Bearer abc");
        assertThat(remote.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.gateway()).isEqualTo(GatewayConfig.DEFAULT);
    }

    @Test
    void aServerWithBothOrNeitherCommandAndUrlIsNamedWithItsLine() throws IOException {
        assertThatThrownBy(() -> load("""
                [mcp_servers.broken]
                args = ["x"]
                """)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'broken' needs either command")
                .satisfies(e -> assertThat(((ConfigurationException) e).line()).isEqualTo(1));
        assertThatThrownBy(() -> load("""
                [mcp_servers.both]
                command = "x"
                url = "http://127.0.0.1:1/mcp"
                """)).hasMessageContaining("not both");
    }

    @Test
    void argsMustBeStringsAndTheGatewayPortInRange() throws IOException {
        assertThatThrownBy(() -> load("""
                [mcp_servers.s]
                command = "x"
                args = [1, 2]
                """)).hasMessageContaining("expected strings");
        assertThatThrownBy(() -> load("""
                [gateway]
                port = 99999
                """)).hasMessageContaining("out of range");
        SpoonConfig c = load("""
                [gateway]
                port = 9000
                token = "t0k"
                """).config();
        assertThat(c.gateway()).isEqualTo(new GatewayConfig("127.0.0.1", 9000, "t0k", 32));
        assertThat(c.mcpServers()).isEmpty();
        assertThat(List.copyOf(c.warnings())).isEmpty();
    }

    @Test
    void mcpServersAreAddedReplacedAndRemovedThroughTheTypedEditKeepingTheRestOfTheFile() throws IOException {
        ConfigurationManager cm = load("""
                # my settings
                default_provider = "sim"

                [mcp_servers.remote]
                url = "http://127.0.0.1:3001/mcp"
                """);
        cm.edit(e -> e.mcpServer(new McpServerConfig("fs", "npx", List.of("-y", "server-fs", "/tmp"),
                Map.of("DEBUG", "1"), "/tmp", null, null, Duration.ofSeconds(30), false)));
        McpServerConfig fs = cm.config().mcpServers().get("fs");
        assertThat(fs.args()).containsExactly("-y", "server-fs", "/tmp");
        assertThat(fs.env()).containsEntry("DEBUG", "1");
        assertThat(fs.cwd()).isEqualTo("/tmp");
        assertThat(fs.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fs.enabled()).isFalse();
        cm.edit(e -> e.mcpServer(new McpServerConfig("remote", null, null, null, null, "http://127.0.0.1:4000/mcp",
                Map.of("Authorization", "Bearer x"), null, true)));
        assertThat(cm.config().mcpServers().get("remote").url()).isEqualTo("http://127.0.0.1:4000/mcp");
        assertThat(cm.config().mcpServers().get("remote").headers()).containsEntry("Authorization", "Bearer x");
        cm.edit(e -> e.removeMcpServer("fs"));
        assertThat(cm.config().mcpServers()).containsOnlyKeys("remote");
        String file = Files.readString(dir.resolve("config.toml"));
        assertThat(file).contains("default_provider", "4000").doesNotContain("server-fs");
        assertThat(cm.config().defaultProvider()).isEqualTo("sim");
    }
}
