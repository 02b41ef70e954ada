package dev.spoon.workbench.tools;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ToolsPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchContext ctx;
    private ToolsPane pane;

    @Start
    void start(Stage stage) {
        ctx = TestWorkbench.context(dir.resolve("tools-" + System.nanoTime()), ToolInspectorViewModelTest.TOML,
                TaskExecutor.background());
        ctx.theme().apply();
        pane = new ToolsPane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (Parent) pane.view(), 1200, 740);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    private void awaitState(ToolRun.State s) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.viewModel().currentProperty().get() != null
                && pane.viewModel().currentProperty().get().stateProperty().get() == s);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aScriptedToolCallPausesTheUserEditsTheResultAndTheAnswerUsesIt(FxRobot robot) throws Exception {
        robot.clickOn("#tools-prompt").write("Weather in Paris?");
        robot.clickOn("#tools-run");
        awaitState(ToolRun.State.AWAITING_RESULTS);
        assertThat(robot.lookup("#tool-args-0").queryAs(TextArea.class).getText()).contains("\"location\" : \"Paris\"");
        assertThat(robot.lookup("#tools-status").queryAs(Label.class).getText()).isEqualTo(
                "Paused: 1 tool call to answer.");
        robot.clickOn("#tool-result-0").write("{\"temperature\": 17, \"conditions\": \"drizzle\"}");
        robot.clickOn("#tools-continue");
        awaitState(ToolRun.State.DONE);
        @SuppressWarnings("unchecked")
        ListView<TranscriptEntry> list = robot.lookup("#tools-transcript").queryAs(ListView.class);
        TranscriptEntry last = list.getItems().get(list.getItems().size() - 1);
        assertThat(last.kind()).isEqualTo(TranscriptEntry.Kind.ASSISTANT);
        assertThat(last.body()).contains("\"conditions\":\"drizzle\"");
        assertThat(robot.lookup(t -> t instanceof Label l && l.getText() != null
                && l.getText().contains("\"conditions\":\"drizzle\"")).tryQuery()).isPresent();
    }

    @Test
    void malformedArgumentsAreFlaggedOnScreen(FxRobot robot) throws Exception {
        robot.interact(() -> pane.viewModel().providerProperty().set("badargs"));
        robot.clickOn("#tools-prompt").write("Weather?");
        robot.clickOn("#tools-run");
        awaitState(ToolRun.State.AWAITING_RESULTS);
        VBox problems = robot.lookup("#tool-problems-0").queryAs(VBox.class);
        assertThat(problems.getChildren()).extracting(n -> ((Label) n).getText())
                .containsExactly("\u26A0 $: required property 'location' not found");
        assertThat(robot.lookup(".problem").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("\u26A0 malformed: $: required property 'location' not found");
        robot.clickOn("#tool-builtin-0");
        assertThat(robot.lookup("#tool-result-0").queryAs(TextArea.class).getText()).contains("\"location\"");
    }
}
