package dev.spoon.workbench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.workbench.compare.ComparePane;
import dev.spoon.workbench.providers.ProviderRow;
import dev.spoon.workbench.tools.ToolsPane;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
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

/**
 * Every pane fits the smallest window (1024×700) and the default one with three Compare columns: no toolbar,
 * header, button, box or table heading shows its text cut ("…"), no toolbar hides items in its overflow menu,
 * and no control sticks out of the window. The panes are filled as a user would see them (a streamed answer,
 * three compare columns with a failure, a paused tool run, log records with their detail, metrics).
 */
@ExtendWith(ApplicationExtension.class)
class LayoutFitTest {
    static final String TOML = """
            default_provider = "sim"
            retry_attempts = 0
            [providers.sim]
            type = "sim"
            mode = "lorem"
            answer_tokens = 40
            tokens_per_s = 0
            [providers.mystub]
            type = "sim"
            mode = "lorem"
            answer_tokens = 30
            tokens_per_s = 0
            [providers.flaky]
            type = "sim"
            fail_type = "rate_limit"
            [providers.toolsim]
            type = "sim"
            tokens_per_s = 0
            tool_calls = [{ name = "weather", arguments = { city = "Florence" } }]
            [prices."sim-1"]
            input_per_mtok = 0.15
            output_per_mtok = 0.60
            """;

    @TempDir
    static Path dir;

