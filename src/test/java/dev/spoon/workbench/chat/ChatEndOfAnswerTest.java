package dev.spoon.workbench.chat;

import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a streamed answer, its last text and its footer of figures, is on screen within the frames after
 * the stream ended, and the conversation stays scrolled to it. The test makes the frames itself (the view's
 * pulses and its pacing clock), with the CSS and layout pass of a pulse after each, so nothing depends on the
 * machine's speed.
 */
@ExtendWith(ApplicationExtension.class)
class ChatEndOfAnswerTest {
    private static final long MS = 1_000_000L;
    private static final String CONFIG = """
            [providers.sim]
            ttft_ms = 0
            tokens_per_s = 0
            mode = "lorem"
            answer_tokens = 500

            [prices."sim-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            """;

    @TempDir
    static Path dir;

    /** The frames the view asks for; the test runs them. */
    private static final class TestFrames implements AnswerPump.Frames {
        Runnable step;
        boolean running;

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }
    }

    private final TestFrames frames = new TestFrames();
    private Stage stage;
    private WorkbenchContext context;
    private QueuedTaskExecutor executor;
    private ChatViewModel vm;
    private ChatView view;
    private long now = 1_000_000 * MS;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            view.dispose();
            context.core().close();
        });
    }

    /** Builds the chat on the FX thread, which then plays the UI thread of the queued executor. */
    private void open(FxRobot robot) {
        robot.interact(() -> {
            executor = new QueuedTaskExecutor();
            context = TestWorkbench.context(dir.resolve("end-" + System.nanoTime()), CONFIG, executor);
            context.theme().apply();
            vm = new ChatViewModel(context, new ConversationStore(dir.resolve("conversations")));
            view = new ChatView(vm, () -> now, step -> {
                frames.step = step;
                return frames;
            });
            stage.setScene(dev.spoon.workbench.WorkbenchApp.styledScene((Parent) view.root(), 720, 420));
            stage.show();
        });
    }

    /**
     * One frame whose drawing took {@code costMs}: the view's step (when it asked for frames, as an animation
     * timer runs only while started), then the pulse's CSS and layout.
     */
    private void frame(long costMs) {
        if (frames.running) {
            frames.step.run();
        }
        Parent root = stage.getScene().getRoot();
        root.applyCss();
        root.layout();
        now += costMs * MS;
    }

    /** Sends {@code text}; draws {@code streamingFrames} frames while it streams, then lets the stream end. */
    private ChatTurn sendAndEnd(String text, int streamingFrames, long lastCostMs) {
        vm.inputProperty().set(text);
        vm.send();
        assertThat(frames.running).as("frames while streaming").isTrue();
        for (int i = 0; i < streamingFrames; i++) {
            frame(i == streamingFrames - 1 ? lastCostMs : 16);
        }
        executor.runUntil(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
        return vm.turns().get(vm.turns().size() - 1);
    }

    /** What the user sees of the answer's end: its last words, its figures, and whether the end is on screen. */
    private List<String> shownEnd(ChatTurn answer) {
        List<String> out = new ArrayList<>();
        String text = view.document().text().replaceAll("\\s+", " "); // long paragraphs are shown in pieces
        String content = answer.content().strip();
        String lastWords = content.substring(content.lastIndexOf(' ', content.length() - 12) + 1);
        if (text.contains(lastWords)) {
            out.add("text");
        }
        if (text.contains(ChatFigures.describe(answer))) {
            out.add("figures");
        }
        var area = view.document().area();
        if (area.lastVisibleParToAllParIndex() == area.getParagraphs().size() - 1) {
            out.add("scrolled to the end");
        }
        return out;
    }

    @Test
    void theLastTextAndTheFiguresAreDrawnOnTheTwoFramesAfterTheStreamEnds(FxRobot robot) {
        open(robot);
        robot.interact(() -> {
            for (String q : List.of("first question", "second question", "third question")) {
                ChatTurn answer = sendAndEnd(q, 2, 16);
                assertThat(answer.content()).hasSizeGreaterThan(500);
                assertThat(view.drawn()).as("the end waits for the next frames").isFalse();
                frame(16);
                assertThat(shownEnd(answer)).as(q + ", first frame after the end")
                        .contains("text", "scrolled to the end");
                frame(16);
                assertThat(shownEnd(answer)).as(q + ", second frame after the end")
                        .containsExactly("text", "figures", "scrolled to the end");
                assertThat(view.drawn()).isTrue();
                frame(16);
                assertThat(frames.running).as("no frames once everything is drawn").isFalse();
            }
        });
    }

    @Test
    void afterAnExpensiveDrawTheEndWaitsNoLongerThanTheDrawOverranItsFrame(FxRobot robot) {
        open(robot);
        robot.interact(() -> {
            ChatTurn answer = sendAndEnd("a question", 3, 200); // the last streaming frame took 200 ms
            int framesToEnd = 0;
            while (!view.drawn() && framesToEnd < 100) {
                frame(16);
                framesToEnd++;
            }
            // 200 ms - 16.7 ms of overrun is 11.5 frames of 16 ms; then one frame each for the text and the figures
            assertThat(framesToEnd).isBetween(2, 14);
            assertThat(shownEnd(answer)).containsExactly("text", "figures", "scrolled to the end");
        });
    }
}
