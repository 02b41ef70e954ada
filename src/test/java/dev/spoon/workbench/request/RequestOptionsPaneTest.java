package dev.spoon.workbench.request;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestStages;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.chat.ChatPane;
import dev.spoon.workbench.chat.ChatViewModel;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The request options bar in the Chat pane, at the smallest window size, driven as a user would. */
@ExtendWith(ApplicationExtension.class)
class RequestOptionsPaneTest {
    @TempDir
    static Path dir;

    private ChatPane pane;
    private WorkbenchContext ctx;

    @Start
    void start(Stage stage) {
        ctx = TestWorkbench.context(dir.resolve("options-" + System.nanoTime()), """
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """, TaskExecutor.background());
        ctx.theme().apply();
        pane = new ChatPane(ctx);
        TestStages.show(stage, (javafx.scene.Parent) pane.view(), 1024, 700);
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    private RequestOptionsViewModel options() {
        return pane.viewModel().requestOptions();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void paste(FxRobot robot, Path file) {
        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putFiles(List.of(file.toFile()));
            Clipboard.getSystemClipboard().setContent(c);
        });
        robot.clickOn("#chat-input");
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
    }

    @Test
    void theOptionsPanelShowsAnExtraBodyErrorWhereItIsTypedAndTheToggleSaysWhatIsSet(FxRobot robot) {
        ToggleButton toggle = robot.lookup("#chat-options-toggle").queryAs(ToggleButton.class);
        assertThat(toggle.getText()).isEqualTo("Options \u25B8");
        assertThat(robot.lookup("#chat-options-panel").query().isVisible()).isFalse();
        robot.clickOn(toggle);
        assertThat(robot.lookup("#chat-options-panel").query().isVisible()).isTrue();

        assertThat(robot.lookup("#chat-advanced").queryAs(javafx.scene.control.TitledPane.class).isExpanded()).isFalse();
        // no expand animation: the field below must be where it ends up when the robot aims at it
        robot.interact(() -> robot.lookup("#chat-advanced").queryAs(javafx.scene.control.TitledPane.class)
                .setAnimated(false));
        robot.clickOn(robot.lookup("#chat-advanced").query().lookup(".title"));
        robot.clickOn("#chat-extra-body").write("{\"seed\": }");
        Label error = robot.lookup("#chat-extra-body-error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).startsWith("Extra body is not valid JSON (line 1, column 10)");
        assertThat(toggle.getText()).isEqualTo("Options: \u26A0 fix an error \u25BE");

        robot.interact(() -> robot.lookup("#chat-extra-body").queryAs(TextArea.class).setText("{\"seed\": 7}"));
        assertThat(error.isVisible()).isFalse();
        assertThat(toggle.getText()).isEqualTo("Options: 1 body field \u25BE");
        robot.clickOn(toggle);
        assertThat(robot.lookup("#chat-options-panel").query().isVisible()).isFalse();
    }

    @Test
    void aPastedImageFileShowsAsAThumbnailThatCanBeRemovedAndTextStillPastesAsText(FxRobot robot) throws Exception {
        Path png = Files.write(dir.resolve("dot.png"), TestImages.PNG);
        paste(robot, png);
        waitFor(() -> options().images().size() == 1);
        HBox strip = robot.lookup("#chat-image-strip").queryAs(HBox.class);
        assertThat(strip.getChildren()).hasSize(1);
        ImageView thumb = (ImageView) ((HBox) strip.getChildren().get(0)).getChildren().get(0);
        waitFor(() -> thumb.getImage() != null);
        assertThat(thumb.getImage().getWidth()).isPositive();
        assertThat(robot.lookup("#chat-input").queryAs(TextArea.class).getText()).isEmpty();

        robot.clickOn(robot.lookup(".image-remove").queryAs(Button.class));
        assertThat(options().images()).isEmpty();
        assertThat(strip.getChildren()).isEmpty();

        robot.interact(() -> {
            ClipboardContent c = new ClipboardContent();
            c.putString("plain words");
            Clipboard.getSystemClipboard().setContent(c);
        });
        robot.clickOn("#chat-input");
        robot.press(KeyCode.CONTROL, KeyCode.V).release(KeyCode.V, KeyCode.CONTROL);
        assertThat(robot.lookup("#chat-input").queryAs(TextArea.class).getText()).isEqualTo("plain words");
        assertThat(options().images()).isEmpty();
    }

    @Test
    void theDraftsTokensAndTheContextWindowShowAsItIsTyped(FxRobot robot) throws Exception {
        Label count = robot.lookup("#chat-token-count").queryAs(Label.class);
        Node meter = robot.lookup("#chat-context-meter").query();
        assertThat(count.getText()).isEmpty();
        assertThat(meter.isVisible()).isFalse();
        robot.clickOn("#chat-input").write("hello");
        int expected = dev.spoon.llm.tokens.TokenCounter.simPromptTokens(List.of(dev.spoon.llm.Message.user("hello")));
        waitFor(() -> count.getText().equals(expected + " / 8,192 tokens"));
        assertThat(meter.isVisible()).isTrue();
        assertThat(((javafx.scene.control.ProgressBar) meter).getProgress()).isEqualTo(expected / 8192.0);
    }

    @Test
    void aJsonSchemaIsEditedWithItsErrorsShownAndTheAnswersCheckShowsUnderTheAnswer(FxRobot robot) throws Exception {
        robot.clickOn("#chat-options-toggle");
        robot.interact(() -> robot.lookup("#chat-response-format").queryComboBox().getSelectionModel()
                .select(ResponseFormatChoice.JSON_SCHEMA));
        Label error = robot.lookup("#chat-schema-error").queryAs(Label.class);
        assertThat(error.getText()).startsWith("Write the JSON Schema the answer must match");
        TextArea schema = robot.lookup("#chat-schema").queryAs(TextArea.class);
        robot.interact(() -> schema.setText("{\"type\": \"object\", \"properties\": {\"city\": {\"type\":"
                + " \"string\"}}, \"required\": [\"city\"]"));
        assertThat(error.getText()).startsWith("The JSON Schema is not valid JSON (line 1");
        robot.interact(() -> schema.setText(schema.getText() + "}"));
        waitFor(() -> options().validBinding().get()); // the schema is checked against its meta-schema off the FX thread
        assertThat(error.isVisible()).isFalse();
        robot.interact(() -> robot.lookup("#chat-reasoning-effort").queryComboBox().getSelectionModel().select("high"));
        assertThat(robot.lookup("#chat-options-toggle").queryAs(ToggleButton.class).getText())
                .isEqualTo("Options: JSON Schema \u00B7 effort high \u25BE");
        robot.interact(() -> {
            pane.viewModel().inputProperty().set("Where?");
            pane.viewModel().send();
        });
        waitFor(() -> pane.viewModel().stateProperty().get() != ChatViewModel.State.STREAMING && pane.drawn());
        assertThat(pane.viewModel().statusProperty().get()).startsWith("Answered by sim");
        assertThat(pane.documentText()).contains("\u2713 JSON parsed; it matches the schema");
    }

    @Test
    void aTooLargeImageIsRefusedWithItsSizeAndTheLimit(FxRobot robot) throws Exception {
        Path big = dir.resolve("scan.png");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(TestImages.PNG);
            f.setLength(25L * 1024 * 1024);
        }
        paste(robot, big);
        Label problem = robot.lookup("#chat-image-problem").queryAs(Label.class);
        waitFor(() -> problem.getText().startsWith("Image file"));
        assertThat(problem.getText()).isEqualTo("Image file " + big + " is 25.0 MB; the limit is 5 MB (make it smaller,"
                + " or give an http(s) URL instead).");
        assertThat(options().images()).isEmpty();
    }

    @Test
    void aSentMessageSaysItsImagesWentWithIt(FxRobot robot) throws Exception {
        Path png = Files.write(dir.resolve("dot2.png"), TestImages.PNG);
        robot.interact(() -> options().attach(List.of(png)));
        waitFor(() -> options().images().size() == 1);
        robot.interact(() -> {
            pane.viewModel().inputProperty().set("what is this?");
            pane.viewModel().send();
        });
        waitFor(() -> pane.viewModel().stateProperty().get() == ChatViewModel.State.DONE && pane.drawn());
        assertThat(pane.documentText()).contains("what is this?\n\uD83D\uDDBC 1 image attached");
        Node strip = robot.lookup("#chat-image-strip").query();
        assertThat(((HBox) strip).getChildren()).isEmpty();
    }
}
