package dev.spoon.workbench.chat;

import dev.spoon.workbench.StreamBuffer;
import dev.spoon.workbench.FramePacer;
import javafx.animation.AnimationTimer;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import org.fxmisc.flowless.VirtualizedScrollPane;

import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Warms the streaming path before the first real answer. A fresh JVM runs RichTextFX, CSS and text layout in
 * the interpreter and compiles them while the first fast stream is on screen, which makes that stream stutter
 * for its first seconds (pulse gaps of 200-450 ms at 5,000 tokens/s on two cores; none over 60 ms once warm).
 * So a short while after start-up, this streams a Markdown sample into a document in an off-screen scene, one
 * small step per frame, paced like a real stream so the window stays responsive, painting it into an image
 * every other step, and then lets it go. It stops at once when the user starts a real stream. Off with
 * {@code -Dspoon.warmup=false}. UI thread only.
 */
final class StreamWarmup extends AnimationTimer {
    /**
     * Steps (frames) to run: enough for the JIT to compile the hot paths. ChatStreamingBench 5000 30 on two cores,
     * first real stream: 120 steps without painting left pulse gaps of 57-108 ms and a worst render lag of
     * 150-210 ms in its first second (C2 compiling CSS state changes, text shaping and glyph drawing while it
     * streamed); 400 steps painting every second one: 48-54 ms (one run 71) and 80-95 ms (one 131). About 9 s
     * after start-up; the window keeps 60 fps meanwhile.
     */
    static final int STEPS = 400;
    /** Every this many steps the sample is painted too (a snapshot), so the drawing of text is warm as well. */
    static final int PAINT_EVERY = 2;
    private static final int CHARS_PER_STEP = 300;

    private final int maxSteps;
    private final long startAt;
    private final String stylesheet;
    private final BooleanSupplier busy;
    private final FramePacer pacer = new FramePacer();
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private ChatDocument doc;
    private StackPane root;
    private ChatTurn turn;
    private String sample;
    /** The image the sample is painted into, reused. */
    private WritableImage canvas;
    private int pos;
    private int steps;

    /**
     * @param delayMillis how long after now to begin (let start-up finish first)
     * @param busy true while the user streams a real answer: the warm-up then ends
     */
    StreamWarmup(long delayMillis, int maxSteps, String stylesheet, BooleanSupplier busy) {
        this.maxSteps = maxSteps;
        this.startAt = System.nanoTime() + delayMillis * 1_000_000L;
        this.stylesheet = stylesheet;
        this.busy = busy;
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty("spoon.warmup", "true"));
    }

    /** Completes with the number of steps run when the warm-up ends (finished, or cut short by a real stream). */
    CompletableFuture<Integer> done() {
        return done;
    }

    @Override
    public void handle(long now) {
        long t = System.nanoTime();
        if (t < startAt) {
            return;
        }
        if (busy.getAsBoolean() || steps >= maxSteps) {
            end();
            return;
        }
        if (!pacer.beginFrame(t)) {
            return;
        }
        if (doc == null) {
            doc = new ChatDocument(ChatDocument.Actions.NONE);
            root = new StackPane(new VirtualizedScrollPane<>(doc.area()));
            root.getStyleClass().add("chat-pane");
            root.getStylesheets().add(stylesheet);
            // the scene and its root's CSS first, the document after: a document given to a new Scene styles its
            // cells while the scene's root (where the theme's colours live) has no styles yet, and JavaFX warns
            // "Could not resolve '-color-fg-default'"
            Group group = new Group();
            new Scene(group, 900, 600);
            group.applyCss();
            group.getChildren().add(root);
            root.resize(900, 600);
            sample = sample();
            doc.begin(ChatTurn.user("warm-up"), 0);
            turn = ChatTurn.streaming("warm-up", null);
            doc.begin(turn, 1);
            return;
        }
        if (steps % 40 == 39) {
            // start over now and then: the JIT needs the same work repeated, not a big document (memory)
            doc.finish(turn);
            doc.reset(java.util.List.of(ChatTurn.user("warm-up")));
            turn = ChatTurn.streaming("warm-up", null);
            doc.begin(turn, 1);
        }
        int end = Math.min(sample.length(), pos + CHARS_PER_STEP);
        doc.delta(turn, new StreamBuffer.Delta(sample.substring(pos, end), "", t));
        pos = end == sample.length() ? 0 : end;
        root.applyCss();
        root.layout();
        if (steps % PAINT_EVERY == 0) {
            if (canvas == null) {
                canvas = new WritableImage(900, 600);
            }
            root.snapshot(null, canvas);
        }
        steps++;
    }

    private void end() {
        stop();
        if (doc != null && turn != null) {
            doc.finish(turn);
        }
        doc = null;
        root = null;
        turn = null;
        sample = null;
        canvas = null;
        done.complete(steps);
        if (steps > 0) {
            // the sample document is garbage now: collect it off the UI thread so the heap can shrink back
            Thread gc = new Thread(System::gc, "spoon-warmup-gc");
            gc.setDaemon(true);
            gc.start();
        }
    }

    /** A Markdown answer with the usual blocks: headings, paragraphs with inline styles, lists, code, quotes. */
    private static String sample() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            sb.append("## Step ").append(i).append("\n\n")
                    .append("The provider streams **tokens** as they are made, and the view shows them *at once*; a")
                    .append(" `stream` that breaks keeps its text. See [the docs](http://localhost/) for more.\n\n")
                    .append("- first point, with `code`\n- second point\n  continued\n1. one\n2. two\n\n")
                    .append("```java\nfor (int i = 0; i < ").append(i).append("; i++) {\n    System.out.println(i);\n}\n```\n\n")
                    .append("> A quoted line.\n\n");
        }
        return sb.toString();
    }
}
