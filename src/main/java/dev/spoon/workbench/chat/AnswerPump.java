package dev.spoon.workbench.chat;

import dev.spoon.workbench.FramePacer;
import javafx.animation.AnimationTimer;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Moves a streaming answer into the chat document once per paced frame ({@link FramePacer}): while the answer
 * streams, each drawing frame drains its new text; once it ended, its last text and then its footer (and
 * whatever the conversation did meanwhile, in order) are drawn on the next drawing frames, one step per frame,
 * never together with a full draw. It asks for frames only while it has something to draw. UI thread only.
 */
final class AnswerPump {
    /** What calls {@link #frame()} once per frame between {@link #start()} and {@link #stop()}. */
    interface Frames {
        void start();

        void stop();

        /** Frames from the scene's pulses (an {@link AnimationTimer}). */
        static Frames pulses(Runnable frame) {
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    frame.run();
                }
            };
            return new Frames() {
                @Override
                public void start() {
                    timer.start();
                }

                @Override
                public void stop() {
                    timer.stop();
                }
            };
        }
    }

    private final FramePacer pacer = new FramePacer();
    /** Document work that waits for a drawing frame: an answer's last text and its end, and what follows them. */
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private final BooleanSupplier streaming;
    private final Runnable drain;
    private final LongSupplier clock;
    private final Frames frames;
    private boolean drawingFrame;

    /**
     * @param streaming whether an answer streams now
     * @param drain     moves the streaming answer's new text to the document (called in a drawing frame)
     * @param clock     {@link System#nanoTime()}, or a test's clock
     * @param frames    makes the frames that call {@link #frame()}, given that step
     */
    AnswerPump(BooleanSupplier streaming, Runnable drain, LongSupplier clock, Function<Runnable, Frames> frames) {
        this.streaming = streaming;
        this.drain = drain;
        this.clock = clock;
        this.frames = frames.apply(this::frame);
    }

    /** One frame: draws the next queued step, or the streamed text, when the pacer lets this frame draw. */
    void frame() {
        if (!pacer.beginFrame(clock.getAsLong())) {
            return;
        }
        Runnable next = queued.poll();
        if (next != null) {
            next.run();
        } else if (streaming.getAsBoolean()) {
            drawingFrame = true;
            try {
                drain.run();
            } finally {
                drawingFrame = false;
            }
        } else {
            frames.stop();
        }
    }

    /** An answer starts streaming: frames run until its end is drawn. */
    void streamStarted() {
        pacer.reset();
        frames.start();
    }

    /** Whether the caller runs inside a drawing frame's drain (its document work may happen now). */
    boolean inDrawingFrame() {
        return drawingFrame;
    }

    /** Queues document work for the next drawing frames, after what is queued already. */
    void later(Runnable work) {
        queued.add(work);
        frames.start();
    }

    /** Runs document work now, or after the queued work when some waits (its order is kept). */
    void inOrder(Runnable work) {
        if (queued.isEmpty()) {
            work.run();
        } else {
            queued.add(work);
        }
    }

    /** Forgets the queued work (the document is drawn again from the conversation as it is now). */
    void clear() {
        queued.clear();
    }

    /** Whether the document shows everything the ViewModel has handed over (nothing waits for a frame). */
    boolean drawn() {
        return queued.isEmpty();
    }

    void stop() {
        frames.stop();
    }
}
