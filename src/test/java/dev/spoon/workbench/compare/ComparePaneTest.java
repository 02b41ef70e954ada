package dev.spoon.workbench.compare;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ComparePaneTest {
    @TempDir
    static Path dir;

    private ComparePane pane;
    private WorkbenchContext ctx;

    @org.junit.jupiter.api.AfterEach
    void closeCore() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    @Start
    void start(Stage stage) {
        ctx = TestWorkbench.context(dir.resolve("compare-" + System.nanoTime()), CompareFixture.TOML,
                TaskExecutor.background());
        ctx.theme().apply();
        pane = new ComparePane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (javafx.scene.Parent) pane.view(), 1200, 740);
    }

    private void targets(FxRobot robot, String... providers) {
        robot.interact(() -> {
            CompareViewModel vm = pane.viewModel();
            while (vm.columns().size() < providers.length) {
                vm.addColumn();
            }
            for (int i = 0; i < providers.length; i++) {
                vm.columns().get(i).providerProperty().set(providers[i]);
                vm.columns().get(i).modelProperty().set("sim-1");
            }
        });
    }

    private void sendAndAwait(FxRobot robot, String prompt) throws Exception {
        robot.clickOn("#compare-prompt").write(prompt);
        robot.clickOn("#compare-send");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> pane.viewModel().runningProperty().get() == 0
                && pane.viewModel().columns().stream().allMatch(c -> c.figuresProperty().get() != null)
                && pane.allColumnsShown());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String answer(FxRobot robot, int i) {
        // the document ends with an empty line
        return robot.lookup("#answer-" + i).queryAs(StyleClassedTextArea.class).getText().stripTrailing();
    }

    private static String figures(FxRobot robot, int i) {
        FlowPane f = robot.lookup("#figures-" + i).queryAs(FlowPane.class);
        return f.getChildren().stream().map(n -> ((Label) n).getText()).reduce("", (a, b) -> a + "|" + b);
    }

    @Test
    void threeTargetsWithDifferentSpeedsShowThreeAnswersAndTheirFigures(FxRobot robot) throws Exception {
        targets(robot, "fast", "medium", "slow");
        sendAndAwait(robot, "Describe a fox.");
        assertThat(answer(robot, 0)).contains("\u00BB Describe a fox.").endsWith(CompareFixture.FAST_ANSWER);
        assertThat(answer(robot, 1)).endsWith(CompareFixture.MEDIUM_ANSWER);
        assertThat(answer(robot, 2)).endsWith(CompareFixture.SLOW_ANSWER);
        for (int i = 0; i < 3; i++) {
            assertThat(figures(robot, i)).contains("TTFT").contains("tok/s").contains("finish stop").contains("cost $");
        }
        assertThat(robot.lookup("#compare-summary").queryAs(Label.class).getText())
                .contains("Fastest: #1 fast \u00B7 sim-1");
        assertThat(robot.lookup(".mark-fastest").queryAll()).hasSize(1);
    }

    @Test
    void oneFailingTargetDoesNotStopTheOthers(FxRobot robot) throws Exception {
        targets(robot, "slow", "broken", "fast");
        sendAndAwait(robot, "hello there");
        assertThat(answer(robot, 0)).endsWith(CompareFixture.SLOW_ANSWER);
        assertThat(answer(robot, 2)).endsWith(CompareFixture.FAST_ANSWER);
        assertThat(robot.lookup("#error-1").queryAs(Label.class).getText())
                .startsWith("RateLimitError (broken, HTTP 429): Rate limit reached (simulated)");
        assertThat(robot.lookup("#compare-status").queryAs(Label.class).getText())
                .isEqualTo("1 of 3 targets failed; the others answered.");
    }

    @Test
    void diffViewHighlightsTheChangedWords(FxRobot robot) throws Exception {
        targets(robot, "fast", "medium");
        sendAndAwait(robot, "fox");
        robot.clickOn("#diff-toggle");
        StyleClassedTextArea diff = robot.lookup("#diff-area").queryAs(StyleClassedTextArea.class);
        assertThat(diff.getText()).contains("brownred").contains("lazysleepy");
        int at = diff.getText().indexOf("red");
        Collection<String> style = diff.getStyleAtPosition(at + 1);
        assertThat(style).contains("diff-inserted");
        assertThat(diff.getStyleAtPosition(diff.getText().indexOf("brown") + 1)).contains("diff-deleted");
        assertThat(diff.getStyleAtPosition(1)).containsExactly("diff-equal");
        assertThat(robot.lookup("#diff-info").queryAs(Label.class).getText()).isEqualTo("2 words removed, 2 added");
    }

    @Test
    void rerunAndRatingWorkFromTheColumn(FxRobot robot) throws Exception {
        targets(robot, "fast", "medium");
        sendAndAwait(robot, "fox");
        robot.clickOn("#rate-0-3");
        assertThat(pane.viewModel().columns().get(0).ratingProperty().get()).isEqualTo(3);
        robot.clickOn("#rerun-1");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                pane.viewModel().columns().get(1).stateProperty().get() == CompareColumn.State.DONE
                        && pane.allColumnsShown()); // the view draws on a later frame
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(answer(robot, 1)).isEqualTo("\u00BB fox\n" + CompareFixture.MEDIUM_ANSWER);
    }

    @Test
    void answersAreRenderedAsMarkdownWithTablesAsTheChatDoes(FxRobot robot) throws Exception {
        targets(robot, "md", "fast");
        sendAndAwait(robot, "latency?");
        StyleClassedTextArea area = robot.lookup("#answer-0").queryAs(StyleClassedTextArea.class);
        String text = area.getText();
        assertThat(text).contains("Latency\nProvider \u2502  ms\n").contains("openai   \u2502 412\n")
                .contains("The simulator is slow fast; see sim.").doesNotContain("|").doesNotContain("**")
                .doesNotContain("##");
        int table = text.indexOf("openai");
        assertThat(area.getParagraph(area.offsetToPosition(table, org.fxmisc.richtext.model.TwoDimensional.Bias
                .Forward).getMajor()).getParagraphStyle()).contains("md-table");
        assertThat(area.getStyleAtPosition(text.indexOf("slow") + 1)).contains("md-strike");
        assertThat(area.getStyleAtPosition(text.indexOf("simulator") + 1)).contains("md-strong");
    }
}
