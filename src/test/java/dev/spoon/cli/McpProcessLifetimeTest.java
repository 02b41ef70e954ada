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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No MCP server outlives the command line that started it, however the command ends: normally, with an
 * error, politely ended in the middle of a call (SIGTERM: the shutdown hook ends the server's process tree) or
 * killed outright (SIGKILL: no hook runs; the server sees its stdin close and exits). Each command runs in its
 * own JVM; its server (a {@link TestMcpServer} that also starts a child process of its own) writes the pids.
 */
class McpProcessLifetimeTest {
    @TempDir
    Path dir;

    private Path serverPid() {
        return dir.resolve("server.pid");
    }

    private Path childPid() {
        return dir.resolve("child.pid");
    }

    /** Starts {@code spoon ARGS} in its own JVM, with MCP server {@code test} (and {@code extra} top-level keys). */
    private Process startCli(boolean serverSpawnsAChild, ObjectNode extra, String... cliArgs) throws Exception {
        ObjectNode root = extra == null ? Json.MAPPER.createObjectNode() : extra;
        ObjectNode s = root.putObject("mcp_servers").putObject("test");
        List<String> cmd = TestMcpServer.stdioCommand();
        s.put("command", cmd.get(0));
        ArrayNode args = s.putArray("args");
        cmd.subList(1, cmd.size()).forEach(args::add);
        if (serverSpawnsAChild) {
            args.add("--spawn-child");
        }
        s.putObject("env").put("SPOON_TEST_PIDFILE", serverPid().toString())
                .put("SPOON_TEST_CHILD_PIDFILE", childPid().toString());
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, root.toString());
        List<String> line = new ArrayList<>(List.of(TestMcpServer.javaBinary(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "-Dspoon.home=" + dir.resolve("home"), "dev.spoon.Launcher"));
        line.addAll(List.of(cliArgs));
        line.addAll(List.of("--config", cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(line);
        pb.environment().put("SPOON_CONFIG", cfg.toString());
        pb.redirectOutput(dir.resolve("cli.out").toFile());
        pb.redirectError(dir.resolve("cli.err").toFile());
        return pb.start();
    }

    private static ProcessHandle started(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile)
                .isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " exited already"));
    }

    /** The pid written to {@code pidFile} names no running process (it ran: the file is there). */
    private static void assertEnded(Path pidFile) throws Exception {
        assertThat(pidFile).exists();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        // a process that outlived its parent is re-parented (to init) and leaves our descendants: ask by pid
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + pid + " is still running", e);
            }
        });
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process " + pid).isEmpty();
        assertThat(ProcessHandle.current().descendants()).noneMatch(h -> h.pid() == pid);
    }

    private int finish(Process cli) throws Exception {
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).as("the command ended").isTrue();
        return cli.exitValue();
    }

    @Test
    void aCommandThatEndsNormallyLeavesNoServerRunning() throws Exception {
        Process cli = startCli(true, null, "mcp", "call", "test", "echo", "--args", "{\"text\":\"bye\"}", "--json");
        try {
            assertThat(finish(cli)).as(Files.readString(dir.resolve("cli.err"))).isZero();
            assertThat(Files.readString(dir.resolve("cli.out"))).contains("echo: bye");
            assertEnded(serverPid());
            assertEnded(childPid());
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void aCommandThatEndsWithAnErrorLeavesNoServerRunning() throws Exception {
        // the servers are connected, then the model's provider fails: chat exits 1 with the provider's error
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("default_provider", "down").put("retry_attempts", 0);
        root.putObject("providers").putObject("down").put("type", "sim").put("fail_type", "provider")
                .put("fail_rate", 1.0);
        Process cli = startCli(true, root, "chat", "--mcp", "test", "--message", "hi", "--json");
        try {
            assertThat(finish(cli)).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("cli.out"))).contains("\"error\"", "ProviderError");
            assertEnded(serverPid());
            assertEnded(childPid());
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void terminatingTheCliEndsItsServerAndTheServersChildren() throws Exception {
        Process cli = startCli(true, null, "mcp", "call", "test", "hang");
        try {
            ProcessHandle server = started(serverPid());
            ProcessHandle child = started(childPid());
            assertThat(cli.descendants()).extracting(ProcessHandle::pid).contains(server.pid(), child.pid());
            assertThat(server.parent()).map(ProcessHandle::pid).contains(cli.pid());
            cli.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            finish(cli);
            // the server halts on stdin EOF without ending its child: only the hook's tree kill ends the child
            assertEnded(serverPid());
            assertEnded(childPid());
        } finally {
            cli.destroyForcibly();
        }
    }

    @Test
    void killingTheCliOutrightStillEndsItsServer() throws Exception {
        Process cli = startCli(false, null, "mcp", "call", "test", "hang");
        try {
            ProcessHandle server = started(serverPid());
            assertThat(cli.descendants()).extracting(ProcessHandle::pid).contains(server.pid());
            cli.destroyForcibly(); // SIGKILL: no hook runs; the server's stdin closes
            finish(cli);
            assertEnded(serverPid());
        } finally {
            cli.destroyForcibly();
        }
    }
}