    private Stage stage;
    private WorkbenchContext context;
    private WorkbenchShell shell;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        context = TestWorkbench.context(dir.resolve("fit-" + System.nanoTime()), TOML, TaskExecutor.background());
        context.theme().apply();
        shell = new WorkbenchShell(context, PaneRegistry.standard());
        WorkbenchApp.install(stage, shell, context);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(shell::dispose).get();
        context.core().close();
    }

    @Test
    void theWindowCannotBeMadeSmallerThan1024By700() {
        assertThat(stage.getMinWidth()).isEqualTo(WorkbenchApp.MIN_WIDTH).isEqualTo(1024);
        assertThat(stage.getMinHeight()).isEqualTo(WorkbenchApp.MIN_HEIGHT).isEqualTo(700);
    }

    @Test
    void everyPaneFitsTheSmallestWindow(FxRobot robot) throws Exception {
        resize(robot, 1024, 700);
        List<String> problems = new ArrayList<>();
        for (Nav nav : List.of(Nav.CHAT, Nav.COMPARE, Nav.TOOLS, Nav.LOGS, Nav.METRICS, Nav.PROVIDERS)) {
            robot.interact(() -> context.navigate(nav));
            fill(robot, nav, 3);
            problems.addAll(cutOff(robot, nav.title() + " at 1024x700"));
        }
        // the gateway's panel, opened from the status bar over the smallest pane
        robot.interact(() -> {
            context.navigate(Nav.CHAT);
            robot.lookup("#status-gateway").queryAs(javafx.scene.control.ToggleButton.class).setSelected(true);
        });
        WaitForAsyncUtils.waitForFxEvents();
        problems.addAll(cutOff(robot, "Gateway panel at 1024x700"));
        assertThat(problems).isEmpty();
    }

    @Test
    void threeCompareColumnsFitTheDefaultWindow(FxRobot robot) throws Exception {
        resize(robot, 1280, 820);
        robot.interact(() -> context.navigate(Nav.COMPARE));
        fill(robot, Nav.COMPARE, 3);
        assertThat(cutOff(robot, "Compare at 1280x820")).isEmpty();
    }

    /** A first comparison without prices: the summary then also says how to add them, and must still fit. */
    @Test
    void theSummaryOfAComparisonWithoutPricesFitsTheSmallestWindow(FxRobot robot) throws Exception {
        resize(robot, 1024, 700);
        robot.interact(() -> context.navigate(Nav.COMPARE));
        ComparePane compare = (ComparePane) shell.pane(Nav.COMPARE);
        robot.interact(() -> {
            var vm = compare.viewModel();
            for (var c : vm.columns()) {
                c.providerProperty().set("sim");
                c.modelProperty().set("sim-fast"); // no price configured for it
            }
            vm.promptProperty().set("Compare me");
            vm.send();
        });
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> compare.viewModel().runningProperty().get() == 0
                && compare.viewModel().columns().stream().allMatch(c -> c.figuresProperty().get() != null));
        settle(robot);
        assertThat(robot.lookup("#compare-summary").queryLabeled().getText()).contains("no prices configured");
        assertThat(cutOff(robot, "Compare without prices at 1024x700")).isEmpty();
    }

    private void resize(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Puts the pane in the state a user looks at: answers in, columns run, a paused run, records selected. */
    private void fill(FxRobot robot, Nav nav, int columns) throws Exception {
        switch (nav) {
            case CHAT -> {
                robot.interact(() -> {
                    var vm = ((dev.spoon.workbench.chat.ChatPane) shell.pane(Nav.CHAT)).viewModel();
                    vm.inputProperty().set("Explain fallback chains");
                    vm.send();
                });
                WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> ((dev.spoon.workbench.chat.ChatPane)
                        shell.pane(Nav.CHAT)).viewModel().stateProperty().get()
                        == dev.spoon.workbench.chat.ChatViewModel.State.DONE);
            }
            case COMPARE -> {
                ComparePane compare = (ComparePane) shell.pane(Nav.COMPARE);
                robot.interact(() -> {
                    var vm = compare.viewModel();
                    while (vm.columns().size() < columns) {
                        vm.addColumn();
                    }
                    String[] providers = {"sim", "mystub", "flaky"};
                    for (int i = 0; i < columns; i++) {
                        vm.columns().get(i).providerProperty().set(providers[i % providers.length]);
                        vm.columns().get(i).modelProperty().set("sim-1");
                    }
                    vm.promptProperty().set("Explain what a fallback chain is, in one paragraph.");
                    vm.send();
                });
                WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> compare.viewModel().runningProperty().get() == 0
                        && compare.viewModel().columns().stream().allMatch(c -> c.figuresProperty().get() != null));
            }
            case TOOLS -> {
                ToolsPane tools = (ToolsPane) shell.pane(Nav.TOOLS);
                robot.interact(() -> {
                    tools.viewModel().providerProperty().set("toolsim");
                    tools.viewModel().promptProperty().set("What's the weather in Florence?");
                    tools.viewModel().start();
                });
                WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !tools.viewModel().pending().isEmpty());
            }
            case LOGS -> {
                for (int i = 0; i < 6; i++) {
                    try {
                        LlmProvider.await(context.manager().chatStream(ChatRequest.ofUser("request " + i),
                                i % 3 == 2 ? "flaky" : "sim", null));
                    } catch (RuntimeException expected) {
                        // a failed record belongs in the picture
                    }
                }
                context.debugLogger().flush(5000);
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> {
                    @SuppressWarnings("unchecked")
                    TableView<Object> table = (TableView<Object>) shell.root().lookup("#logs-table");
                    table.getSelectionModel().select(1);
                    var tabs = (javafx.scene.control.TabPane) shell.root().lookup("#logs-detail");
                    tabs.getSelectionModel().select(3); // the chunk timeline
                });
            }
            case PROVIDERS -> {
                // the health results of every provider (a failure's text is long) and a failed connection test
                robot.interact(() -> ((javafx.scene.control.Button) shell.root().lookup("#providers-check-all"))
                        .fire());
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ((javafx.scene.control.Label) shell.root()
                        .lookup("#providers-message")).getText().startsWith("Checked"));
                robot.interact(() -> {
                    @SuppressWarnings("unchecked")
                    ListView<ProviderRow> list = (ListView<ProviderRow>) shell.root().lookup("#providers-list");
                    list.getItems().stream().filter(r -> r.name().equals("flaky")).findFirst()
                            .ifPresent(r -> list.getSelectionModel().select(r));
                });
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ((javafx.scene.control.Label) shell.root()
                        .lookup(".title-3")).getText().equals("flaky"));
                robot.interact(() -> ((javafx.scene.control.Button) shell.root().lookup("#edit-test")).fire());
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> ((javafx.scene.control.Label) shell.root()
                        .lookup("#edit-test-result")).getText().startsWith("\u2717"));
            }
            default -> {
            }
        }
        settle(robot);
    }

    /** Lets queued UI work run, then applies CSS and lays the window out. */
    private void settle(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
        });
    }

    /** What is cut off in the window: labels with "…", toolbars with an overflow menu, controls past the edge. */
    private List<String> cutOff(FxRobot robot, String where) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            List<String> found = new ArrayList<>();
            double width = stage.getScene().getWidth();
            walk(stage.getScene().getRoot(), false, (node, scrolled) -> {
                if (node instanceof Labeled l && truncated(l)) {
                    found.add(where + ": " + describe(l) + " shows '" + shown(l) + "'");
                }
                // a field's hint is cut without "…": the field must be wide enough for it
                if (node instanceof TextField f && promptCut(f)) {
                    found.add(where + ": " + describe(f) + " is too narrow for its hint '" + f.getPromptText() + "'");
                }
                if (node instanceof ToolBar bar) {
                    Node overflow = bar.lookup(".tool-bar-overflow-button");
                    if (overflow != null && overflow.isVisible()) {
                        found.add(where + ": toolbar " + describe(bar) + " hides items in its overflow menu");
                    }
                }
                if (!scrolled && (node instanceof Labeled || node instanceof TextInputControl
                        || node instanceof ComboBoxBase)) {
                    Bounds b = node.localToScene(node.getLayoutBounds());
                    if (b.getMaxX() > width + 0.5) {
                        found.add(where + ": " + describe(node) + " ends at x=" + Math.round(b.getMaxX())
                                + ", past the window's edge (" + Math.round(width) + ")");
                    }
                }
            });
            return found;
        }).get(10, TimeUnit.SECONDS);
    }

    /**
     * Visits the visible nodes: controls, headings and box cells, not data (table and list rows). {@code scrolled}
     * tells whether the node is inside a scroll pane (it may then extend past the window and be scrolled to).
     */
    private static void walk(Node node, boolean scrolled, java.util.function.BiConsumer<Node, Boolean> visit) {
        if (!node.isVisible() || node instanceof IndexedCell && !(node.getParent() instanceof ComboBoxBase)) {
            return;
        }
        visit.accept(node, scrolled);
        if (node instanceof ListView) {
            return;
        }
        if (node instanceof TableView<?> table) {
            // the column headings (not the rows); columns past the table's edge are scrolled to
            Node header = table.lookup(".column-header-background");
            if (header != null) {
                walk(header, true, visit);
            }
            return;
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                walk(child, scrolled || node instanceof ScrollPane, visit);
            }
        }
    }

    /** An empty field too narrow to show its whole prompt text. */
    private static boolean promptCut(TextField f) {
        if (!f.getText().isEmpty() || f.getPromptText() == null || f.getPromptText().isEmpty()) {
            return false;
        }
        Text probe = new Text(f.getPromptText());
        probe.setFont(f.getFont());
        double room = f.getWidth() - f.snappedLeftInset() - f.snappedRightInset();
        return probe.getLayoutBounds().getWidth() > room + 0.5;
    }

    /**
     * A label cut to "…". The user's own text (a chat title, style class {@code user-text}) may be cut when its
     * tooltip shows it in full.
     */
    private static boolean truncated(Labeled l) {
        String text = l.getText();
        if (text == null || text.isEmpty()) {
            return false;
        }
        if (l.getStyleClass().contains("user-text") && l.getTooltip() != null
                && text.equals(l.getTooltip().getText())) {
            return false;
        }
        String shown = shown(l);
        return shown != null && !shown.equals(text);
    }

    /** The text a Labeled's skin draws (its LabeledText child), or null before it has a skin. */
    private static String shown(Labeled l) {
        for (Node child : l.getChildrenUnmodifiable()) {
            if (child instanceof Text t && t.getStyleClass().contains("text")) {
                return t.getText();
            }
        }
        return null;
    }

    private static String describe(Node n) {
        String id = n.getId() != null ? "#" + n.getId() : "";
        String text = n instanceof Labeled l && l.getText() != null ? " '" + l.getText() + "'" : "";
        return n.getClass().getSimpleName() + id + text;
    }
}
