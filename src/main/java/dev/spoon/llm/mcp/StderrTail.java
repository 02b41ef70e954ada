package dev.spoon.llm.mcp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last lines a server process wrote to stderr: at most {@link #MAX_LINES} lines of at most
 * {@link #MAX_LINE_CHARS} characters each, so a chatty server cannot fill memory. Thread-safe; listeners are
 * called on the thread that reads the stream and must not block.
 */
public final class StderrTail {
    public static final int MAX_LINES = 500;
    public static final int MAX_LINE_CHARS = 2_000;
    /** How many lines an error message quotes. */
    public static final int ERROR_LINES = 12;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private long total;

    /** Appends one line (cut to {@link #MAX_LINE_CHARS}), dropping the oldest beyond {@link #MAX_LINES}. */
    public void add(String line) {
        String l = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "\u2026" : line;
        synchronized (lines) {
            lines.addLast(l);
            total++;
            while (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
        }
        for (Consumer<String> c : listeners) {
            try {
                c.accept(l);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks reading the stream
            }
        }
    }

    /** Every line held, oldest first. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The last {@code n} lines, oldest first. */
    public List<String> last(int n) {
        synchronized (lines) {
            List<String> all = new ArrayList<>(lines);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** How many lines were ever added (including those dropped). */
    public long total() {
        synchronized (lines) {
            return total;
        }
    }

    /** Calls {@code listener} with each new line (not with the lines already held). */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }
}
