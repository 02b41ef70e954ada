package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import dev.spoon.testing.mcp.TestMcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No MCP server outlives the command line that started it: a {@code spoon mcp call} in its own JVM is ended in
 * the middle of a call, politely (SIGTERM: the shutdown hook ends the server's process tree) and outright
 * (SIGKILL: no hook runs; the server sees its stdin close and exits).
 */
class McpProcessLifetimeTest {
    @TempDir
    Path dir;

    private Process startCliCallingAHangingTool(Path pidFile, String... serverArgs) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode s = root.putObject("mcp_servers").putObject("test");
        List<String> cmd = TestMcpServer.stdioCommand();
        s.put("command", cmd.get(0));
        ArrayNode args = s.putArray("args");
        cmd.subList(1, cmd.size()).forEach(args::add);
        List.of(serverArgs).forEach(args::add);
        s.putObject("env").put("SPOON_TEST_PIDFILE", pidFile.toString())
                .put("SPOON_TEST_CHILD_PIDFILE", dir.resolve("child.pid").toString());
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, root.toString());
        ProcessBuilder pb = new ProcessBuilder(TestMcpServer.javaBinary(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "dev.spoon.Launcher", "mcp", "call", "test", "hang",
                "--config", cfg.toString());
        pb.environment().put("SPOON_CONFIG", cfg.toString());
        pb.redirectOutput(dir.resolve("cli.out").toFile());
        pb.redirectError(dir.resolve("cli.err").toFile());
        return pb.start();
    }

    private static ProcessHandle serverOf(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile)
                .isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the server exited already"));
    }

    @Test
    void terminatingTheCliEndsItsServerAndTheServersChildren() throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Process cli = startCliCallingAHangingTool(pidFile, "--spawn-child");
        try {
            ProcessHandle server = serverOf(pidFile);
            ProcessHandle child = serverOf(dir.resolve("child.pid"));
            assertThat(server.parent()).map(ProcessHandle::pid).contains(cli.pid());
            cli.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            server.onExit().get(60, TimeUnit.SECONDS);
            assertThat(server.isAlive()).isFalse();
            // the server halts on stdin EOF without ending its child: only the hook's tree kill ends the child
            child.onExit().get(60, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void killingTheCliOutrightStillEndsItsServer() throws Exception {
        Path pidFile = dir.resolve("server.pid");
        Process cli = startCliCallingAHangingTool(pidFile);
        try {
            ProcessHandle server = serverOf(pidFile);
            cli.destroyForcibly(); // SIGKILL: no hook runs; the server's stdin closes
            assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
            server.onExit().get(60, TimeUnit.SECONDS);
            assertThat(server.isAlive()).isFalse();
        } finally {
            cli.destroyForcibly();
        }
    }
}
