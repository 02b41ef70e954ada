package dev.spoon.llm.debug;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The streamed events of one response, stored compactly: all event texts concatenated into one string (kept
 * deflated when longer than {@value #COMPRESS_ABOVE} characters: streamed JSON chunks repeat themselves and
 * shrink several times), with the end offset of each event and its arrival time (microseconds after the
 * request started). Immutable and thread-safe. {@link #events()} inflates once; {@link #event(int)} inflates
 * on every call, so loop over {@link #events()} instead.
 */
public final class ChunkLog {
    /** A log without events. */
    public static final ChunkLog EMPTY = new ChunkLog("", new int[0], new int[0]);
    static final int COMPRESS_ABOVE = 512;

    private final String plain;
    private final byte[] deflated;
    private final int length;
    private final int[] ends;
    private final int[] offsetsMicros;

    ChunkLog(String data, int[] ends, int[] offsetsMicros) {
        this.length = data.length();
        if (data.length() > COMPRESS_ABOVE) {
            this.deflated = deflate(data);
            this.plain = null;
        } else {
            this.deflated = null;
            this.plain = data;
        }
        this.ends = ends;
        this.offsetsMicros = offsetsMicros;
    }

    private static byte[] deflate(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(in);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 4 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** All event texts concatenated. */
    private String data() {
        if (plain != null) {
            return plain;
        }
        Inflater inf = new Inflater();
        try {
            inf.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("corrupt chunk log", e);
        } finally {
            inf.end();
        }
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

    /**
     * The text of event {@code i} as it arrived (an SSE data payload, with its event name when it had one).
     * Inflates the log: to read many events use {@link #events()}.
     */
    public String event(int i) {
        int start = i == 0 ? 0 : ends[i - 1];
        return data().substring(start, ends[i]);
    }

    /** All events' text, one after the other (inflated on every call): event {@code i} is [start(i), end(i)). */
    public String text() {
        return data();
    }

    /** Where event {@code i} starts in {@link #text()}. */
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Where event {@code i} ends in {@link #text()} (exclusive). */
    public int end(int i) {
        return ends[i];
    }

    /** When event {@code i} arrived, in microseconds after the request started. */
    public long offsetMicros(int i) {
        return offsetsMicros[i];
    }

    /** All events, in arrival order. */
    public List<String> events() {
        String all = data();
        List<String> out = new ArrayList<>(ends.length);
        for (int i = 0; i < ends.length; i++) {
            out.add(all.substring(i == 0 ? 0 : ends[i - 1], ends[i]));
        }
        return out;
    }

    /** Total characters of all events. */
    public int totalChars() {
        return length;
    }

    /** Bytes this log keeps for its text (less than {@link #totalChars()} when deflated). */
    public int storedBytes() {
        return deflated != null ? deflated.length : plain.length();
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
