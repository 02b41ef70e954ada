package dev.spoon.llm.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The streamed events of one response, stored compactly: all event texts concatenated in one string, with
 * the end offset of each event and its arrival time (microseconds after the request started). Immutable.
 */
public final class ChunkLog {
    /** A log without events. */
    public static final ChunkLog EMPTY = new ChunkLog("", new int[0], new int[0]);

    private final String data;
    private final int[] ends;
    private final int[] offsetsMicros;

    ChunkLog(String data, int[] ends, int[] offsetsMicros) {
        this.data = data;
        this.ends = ends;
        this.offsetsMicros = offsetsMicros;
    }

    /** Builds a log from events and their arrival offsets in microseconds (same length). */
    public static ChunkLog of(List<String> events, List<Long> offsetsMicros) {
        Builder b = new Builder();
        for (int i = 0; i < events.size(); i++) {
            b.add(events.get(i), offsetsMicros.get(i));
        }
        return b.build();
    }

    public int size() {
        return ends.length;
    }

    public boolean isEmpty() {
        return ends.length == 0;
    }

    /** The text of event {@code i} as it arrived (an SSE data payload, with its event name when it had one). */
    public String event(int i) {
        int start = i == 0 ? 0 : ends[i - 1];
        return data.substring(start, ends[i]);
    }

    /** When event {@code i} arrived, in microseconds after the request started. */
    public long offsetMicros(int i) {
        return offsetsMicros[i];
    }

    /** All events, in arrival order. */
    public List<String> events() {
        List<String> out = new ArrayList<>(ends.length);
        for (int i = 0; i < ends.length; i++) {
            out.add(event(i));
        }
        return out;
    }

    /** Total characters of all events. */
    public int totalChars() {
        return data.length();
    }

    /** Accumulates events; not thread-safe (the transport delivers one exchange's events in order). */
    static final class Builder {
        private final StringBuilder data = new StringBuilder();
        private int[] ends = new int[16];
        private int[] offsets = new int[16];
        private int n;

        void add(String event, long offsetMicros) {
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
                offsets = Arrays.copyOf(offsets, n * 2);
            }
            data.append(event);
            ends[n] = data.length();
            offsets[n] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, offsetMicros));
            n++;
        }

        int size() {
            return n;
        }

        ChunkLog build() {
            if (n == 0) {
                return EMPTY;
            }
            return new ChunkLog(data.toString(), Arrays.copyOf(ends, n), Arrays.copyOf(offsets, n));
        }
    }
}
