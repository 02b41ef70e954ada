package dev.spoon.workbench;

import dev.spoon.workbench.chat.ChatPane;
import dev.spoon.workbench.chat.ChatViewModel;
import dev.spoon.workbench.compare.CompareColumn;
import dev.spoon.workbench.compare.ComparePane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a retry is shown live in the chat's answer card and in a Compare column while the manager waits
 * (here the manager's wait ends only when the test says so: nothing waits for real).
 */
@ExtendWith(ApplicationExtension.class)
class RetryNoticePaneTest {
    @TempDir
    static Path dir;

    private final BlockingQueue<Runnable> waits = new LinkedBlockingQueue<>();
    private StubEndpoint stub;
    private WorkbenchContext context;
    private WorkbenchShell shell;

    @Start
    void start(Stage stage) throws Exception {
        stub = new StubEndpoint().rateLimited(7).streams();
        context = TestWorkbench.context(dir.resolve("retry-" + System.nanoTime()), "default_provider = \"mystub\"\n"
                + stub.configFallingBackToSim(), stoppedClock(), waits);
        context.theme().apply();
        shell = new WorkbenchShell(context, PaneRegistry.standard());
        WorkbenchApp.install(stage, shell, context);
        stage.show();
    }

    /**
     * The background executor with its clock stopped: a retry's countdown stays at its first second however
     * long the machine takes to get to the assertion (it read "5 s" on a loaded machine).
     */
    private static TaskExecutor stoppedClock() {
        TaskExecutor background = TaskExecutor.background();
        return new TaskExecutor() {
            @Override
            public <T> java.util.concurrent.CompletableFuture<T> submit(java.util.function.Supplier<T> work) {
                return background.submit(work);
            }

            @Override
            public void ui(Runnable action) {
                background.ui(action);
            }

            @Override
            public Scheduled schedule(java.time.Duration delay, Runnable action) {
                return () -> { }; // the time never comes
            }

            @Override
            public long nanoTime() {
                return 0;
            }
        };
    }

    @AfterEach
    void close() {
        context.core().close();
        stub.close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        // read on the FX thread, where the panes change
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition).get(15, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theChatAnswerCardShowsTheRetryWhileTheManagerWaits(FxRobot robot) throws Exception {
        ChatPane chat = (ChatPane) shell.pane(Nav.CHAT);
        robot.clickOn("#chat-input");
        robot.interact(() -> robot.lookup("#chat-input").queryAs(TextArea.class).setText("hi"));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor(() -> chat.documentText().contains("rate limited by mystub"));
        assertThat(chat.documentText()).contains("\u21BB rate limited by mystub, retrying in 7 s (attempt 2 of 4)");
        assertThat(chat.viewModel().stateProperty().get()).isEqualTo(ChatViewModel.State.STREAMING);
        waits.take().run();
        waitFor(() -> chat.viewModel().stateProperty().get() == ChatViewModel.State.DONE);
        waitFor(() -> chat.documentText().contains(chat.viewModel().turns().get(1).content().strip()));
        assertThat(chat.documentText()).contains("\u21BB ").contains("(attempt 2 of 4)");
    }

    @Test
    void aCompareColumnShowsTheRetryWhileTheManagerWaits(FxRobot robot) throws Exception {
        robot.interact(() -> context.navigate(Nav.COMPARE));
        ComparePane compare = (ComparePane) shell.pane(Nav.COMPARE);
        robot.interact(() -> {
            compare.viewModel().columns().get(0).providerProperty().set("mystub");
            compare.viewModel().columns().get(1).providerProperty().set("sim");
            compare.viewModel().promptProperty().set("hi");
            compare.viewModel().send();
        });
        waitFor(() -> robot.lookup("#notice-0").queryAs(Label.class).isVisible());
        assertThat(robot.lookup("#notice-0").queryAs(Label.class).getText())
                .isEqualTo("\u21BB rate limited by mystub, retrying in 7 s (attempt 2 of 4)");
        assertThat(robot.lookup("#notice-1").queryAs(Label.class).isVisible()).isFalse();
        waits.take().run();
        CompareColumn first = compare.viewModel().columns().get(0);
        waitFor(() -> first.stateProperty().get() == CompareColumn.State.DONE);
    }
}
