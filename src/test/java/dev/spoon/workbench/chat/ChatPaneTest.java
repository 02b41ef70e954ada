package dev.spoon.workbench.chat;

import dev.spoon.workbench.CssWarnings;
import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ChatPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchShell shell;
    private WorkbenchContext context;

    private List<String> cssWarnings;

    @Start
    void start(Stage stage) {
        try (CssWarnings css = CssWarnings.collect()) {
            context = TestWorkbench.context(dir.resolve("chat-" + System.nanoTime()), ChatFixtures.CONFIG,
                    TaskExecutor.background());
            context.theme().apply();
            shell = new WorkbenchShell(context, PaneRegistry.standard());
            WorkbenchApp.install(stage, shell, context);
            stage.show();
            cssWarnings = css.messages();
        }
    }

    @Test
    void theWindowWithItsChatIsStyledWithoutCssWarnings() {
        // the chat document styles its cells as soon as they join a scene: the theme's colours must be there
        assertThat(cssWarnings).isEmpty();
    }

    @org.junit.jupiter.api.AfterEach
    void closeCore() {
        context.core().close();
    }

    private ChatPane pane() {
        return (ChatPane) shell.pane(Nav.CHAT);
    }

    /** Waits for {@code condition} and for the conversation to show everything (its end is drawn on later frames). */
    private void waitFor(Callable<Boolean> condition) throws Exception {
        // read on the FX thread, where the conversation and the document change
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> condition.call() && pane().drawn()).get(10, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Puts {@code text} into the input (pasted: typing is slow on a busy machine) and presses Ctrl+Enter. */
    private void send(FxRobot robot, String text) {
        robot.clickOn("#chat-input");
        robot.interact(() -> robot.lookup("#chat-input").queryAs(javafx.scene.control.TextArea.class).setText(text));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    @Test
    void sendingShowsTheStreamedAnswerAndItsFigures(FxRobot robot) throws Exception {
        robot.clickOn("#chat-input").write("hello world");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        String doc = pane().documentText();
        assertThat(doc).contains("You\nhello world").contains("You said: hello world").contains("sim \u00B7 sim-1")
                .contains("TTFT");
        assertThat(robot.lookup("#chat-status").queryAs(Label.class).getText()).startsWith("Answered by sim");
        assertThat(robot.lookup("#status-inflight").queryAs(Label.class).getText()).isEqualTo("idle");
    }

    @Test
    void escapeStopsAStreamAndKeepsThePartialAnswer(FxRobot robot) throws Exception {
        robot.interact(() -> pane().viewModel().providerProperty().set("sim-slow"));
        send(robot, "a long story please");
        waitFor(() -> pane().viewModel().turns().size() == 2
                && pane().viewModel().turns().get(1).content().length() > 10);
        assertThat(robot.lookup("#status-inflight").queryAs(Label.class).getText()).isEqualTo("1 request in flight");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.STOPPED);
        String partial = pane().viewModel().turns().get(1).content();
        assertThat(partial).isNotEmpty();
        assertThat(pane().documentText()).contains(partial.strip()).contains("Stopped \u2014 partial answer");
    }

    @Test
    void aDisconnectMidStreamKeepsTextAndShowsTheErrorAndWhatToDo(FxRobot robot) throws Exception {
        robot.interact(() -> pane().viewModel().providerProperty().set("sim-drop"));
        send(robot, "count");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.FAILED);
        String doc = pane().documentText();
        assertThat(doc).contains("one two three").contains("\u26A0 NetworkError").contains("disconnected")
                .contains("What to do:");
        assertThat(robot.lookup("#chat-status").queryAs(Label.class).getText()).contains("NetworkError");
    }

    @Test
    void markdownReasoningAndCodeRender(FxRobot robot) throws Exception {
        robot.interact(() -> pane().viewModel().providerProperty().set("sim-think"));
        send(robot, "show me");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        String doc = pane().documentText();
        assertThat(doc).contains("Reasoning\nFirst I consider the question.").contains("Answer\n")
                .contains("Use this:").contains("int x = 1;").doesNotContain("**").doesNotContain("```");
        javafx.scene.control.Button copy = robot.lookup(n -> n.getId() != null && n.getId().startsWith("copy-code-"))
                .queryButton();
        robot.clickOn(copy);
        String[] clip = new String[1];
        robot.interact(() -> clip[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertThat(clip[0]).isEqualTo("int x = 1;");

        // gutter buttons get their tooltip when the pointer first reaches them (made lazily: a popup per line is costly)
        javafx.scene.control.Button copyAnswer = robot.lookup("#copy-answer-1").queryAs(javafx.scene.control.Button.class);
        assertThat(copyAnswer.getTooltip()).isNull();
        robot.clickOn("#copy-answer-1");
        assertThat(copyAnswer.getTooltip()).isNotNull();
        assertThat(copyAnswer.getTooltip().getText()).isEqualTo("Copy this answer (Markdown)");
        robot.interact(() -> clip[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertThat(clip[0]).isEqualTo(pane().viewModel().turns().get(1).content()).contains("```");
        assertThat(robot.lookup("#chat-status").queryAs(Label.class).getText()).contains("Copied");
    }

    @Test
    void saveNewAndOpenBringTheConversationBack(FxRobot robot) throws Exception {
        send(robot, "remember this");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        robot.clickOn("#chat-save");
        waitFor(() -> robot.lookup("#chat-status").queryAs(Label.class).getText().startsWith("Saved to"));
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(pane().documentText()).doesNotContain("remember this");
        robot.clickOn("#chat-open");
        // the menu lists conversations by title (and when they were started), not by file name
        javafx.scene.control.MenuButton open = robot.lookup("#chat-open").queryAs(javafx.scene.control.MenuButton.class);
        waitFor(() -> open.getItems().stream().anyMatch(i -> i.getText().startsWith("remember this  \u00B7  ")));
        javafx.scene.control.MenuItem item = open.getItems().stream()
                .filter(i -> i.getText().startsWith("remember this")).findFirst().orElseThrow();
        robot.clickOn(item.getText());
        waitFor(() -> pane().documentText().contains("You said: remember this"));
        assertThat(pane().viewModel().turns()).hasSize(2);
    }

    @Test
    void editAndResendReplacesTheTurn(FxRobot robot) throws Exception {
        send(robot, "first try");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        robot.clickOn("#edit-0");
        assertThat(pane().viewModel().inputProperty().get()).isEqualTo("first try");
        robot.clickOn("#chat-input").write(" again");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE
                && pane().documentText().contains("You said: first try again"));
        assertThat(pane().documentText()).doesNotContain("You said: first try\n");
        assertThat(pane().viewModel().turns()).hasSize(2);
    }

    @Test
    void anInvalidTemperatureTurnsTheFieldRedAndBlocksSendWithTheReason(FxRobot robot) throws Exception {
        robot.clickOn("#chat-temperature").write("7");
        javafx.scene.control.TextField field = robot.lookup("#chat-temperature").queryAs(javafx.scene.control.TextField.class);
        assertThat(field.getPseudoClassStates()).anyMatch(p -> p.getPseudoClassName().equals("danger"));
        assertThat(field.getTooltip().getText()).contains("Temperature '7'");
        send(robot, "hello");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#chat-send").queryButton().isDisabled()).isTrue();
        assertThat(pane().viewModel().turns()).isEmpty();
        Label status = robot.lookup("#chat-status").queryAs(Label.class);
        assertThat(status.getText()).startsWith("Not sent: Temperature '7'");
        assertThat(status.getStyleClass()).contains(atlantafx.base.theme.Styles.DANGER);

        robot.interact(() -> field.setText("0.7"));
        assertThat(robot.lookup("#chat-send").queryButton().isDisabled()).isFalse();
        robot.clickOn("#chat-send");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        assertThat(context.debugLogger().flush(10_000)).isTrue();
        assertThat(context.debugLogger().records().get(context.debugLogger().records().size() - 1).requestBody())
                .contains("\"temperature\":0.7");
    }

    @Test
    void aSuccessAfterAnErrorIsNotShownInTheErrorColour(FxRobot robot) throws Exception {
        robot.interact(() -> pane().viewModel().providerProperty().set("sim-auth"));
        send(robot, "hi");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.FAILED);
        Label status = robot.lookup("#chat-status").queryAs(Label.class);
        assertThat(status.getStyleClass()).contains(atlantafx.base.theme.Styles.DANGER);
        robot.clickOn("#chat-save");
        waitFor(() -> status.getText().startsWith("Saved to"));
        assertThat(status.getStyleClass()).doesNotContain(atlantafx.base.theme.Styles.DANGER);
        assertThat(status.getStyle()).doesNotContain("danger");
    }

    @Test
    void findCountsTheMatches(FxRobot robot) throws Exception {
        send(robot, "apple pie");
        waitFor(() -> pane().viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("apple");
        Label result = robot.lookup("#chat-find-result").queryAs(Label.class);
        waitFor(() -> result.getText().equals("2 matches"));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(result.getText()).isEqualTo("1 of 2");
    }
}
