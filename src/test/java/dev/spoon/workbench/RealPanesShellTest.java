package dev.spoon.workbench;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.skin.ComboBoxListViewSkin;
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

/**
 * The real panes in the shell. Issue 15 item 8: the provider boxes of Tools and Compare show the selected
 * provider as soon as the pane is opened through the shell, and a provider picked with the mouse is the one
 * used. The status bar shows the shortcuts of the pane on screen (the chat's only on Chat).
 */
@ExtendWith(ApplicationExtension.class)
class RealPanesShellTest {
    @TempDir
    static Path dir;

    private WorkbenchContext context;
    private WorkbenchShell shell;

    @Start
    void start(Stage stage) {
        context = TestWorkbench.context(dir.resolve("boxes-" + System.nanoTime()), """
                [providers.second]
                type = "sim"
                """, TaskExecutor.background());
        context.theme().apply();
        context.selectedPaneProperty().set(Nav.TOOLS);
        shell = new WorkbenchShell(context, PaneRegistry.standard());
        WorkbenchApp.install(stage, shell, context);
        stage.show();
    }

    @AfterEach
    void closeCore() {
        context.core().close();
    }

    /** The text a combo box shows in its button. */
    private static String shown(ComboBox<?> box) {
        return ((ListCell<?>) ((ComboBoxListViewSkin<?>) box.getSkin()).getDisplayNode()).getText();
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<String> box(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(ComboBox.class);
    }

    @Test
    void theToolsProviderBoxShowsTheDefaultAndTakesAMouseChoice(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> tools = box(robot, "#tools-provider");
        assertThat(tools.getValue()).isEqualTo("sim");
        assertThat(shown(tools)).isEqualTo("sim");
        robot.clickOn(tools);
        Node second = robot.lookup(n -> n instanceof ListCell<?> c && "second".equals(c.getText())
                && c.getScene() != tools.getScene()).query();
        robot.clickOn(second);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shown(tools)).isEqualTo("second");
        assertThat(((dev.spoon.workbench.tools.ToolsPane) shell.pane(Nav.TOOLS)).viewModel().providerProperty().get())
                .isEqualTo("second");
    }

    @Test
    void theCompareProviderBoxesShowTheirProviders(FxRobot robot) throws Exception {
        robot.interact(() -> context.navigate(Nav.COMPARE));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#compare-column-1").tryQuery().isPresent());
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked") // the lookup knows only the node's class, not its item type
            ComboBox<String> p = robot.lookup("#compare-column-" + i).lookup(".combo-box").queryAs(ComboBox.class);
            assertThat(p.getValue()).isNotNull();
            assertThat(shown(p)).isEqualTo(p.getValue());
        }
    }

    @Test
    void theStatusBarShowsTheShortcutsOfThePaneOnScreen(FxRobot robot) {
        Label hints = robot.lookup("#status-hints").queryAs(Label.class);
        assertThat(hints.getText()).isEqualTo("Ctrl+Enter run or continue \u00B7 Esc stop \u00B7 Ctrl+1\u20266 panes");
        robot.interact(() -> context.navigate(Nav.CHAT));
        assertThat(hints.getText()).startsWith("Ctrl+Enter send \u00B7 Esc stop \u00B7 Ctrl+N new chat");
        robot.interact(() -> context.navigate(Nav.METRICS));
        assertThat(hints.getText()).isEqualTo("Ctrl+1\u20266 panes");
    }
}
