package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class LogsPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchContext ctx;
    private LogsPane pane;

    @Start
    void start(Stage stage) {
        ctx = TestWorkbench.context(dir.resolve("logs-" + System.nanoTime()), LogsViewModelTest.TOML,
                TaskExecutor.background());
        ctx.theme().apply();
        pane = new LogsPane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (Parent) pane.view(), 1200, 740);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    private void requests() throws Exception {
        for (String p : new String[]{"alpha", "beta", "broken", "alpha"}) {
            try {
                LlmProvider.await(ctx.manager().chatStream(ChatRequest.ofUser("hello from " + p), p, null));
            } catch (RuntimeException expected) {
                // the failing provider is logged too
            }
        }
        ctx.debugLogger().flush(5000);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.viewModel().records().size() == 4);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private TableView<DebugRecord> table(FxRobot robot) {
        return robot.lookup("#logs-table").queryAs(TableView.class);
    }

    @Test
    void filteringByTextAndProviderNarrowsTheTable(FxRobot robot) throws Exception {
        requests();
        assertThat(table(robot).getItems()).hasSize(4);
        assertThat(robot.lookup("#logs-count").queryAs(Label.class).getText()).startsWith("4 of 4 records");
        robot.clickOn("#logs-filter").write("broken");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table(robot).getItems()).extracting(DebugRecord::provider).containsExactly("broken");
        assertThat(robot.lookup("#logs-count").queryAs(Label.class).getText()).startsWith("1 of 4 records");
        robot.interact(() -> {
            pane.viewModel().textProperty().set("");
            pane.viewModel().providerProperty().set("alpha");
        });
        assertThat(table(robot).getItems()).extracting(DebugRecord::provider).containsExactly("alpha", "alpha");
    }

    @Test
    void aRequestIsReplayedOnAnotherProviderAndShownBesideTheOriginal(FxRobot robot) throws Exception {
        requests();
        // the first alpha row: records reach the log as their exchanges complete, not always in request order
        robot.interact(() -> {
            TableView<DebugRecord> t = table(robot);
            t.getSelectionModel().select(t.getItems().stream().filter(r -> r.provider().equals("alpha"))
                    .findFirst().orElseThrow());
        });
        assertThat(robot.lookup(n -> n instanceof TextArea t && t.getText().contains("sim://alpha")).tryQuery())
                .isPresent();
        robot.clickOn("#logs-open-replay");
        TextArea body = robot.lookup("#replay-body").queryAs(TextArea.class);
        assertThat(body.getText()).contains("hello from alpha");
        robot.interact(() -> {
            body.setText(body.getText().replace("hello from alpha", "replayed words"));
            pane.viewModel().replay().providerProperty().set("beta");
        });
        robot.clickOn("#replay-send");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            ctx.debugLogger().flush(500);
            return pane.viewModel().replay().resultProperty().get() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#replay-result").queryAs(TextArea.class).getText()).startsWith("Replay \u00B7 beta")
                .contains("beta answers");
        assertThat(robot.lookup("#replay-original").queryAs(TextArea.class).getText())
                .startsWith("Original \u00B7 alpha").contains("alpha answers");
        assertThat(table(robot).getItems()).hasSize(5);
    }

    @Test
    void exportWritesAFileAndReportsIt(FxRobot robot) throws Exception {
        requests();
        Path out = dir.resolve("export-" + System.nanoTime() + ".jsonl");
        robot.interact(() -> pane.viewModel().export(out, DebugExporter.Format.JSONL));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                robot.lookup("#logs-message").queryAs(Label.class).getText().startsWith("Exported"));
        assertThat(robot.lookup("#logs-message").queryAs(Label.class).getText())
                .isEqualTo("Exported 4 records to " + out);
        assertThat(Files.readAllLines(out)).hasSize(4);
    }
}
