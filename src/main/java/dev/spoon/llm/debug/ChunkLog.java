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
 * The streamed events of one response, stored compactly: the event texts one after the other, with the end
 * offset of each event and its arrival time (microseconds after the request started). Above
 * {@value #COMPRESS_ABOVE} characters the text is kept deflated, in blocks of whole events of about
 * {@value #BLOCK_CHARS} characters each deflated on its own (streamed JSON chunks repeat themselves and shrink
 * several times). Blocks are sealed while the stream runs, so a long stream never holds its whole text in
 * memory: neither while it is recorded nor when its record is written ({@link #forEachEvent}), which keeps the
 * end of a 150,000-chunk answer from promoting tens of megabytes at once (young-GC pauses the UI felt).
 * Immutable and thread-safe. {@link #events()} inflates once; {@link #event(int)} inflates one block per call,
 * so loop over {@link #events()} or {@link #forEachEvent} instead.
 */
public final class ChunkLog {
    /** A log without events. */
    public static final ChunkLog EMPTY = new ChunkLog("", null, null, null, 0, new int[0], new int[0]);
    static final int COMPRESS_ABOVE = 512;
    /** Characters after which the builder seals (deflates) its current block. */
    static final int BLOCK_CHARS = 64 * 1024;

    /** The text when it is short (not deflated), else null. */
    private final String plain;
    /** Each block's deflated UTF-8 text, when {@link #plain} is null. */
    private final byte[][] blocks;
    /** The index of each block's first event. */
    private final int[] blockFirstEvent;
    /** Each block's first character in {@link #text()}. */
    private final int[] blockStart;
    private final int length;
    private final int[] ends;
    private final int[] offsetsMicros;

    private ChunkLog(String plain, byte[][] blocks, int[] blockFirstEvent, int[] blockStart, int length, int[] ends,
                     int[] offsetsMicros) {
        this.plain = plain;
        this.blocks = blocks;
        this.blockFirstEvent = blockFirstEvent;
        this.blockStart = blockStart;
        this.length = length;
        this.ends = ends;
        this.offsetsMicros = offsetsMicros;
    }

    /** Receives one event's text at a time ({@link #forEachEvent}); may throw {@code E} (a writer's IOException). */
    @FunctionalInterface
    public interface EventVisitor<E extends Exception> {
        /**
         * Event {@code index}: its characters are {@code text[start, end)}. The text is only valid during the call
         * (the next block replaces it).
         */
        void event(int index, String text, int start, int end) throws E;
    }

    private static byte[] deflate(CharSequence s) {
        byte[] in = s.toString().getBytes(StandardCharsets.UTF_8);
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

    private String block(int b) {
        int chars = (b + 1 < blockStart.length ? blockStart[b + 1] : length) - blockStart[b];
        Inflater inf = new Inflater();
        try {
            inf.setInput(blocks[b]);
            ByteArrayOutputStream out = new ByteArrayOutputStream(chars + 16);
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

    private int blockCount() {
        return plain != null ? (ends.length == 0 ? 0 : 1) : blocks.length;
    }

    private int firstEvent(int b) {
        return plain != null ? 0 : blockFirstEvent[b];
    }

    private String blockText(int b) {
        return plain != null ? plain : block(b);
    }

    private int blockOffset(int b) {
        return plain != null ? 0 : blockStart[b];
    }

    /**
     * Hands every event to {@code visitor} in arrival order, inflating one block at a time: the whole text is
     * never in memory at once.
     */
    public <E extends Exception> void forEachEvent(EventVisitor<E> visitor) throws E {
        for (int b = 0; b < blockCount(); b++) {
            String text = blockText(b);
            int base = blockOffset(b);
            int last = b + 1 < blockCount() ? firstEvent(b + 1) : ends.length;
            for (int i = firstEvent(b); i < last; i++) {
                visitor.event(i, text, start(i) - base, ends[i] - base);
            }
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
     * Inflates the event's block: to read many events use {@link #events()} or {@link #forEachEvent}.
     */
    public String event(int i) {
        if (plain != null) {
            return plain.substring(start(i), ends[i]);
        }
        int b = Arrays.binarySearch(blockFirstEvent, i);
        b = b >= 0 ? b : -b - 2;
        return block(b).substring(start(i) - blockStart[b], ends[i] - blockStart[b]);
    }

    /** All events' text, one after the other (inflated on every call): event {@code i} is [start(i), end(i)). */
    public String text() {
        if (plain != null) {
            return plain;
        }
        StringBuilder sb = new StringBuilder(length);
        for (int b = 0; b < blocks.length; b++) {
            sb.append(block(b));
        }
        return sb.toString();
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
        List<String> out = new ArrayList<>(ends.length);
        forEachEvent((i, text, start, end) -> out.add(text.substring(start, end)));
        return out;
    }

    /** Total characters of all events. */
    public int totalChars() {
        return length;
    }

    /** Bytes this log keeps for its text (less than {@link #totalChars()} when deflated). */
    public int storedBytes() {
        if (plain != null) {
            return plain.length();
        }
        int n = 0;
        for (byte[] b : blocks) {
            n += b.length;
        }
        return n;
    }

    /**
     * Accumulates events, deflating each block of about {@link #BLOCK_CHARS} characters as soon as it is full;
     * not thread-safe (the transport delivers one exchange's events in order).
     */
    static final class Builder {
        private final StringBuilder pending = new StringBuilder();
        private final List<byte[]> blocks = new ArrayList<>();
        private int[] blockFirstEvent = new int[4];
        private int[] blockStart = new int[4];
        /** Index of the first event in {@link #pending}. */
        private int pendingFirstEvent;
        private int length;
        private int[] ends = new int[16];
        private int[] offsets = new int[16];
        private int n;

        void add(String event, long offsetMicros) {
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
                offsets = Arrays.copyOf(offsets, n * 2);
            }
            pending.append(event);
            length += event.length();
            ends[n] = length;
            offsets[n] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, offsetMicros));
            n++;
            if (pending.length() >= BLOCK_CHARS) {
                seal();
            }
        }

        /** Deflates the pending events as one block. */
        private void seal() {
            int b = blocks.size();
            if (b == blockStart.length) {
                blockStart = Arrays.copyOf(blockStart, b * 2);
                blockFirstEvent = Arrays.copyOf(blockFirstEvent, b * 2);
            }
            blockStart[b] = length - pending.length();
            blockFirstEvent[b] = pendingFirstEvent;
            blocks.add(deflate(pending));
            pending.setLength(0);
            if (pending.capacity() > 2 * BLOCK_CHARS) {
                pending.trimToSize(); // one huge event grew it: do not keep that much for the rest
            }
            pendingFirstEvent = n;
        }

        int size() {
            return n;
        }

        ChunkLog build() {
            if (n == 0) {
                return EMPTY;
            }
            if (blocks.isEmpty() && length <= COMPRESS_ABOVE) {
                return new ChunkLog(pending.toString(), null, null, null, length, Arrays.copyOf(ends, n),
                        Arrays.copyOf(offsets, n));
            }
            if (pending.length() > 0) {
                seal();
            }
            int count = blocks.size();
            return new ChunkLog(null, blocks.toArray(new byte[0][]), Arrays.copyOf(blockFirstEvent, count),
                    Arrays.copyOf(blockStart, count), length, Arrays.copyOf(ends, n), Arrays.copyOf(offsets, n));
        }
    }
}
