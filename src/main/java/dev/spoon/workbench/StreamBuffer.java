package dev.spoon.workbench;

/**
 * The hand-over of streamed text from a transport thread to the UI thread, the one used by every pane that
 * shows a stream: the transport thread {@link #offer}s each chunk's text (a short append under a lock, never
 * waiting for the UI), and the UI thread {@link #drain}s what arrived, at most once per frame, whatever the
 * token rate.
 *
 * <p>Thread rules: {@link #offer} and {@link #lastArrivalNanos} from any thread; {@link #drain} and
 * {@link #clear} from the UI thread.
 */
public final class StreamBuffer {

    /**
     * Text that arrived since the last drain.
     *
     * @param firstArrivalNanos {@link System#nanoTime()} when the oldest text in this delta arrived (render lag)
     */
    public record Delta(String content, String reasoning, long firstArrivalNanos) {
        public static final Delta EMPTY = new Delta("", "", 0);

        public boolean isEmpty() {
            return content.isEmpty() && reasoning.isEmpty();
        }
    }

    private final Object lock = new Object();
    private StringBuilder content = new StringBuilder();
    private StringBuilder reasoning = new StringBuilder();
    private long firstPendingNanos;
    private volatile long lastArrivalNanos;

    /** Buffers a chunk's answer text and reasoning text (either may be null). Any thread; never blocks on the UI. */
    public void offer(String contentDelta, String reasoningDelta) {
        boolean hasContent = contentDelta != null && !contentDelta.isEmpty();
        boolean hasReasoning = reasoningDelta != null && !reasoningDelta.isEmpty();
        if (!hasContent && !hasReasoning) {
            return;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            if (content.length() == 0 && reasoning.length() == 0) {
                firstPendingNanos = now;
            }
            if (hasContent) {
                content.append(contentDelta);
            }
            if (hasReasoning) {
                reasoning.append(reasoningDelta);
            }
        }
        lastArrivalNanos = now;
    }

    /** Takes what arrived since the last drain; {@link Delta#EMPTY} when nothing did. */
    public Delta drain() {
        synchronized (lock) {
            if (content.length() == 0 && reasoning.length() == 0) {
                return Delta.EMPTY;
            }
            Delta d = new Delta(content.toString(), reasoning.toString(), firstPendingNanos);
            content = new StringBuilder(Math.max(64, content.length()));
            reasoning = new StringBuilder();
            return d;
        }
    }

    /** Drops what is buffered (a new run replaces the old one). */
    public void clear() {
        synchronized (lock) {
            content.setLength(0);
            reasoning.setLength(0);
        }
    }

    /** {@link System#nanoTime()} of the last text offered, or 0 (benchmarks measure render lag with it). */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }
}
