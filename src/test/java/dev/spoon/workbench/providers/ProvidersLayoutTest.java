package dev.spoon.workbench.providers;

import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Providers pane at the smallest window (1024×700): no label or button cut to "…". */
@ExtendWith(ApplicationExtension.class)
class ProvidersLayoutTest {
    @TempDir
    static Path dir;

    private WorkbenchContext context;

    @Start
    void start(Stage stage) {
        context = TestWorkbench.context(dir.resolve("layout-" + System.nanoTime()), ProvidersViewModelTest.CONFIG,
                TaskExecutor.background());
        context.theme().apply();
        context.navigate(Nav.PROVIDERS);
        WorkbenchShell shell = new WorkbenchShell(context, PaneRegistry.standard());
        WorkbenchApp.install(stage, shell, context);
        stage.setWidth(1024);
        stage.setHeight(700);
        stage.show();
    }

    @AfterEach
    void closeCore() {
        context.core().close();
    }

    /** Every label, button, check box and list cell whose shown text is shorter than its text. */
    static List<String> truncated(Parent root) {
        List<String> out = new ArrayList<>();
        for (Node n : root.lookupAll("*")) {
            if (n instanceof Labeled l && l.isVisible() && l.getText() != null && !l.getText().isEmpty()
                    && l.lookup(".text") instanceof Text shown && !shown.getText().equals(l.getText())
                    && visible(l)) {
                out.add(l.getClass().getSimpleName() + (l.getId() != null ? "#" + l.getId() : "") + " '"
                        + l.getText() + "' shown as '" + shown.getText() + "'");
            }
        }
        return out;
    }

    private static boolean visible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theCheckSeesACutLabel(FxRobot robot) {
        List<String> found = new ArrayList<>();
        robot.interact(() -> {
            Label l = new Label("a label far too long for its place");
            l.setMaxWidth(60);
            javafx.scene.layout.StackPane p = new javafx.scene.layout.StackPane(l);
            new javafx.scene.Scene(p, 80, 30);
            p.applyCss();
            p.layout();
            found.addAll(truncated(p));
        });
        assertThat(found).hasSize(1).first().asString().contains("shown as 'a labe");
    }

    @Test
    @SuppressWarnings("unchecked")
    void nothingIsCutAtTheMinimumWindowSize(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup(".title-3").queryAs(Label.class).getText().equals("sim"));
        WaitForAsyncUtils.waitForFxEvents();
        Parent pane = robot.lookup(".providers-pane").queryAs(Parent.class);
        assertThat(pane.getScene().getWindow().getWidth()).isEqualTo(1024);
        assertThat(truncated(pane)).isEmpty();

        ListView<ProviderRow> list = robot.lookup("#providers-list").queryAs(ListView.class);
        for (String name : List.of("openai", "sim-auth", "openrouter")) {
            robot.interact(() -> list.getItems().stream().filter(r -> r.name().equals(name)).findFirst()
                    .ifPresent(r -> list.getSelectionModel().select(r)));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                    () -> robot.lookup(".title-3").queryAs(Label.class).getText().equals(name));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(truncated(pane)).as(name).isEmpty();
        }
        robot.clickOn("#edit-test");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#edit-test-result").queryAs(Label.class).getText().startsWith("\u2717"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(truncated(pane)).isEmpty();
        // long health results (the provider's own error text) wrap in the list instead of being cut
        robot.interact(() -> robot.lookup("#providers-check-all").queryAs(javafx.scene.control.Button.class).fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#providers-message").queryAs(Label.class).getText().startsWith("Checked"));
        robot.interact(() -> list.scrollTo(list.getItems().size() - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(list.getItems()).anySatisfy(r -> assertThat(r.health()).startsWith("\u2717 AuthenticationError"));
        assertThat(truncated(pane)).isEmpty();
    }
}
