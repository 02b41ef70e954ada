package dev.spoon.workbench.tools;

import dev.spoon.llm.config.McpServerConfig;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpServerState;
import dev.spoon.llm.mcp.McpServerStatus;
import dev.spoon.llm.mcp.McpTool;
import dev.spoon.testing.mcp.TestMcpServer;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tools pane's MCP section against the test server (a real subprocess built with the MCP SDK): connect,
 * tools with their server badge, stderr, the generated "Call tool" form with rendered content blocks, a paused
 * MCP call edited and answered by the server in a run, sampling approval, and add/remove saved to the file.
 */
@ExtendWith(ApplicationExtension.class)
class McpToolsPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchContext ctx;
    private ToolsPane pane;
    private Stage stage;
    private Path home;

    static String toml() {
        List<String> cmd = TestMcpServer.stdioCommand();
        String args = cmd.subList(1, cmd.size()).stream().map(a -> "'" + a + "'").collect(Collectors.joining(", "));
        return """
                default_provider = "mcpsim"
                retry_attempts = 0
                [providers.mcpsim]
                type = "sim"
                ttft_ms = 0
                tokens_per_s = 0
                tool_calls = [{ name = "echo", arguments = { text = "from the model" } }]
                [mcp_servers.test]
                command = '%s'
                args = [%s]
                """.formatted(cmd.get(0), args);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        home = dir.resolve("mcp-" + System.nanoTime());
        ctx = TestWorkbench.context(home, toml(), TaskExecutor.background());
        ctx.theme().apply();
        pane = new ToolsPane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (Parent) pane.view(), 1024, 700);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private McpServersViewModel mcp() {
        return pane.mcp();
    }

    private void showMcpTab(FxRobot robot) {
        javafx.scene.control.TabPane tabs = robot.lookup("#tools-tabs").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void connect(FxRobot robot) throws Exception {
        showMcpTab(robot);
        robot.clickOn("#mcp-connect");
        try {
            await(() -> mcp().rows().stream().anyMatch(s -> s.name().equals("test")
                    && s.status() != McpServerStatus.CONNECTING && s.status() != McpServerStatus.DISCONNECTED));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not connected: " + mcp().rows() + " status " + mcp().statusProperty().get());
        }
        assertThat(mcp().rows().get(0).status()).as(mcp().rows().get(0).lastError() + "")
                .isEqualTo(McpServerStatus.CONNECTED);
    }

    @Test
    void connectsListsToolsWithTheirServerAndShowsItsStderr(FxRobot robot) throws Exception {
        connect(robot);
        McpServerState s = mcp().rows().get(0);
        assertThat(s.tools()).extracting(McpTool::name).contains("echo", "add", "image");
        @SuppressWarnings("unchecked")
        ListView<McpTool> tools = robot.lookup("#mcp-tools").queryAs(ListView.class);
        assertThat(tools.getItems()).extracting(McpTool::name).contains("echo");
        assertThat(robot.lookup(".mcp-badge").queryAll()).anySatisfy(n -> assertThat(((Label) n).getText())
                .isEqualTo("test"));
        assertThat(robot.lookup(n -> n instanceof Label l && "connected \u00B7 10 tools \u00B7 stdio"
                .equals(l.getText())).tryQuery()).isPresent();
        await(() -> mcp().stderrLines().contains("test server ready"));
        robot.clickOn("Server log (stderr)");
        @SuppressWarnings("unchecked")
        ListView<String> stderr = robot.lookup("#mcp-stderr").queryAs(ListView.class);
        assertThat(stderr.getItems()).contains("test server ready");

        robot.clickOn("#mcp-disconnect");
        await(() -> mcp().rows().get(0).status() == McpServerStatus.DISCONNECTED);
        assertThat(tools.getItems()).isEmpty();
    }

    @Test
    void theCallToolFormIsGeneratedFromTheSchemaAndRendersTheContentBlocks(FxRobot robot) throws Exception {
        connect(robot);
        McpTool echo = mcp().tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
        McpTool image = mcp().tools().stream().filter(t -> t.name().equals("image")).findFirst().orElseThrow();
        McpCallToolDialog[] dialog = new McpCallToolDialog[1];
        robot.interact(() -> {
            dialog[0] = new McpCallToolDialog(mcp(), ctx.executor(), echo);
            dialog[0].show(stage);
        });
        robot.clickOn("#call-tool-run");
        assertThat(robot.lookup("#call-tool-status").queryAs(Label.class).getText()).isEqualTo("text is required");
        robot.clickOn("#form-text").write("from the form");
        robot.clickOn("#call-tool-run");
        await(() -> robot.lookup("#mcp-block-0").tryQuery().isPresent());
        assertThat(((TextArea) robot.lookup("#mcp-block-0").query()).getText()).isEqualTo("echo: from the form");
        robot.interact(() -> ((Stage) dialog[0].root().getScene().getWindow()).close());

        robot.interact(() -> {
            dialog[0] = new McpCallToolDialog(mcp(), ctx.executor(), image);
            dialog[0].show(stage);
        });
        robot.clickOn("#call-tool-run");
        await(() -> robot.lookup("#mcp-block-2").tryQuery().isPresent());
        ImageView picture = robot.lookup(n -> n instanceof ImageView).queryAs(ImageView.class);
        assertThat(picture.getImage().getWidth()).isEqualTo(1);
        assertThat(robot.lookup(n -> n instanceof Label l && l.getText() != null
                && l.getText().startsWith("resource test://notes/1")).tryQuery()).isPresent();
        robot.interact(() -> ((Stage) dialog[0].root().getScene().getWindow()).close());
        assertThat(ctx.debugLogger().records()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(dev.spoon.llm.debug.DebugRecord.Kind.MCP);
            assertThat(r.method()).isEqualTo("tools/call");
            assertThat(r.requestBody()).contains("from the form");
            assertThat(r.tags()).containsEntry("origin", "workbench");
        });
    }

    @Test
    void aPausedMcpCallIsEditedAnsweredByTheServerAndContinued(FxRobot robot) throws Exception {
        connect(robot);
        robot.clickOn("#tools-prompt").write("Say something through the echo tool");
        robot.clickOn("#tools-run");
        await(() -> pane.viewModel().currentProperty().get() != null && pane.viewModel().currentProperty().get()
                .stateProperty().get() == ToolRun.State.AWAITING_RESULTS);
        assertThat(robot.lookup(n -> n instanceof Label l && "MCP \u00B7 test".equals(l.getText())).tryQuery())
                .isPresent();
        TextArea args = robot.lookup("#tool-args-0").queryAs(TextArea.class);
        assertThat(args.getText()).contains("from the model");
        robot.interact(() -> args.setText("{\"text\": \"edited by the user\"}"));
        javafx.scene.control.Button callServer = robot.lookup("#tool-builtin-0").queryAs(javafx.scene.control.Button.class);
        assertThat(callServer.getText()).isEqualTo("Call MCP server");
        robot.interact(callServer::fire); // the card may sit below the fold of its scroll pane at 1024x700
        try {
            await(() -> robot.lookup("#tool-result-0").queryAs(TextArea.class).getText()
                    .equals("echo: edited by the user"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no result; status: " + pane.viewModel().statusProperty().get());
        }
        robot.clickOn("#tools-continue");
        await(() -> pane.viewModel().currentProperty().get().stateProperty().get() == ToolRun.State.DONE);
        List<TranscriptEntry> entries = pane.viewModel().currentProperty().get().entries();
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(TranscriptEntry.Kind.TOOL_RESULT);
            assertThat(e.title()).contains("(arguments edited)", "from MCP server 'test'");
        });
        assertThat(entries.get(entries.size() - 1).body()).contains("echo: edited by the user");
    }

    @Test
    void autoContinueLetsTheServerAnswer(FxRobot robot) throws Exception {
        connect(robot);
        robot.interact(() -> pane.viewModel().autoContinueProperty().set(true));
        robot.clickOn("#tools-prompt").write("Go");
        robot.clickOn("#tools-run");
        await(() -> pane.viewModel().currentProperty().get() != null && pane.viewModel().currentProperty().get()
                .stateProperty().get() == ToolRun.State.DONE);
        List<TranscriptEntry> entries = pane.viewModel().currentProperty().get().entries();
        assertThat(entries.get(entries.size() - 1).body()).contains("echo: from the model");
    }

    @Test
    void aSamplingRequestWaitsForApprovalAndIsAnsweredByTheProvider(FxRobot robot) throws Exception {
        connect(robot);
        McpTool sample = mcp().tools().stream().filter(t -> t.name().equals("sample")).findFirst().orElseThrow();
        CompletableFuture<McpCallResult> call = mcp().call(sample, Json.tryParse("{\"prompt\":\"hello model\"}"),
                "test");
        await(() -> robot.lookup("#mcp-sampling-approve-0").tryQuery().isPresent());
        assertThat(robot.lookup(n -> n instanceof Label l && l.getText() != null
                && l.getText().equals("test asks the model: hello model")).tryQuery()).isPresent();
        assertThat(call).isNotDone();
        robot.clickOn("#mcp-sampling-approve-0");
        McpCallResult r = call.get(60, TimeUnit.SECONDS);
        assertThat(r.textForModel()).isEqualTo("model said: You said: hello model (mcpsim/sim-1)");
        await(() -> mcp().sampling().pending().isEmpty());
        assertThat(ctx.debugLogger().records()).anySatisfy(x -> assertThat(x.tags()).containsEntry("origin",
                "mcp-sampling"));
    }

    @Test
    void serversAreAddedAndRemovedInTheConfigurationFile(FxRobot robot) throws Exception {
        McpServerConfig second = new McpServerConfig("second", null, null, null, null, "http://127.0.0.1:9/mcp",
                Map.of("Authorization", "Bearer t"), Duration.ofSeconds(5), true);
        robot.interact(() -> mcp().save(second, null));
        await(() -> mcp().rows().stream().anyMatch(s -> s.name().equals("second")));
        String file = Files.readString(home.resolve("config.toml"));
        assertThat(file).contains("mcp_servers.second.url = 'http://127.0.0.1:9/mcp'", "mcp_servers.test.command");
        assertThat(ctx.configuration().config().mcpServers().get("second").timeout()).isEqualTo(Duration.ofSeconds(5));
        robot.interact(() -> mcp().remove("second"));
        await(() -> mcp().rows().stream().noneMatch(s -> s.name().equals("second")));
        assertThat(ctx.configuration().config().mcpServers()).containsOnlyKeys("test");
    }

    @Test
    void theEditorChecksItsFields(FxRobot robot) throws Exception {
        robot.interact(() -> {
            McpServerEditor ed = new McpServerEditor(null, List.of("test"));
            ((TextField) ed.form().lookup("#mcp-edit-name")).setText("test");
            assertThat(message(ed)).contains("already a server called test");
            ((TextField) ed.form().lookup("#mcp-edit-name")).setText("fs");
            assertThat(message(ed)).startsWith("Command:");
        });
        McpServerEditor ed = new McpServerEditor(ctx.configuration().config().mcpServers().get("test"), List.of());
        McpServerConfig same = ed.value();
        assertThat(same).isEqualTo(ctx.configuration().config().mcpServers().get("test"));
    }

    private static String message(McpServerEditor ed) {
        try {
            ed.value();
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void theSectionFitsTheSmallestWindow(FxRobot robot) throws Exception {
        showMcpTab(robot);
        for (String id : List.of("#mcp-add", "#mcp-servers", "#mcp-connect", "#mcp-tools")) {
            Node n = robot.lookup(id).query();
            var b = n.localToScene(n.getBoundsInLocal());
            assertThat(b.getWidth()).as(id).isPositive();
            assertThat(b.getMinX()).as(id).isGreaterThanOrEqualTo(0);
            assertThat(b.getMaxX()).as(id).isLessThanOrEqualTo(1024);
        }
    }
}
