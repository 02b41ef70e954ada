package dev.spoon.workbench;

/**
 * Decides on which frames streamed text is drawn. While drawing is cheap, every frame draws. When a draw (its
 * document edit, CSS, layout and render, measured up to the next frame) overruns its frame, the next draws wait
 * for as long as it overran, so the UI thread keeps time for input, scrolling and the other panes whatever the
 * token rate: a stream at thousands of tokens per second is drawn in fewer, larger steps instead of starving
 * the window. Used by one {@code AnimationTimer}; UI thread only.
 */
public final class FramePacer {
    /** One 60 Hz frame. */
    static final long FRAME_NANOS = 16_700_000L;

    private long drawStartedAt = -1;
    private long nextDrawAt;
    private long lastCostNanos;

    /**
     * Call at the start of every frame with {@link System#nanoTime()}; returns true when this frame should draw.
     * A frame that draws nothing costs nothing, so the caller may draw or not when told it can.
     */
    public boolean beginFrame(long now) {
        if (drawStartedAt >= 0) {
            lastCostNanos = now - drawStartedAt;
            drawStartedAt = -1;
            nextDrawAt = now + Math.max(0, lastCostNanos - FRAME_NANOS);
        }
        if (now < nextDrawAt) {
            return false;
        }
        drawStartedAt = now;
        return true;
    }

    /** How long the last draw took, from its frame to the next one (at least one frame). */
    public long lastCostNanos() {
        return lastCostNanos;
    }

    /** Forgets the measurements (a new stream). */
    public void reset() {
        drawStartedAt = -1;
        nextDrawAt = 0;
        lastCostNanos = 0;
    }
}
