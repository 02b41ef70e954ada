package dev.spoon.workbench.tools;

import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpServerState;
import dev.spoon.llm.mcp.McpServerStatus;
import dev.spoon.llm.mcp.McpTool;
import dev.spoon.testing.mcp.TestMcpServer;
import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestStages;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No MCP server process outlives the workbench window: the servers the Tools pane started (each with a child
 * process of its own) are ended with everything they started when the window closes, also with a call still
 * waiting, a server that crashed and one that could not start. What is checked is this JVM's
 * {@link ProcessHandle#descendants() descendants}: those the test started are gone once the window is closed.
 */
@ExtendWith(ApplicationExtension.class)
class McpServersEndWithTheWorkbenchTest {
    @TempDir
    static Path dir;

    private Path home;
    private WorkbenchContext ctx;
    private WorkbenchShell shell;
    private boolean closed;

    private static String server(String name, Path home) {
        List<String> cmd = TestMcpServer.stdioCommand("--spawn-child");
        String args = cmd.subList(1, cmd.size()).stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
        return """
                [mcp_servers.%1$s]
                command = '%2$s'
                args = [%3$s]
                env = { SPOON_TEST_PIDFILE = '%4$s', SPOON_TEST_CHILD_PIDFILE = '%5$s' }
                """.formatted(name, cmd.get(0), args, home.resolve(name + ".pid"), home.resolve(name + "-child.pid"));
    }

    @Start
    void start(Stage stage) {
        home = dir.resolve("home-" + System.nanoTime());
        String toml = server("first", home) + server("second", home) + """
                [mcp_servers.ghost]
                command = 'no-such-mcp-server-command'
                """;
        ctx = TestWorkbench.context(home, toml, TaskExecutor.background());
        ctx.theme().apply();
        shell = new WorkbenchShell(ctx, PaneRegistry.standard());
        TestStages.show(stage, shell.root(), 1024, 700);
        ctx.navigate(Nav.TOOLS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (!closed) {
            WaitForAsyncUtils.asyncFx(() -> WorkbenchApp.close(shell, ctx)).get();
        }
    }

    /** Waits until {@code condition} holds, reading it on the FX thread (the panes' lists change there). */
    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The processes below this JVM now that were not there {@code before}. */
    private static List<ProcessHandle> startedSince(Set<Long> before) {
        return ProcessHandle.current().descendants().filter(h -> !before.contains(h.pid())).toList();
    }

    private static Set<Long> pids(List<ProcessHandle> handles) {
        return handles.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private long pid(String file) {
        try {
            return Long.parseLong(Files.readString(home.resolve(file)).strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private McpServersViewModel mcp() {
        return ((ToolsPane) shell.pane(Nav.TOOLS)).mcp();
    }

    /** What the Connect button does, for server {@code name} (on the FX thread, as a click would). */
    private CompletableFuture<?> connect(String name) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> mcp().connect(name)).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<McpCallResult> call(String server, String tool, String args) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> mcp().call(tool(server, tool), Json.tryParse(args), "test"))
                .get(60, TimeUnit.SECONDS);
    }

    private McpServerStatus status(String name) {
        return mcp().rows().stream().filter(s -> s.name().equals(name)).map(McpServerState::status).findFirst()
                .orElseThrow();
    }

    private McpTool tool(String server, String name) {
        return mcp().tools().stream().filter(t -> t.server().equals(server) && t.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /**
     * Closes the window the way the application does when its last window closes, then waits until none of
     * {@code started} runs: neither below this JVM nor anywhere else (a process whose parent died is moved
     * under init, out of our descendants; its handle still tells whether it runs).
     */
    private void closeTheWorkbench(List<ProcessHandle> started) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> WorkbenchApp.close(shell, ctx)).get(60, TimeUnit.SECONDS);
        closed = true;
        try {
            await(() -> started.stream().noneMatch(ProcessHandle::isAlive));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("still running: " + started.stream().filter(ProcessHandle::isAlive).toList());
        }
        assertThat(descendants()).doesNotContainAnyElementsOf(pids(started));
    }

    @Test
    void closingTheWindowEndsEveryServerAndWhatItStartedAlsoWithACallWaiting(FxRobot robot) throws Exception {
        Set<Long> before = descendants();
        CompletableFuture<?> first = connect("first");
        CompletableFuture<?> second = connect("second");
        first.get(90, TimeUnit.SECONDS);
        second.get(90, TimeUnit.SECONDS);
        await(() -> status("first") == McpServerStatus.CONNECTED && status("second") == McpServerStatus.CONNECTED
                && mcp().tools().size() >= 2);
        List<ProcessHandle> started = startedSince(before);
        assertThat(pids(started)).contains(pid("first.pid"), pid("first-child.pid"), pid("second.pid"),
                pid("second-child.pid"));
        CompletableFuture<McpCallResult> waiting = call("second", "hang", "{}");

        closeTheWorkbench(started);

        assertThat(waiting).isCompletedExceptionally();
    }

    @Test
    void aServerThatCrashedAndOneThatCouldNotStartLeaveNothingBehind(FxRobot robot) throws Exception {
        Set<Long> before = descendants();
        assertThat(connect("ghost")).failsWithin(90, TimeUnit.SECONDS);
        CompletableFuture<?> first = connect("first");
        CompletableFuture<?> second = connect("second");
        first.get(90, TimeUnit.SECONDS);
        second.get(90, TimeUnit.SECONDS);
        await(() -> status("first") == McpServerStatus.CONNECTED && status("second") == McpServerStatus.CONNECTED
                && mcp().tools().size() >= 2);
        List<ProcessHandle> started = startedSince(before);
        assertThat(pids(started)).contains(pid("first.pid"), pid("first-child.pid"), pid("second.pid"),
                pid("second-child.pid"));
        CompletableFuture<McpCallResult> crash = call("first", "crash",
                "{\"message\":\"out of memory\"}");
        assertThat(crash).failsWithin(90, TimeUnit.SECONDS);
        // the crashed server's child was its own business, and is ended all the same, before the window closes
        long crashedChild = pid("first-child.pid");
        await(() -> !descendants().contains(pid("first.pid")) && ProcessHandle.of(crashedChild)
                .filter(ProcessHandle::isAlive).isEmpty());
        assertThat(WaitForAsyncUtils.asyncFx(() -> status("ghost")).get(30, TimeUnit.SECONDS))
                .isEqualTo(McpServerStatus.FAILED);

        closeTheWorkbench(started);
    }
}
