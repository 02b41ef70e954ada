package dev.spoon.llm.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pure server-sent-events decoder: bytes in, events out. No I/O, no threads, no timing; the transport
 * feeds it whatever each socket read returned, split anywhere (inside a line, a {@code \r\n} pair or a
 * UTF-8 sequence).
 *
 * <p>Follows the WHATWG framing: lines end with {@code \n}, {@code \r\n} or {@code \r}; {@code data:}
 * lines of one event are joined with {@code \n}; {@code event:} names the event; lines starting with
 * {@code :} are comments (keep-alives such as {@code : OPENROUTER PROCESSING}) and are skipped; a blank
 * line dispatches the event; {@code id:} and {@code retry:} are accepted and ignored; a UTF-8 byte order
 * mark at the start of the stream is skipped. An event without any {@code data:} line is not dispatched. At {@link #end} a last unterminated line and a pending event are
 * dispatched too (lenient: servers that close without the final blank line lose nothing).
 *
 * <p>Cost is linear in the input: each byte is scanned once and copied at most twice (partial line,
 * event data); buffers grow by doubling, up to a limit per line and event ({@link #DEFAULT_MAX_EVENT_BYTES}
 * unless given) past which the input is refused rather than held. Not thread-safe: one decoder per stream.
 */
public final class SseDecoder {

    /** Receives decoded events. */
    @FunctionalInterface
    public interface Handler {
        /**
         * One event.
         *
         * @param name   the {@code event:} name, or null when the event had none
         * @param data   the event's data as UTF-8 bytes, in {@code data[0, length)}; the array is reused after
         *               the call returns, so copy what must be kept
         * @param length number of data bytes
         */
        void onEvent(String name, byte[] data, int length);
    }

    /** A decoded event with its data as text (tests, tools; the hot path uses {@link Handler}). */
    public record Event(String name, String data) {
    }

    /** The default largest line or event: 64 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 64 << 20;

    /**
     * A line or an event grew over the decoder's limit: the input is not a sane event stream (e.g. endless
     * bytes without a line break). The decoder must not be used afterwards.
     */
    public static final class EventTooLargeException extends RuntimeException {
        private final int limit;

        EventTooLargeException(int limit) {
            super("an event stream line or event is larger than " + limit + " bytes");
            this.limit = limit;
        }

        /** The limit that was passed, in bytes. */
        public int limit() {
            return limit;
        }
    }

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxEvent;
    private byte[] line = new byte[512];
    private int lineLen;
    private byte[] data = new byte[4096];
    private int dataLen;
    private boolean hasData;
    private String eventName;
    private byte[] lastNameBytes;
    private String lastName;
    private boolean skipLf;
    /** Leading bytes matched against the UTF-8 byte order mark so far; -1 once past the start. */
    private int bom;
    /** Bytes scanned and copied so far: a measure of work for tests (linear in the input). */
    private long work;

    /** A decoder whose lines and events may be up to {@link #DEFAULT_MAX_EVENT_BYTES}. */
    public SseDecoder() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** A decoder whose lines and events may be up to {@code maxEventBytes}. */
    public SseDecoder(int maxEventBytes) {
        this.maxEvent = maxEventBytes;
    }

    /**
     * Feeds {@code in[off, off+len)}; complete events go to {@code handler} before this returns.
     *
     * @throws EventTooLargeException when a line or an event's data passes the limit
     */
    public void decode(byte[] in, int off, int len, Handler handler) {
        int end = off + len;
        int i = off;
        work += len;
        if (bom >= 0) {
            i = skipBom(in, i, end);
        }
        if (skipLf && i < end) {
            if (in[i] == '\n') {
                i++;
            }
            skipLf = false;
        }
        int start = i;
        while (i < end) {
            byte b = in[i];
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            if (lineLen > 0) {
                appendLine(in, start, i - start);
                processLine(line, 0, lineLen, handler);
                lineLen = 0;
            } else {
                processLine(in, start, i - start, handler);
            }
            i++;
            if (b == '\r') {
                if (i < end) {
                    if (in[i] == '\n') {
                        i++;
                    }
                } else {
                    skipLf = true;
                }
            }
            start = i;
        }
        if (start < end) {
            appendLine(in, start, end - start);
        }
    }

    /**
     * Skips a UTF-8 byte order mark at the very start of the stream (it may arrive split over several reads);
     * bytes that only looked like its start are kept as line content.
     */
    private int skipBom(byte[] in, int i, int end) {
        while (i < end && bom >= 0) {
            if (in[i] == BOM[bom]) {
                i++;
                bom++;
                if (bom == BOM.length) {
                    bom = -1;
                }
            } else {
                if (bom > 0) {
                    appendLine(BOM, 0, bom);
                }
                bom = -1;
            }
        }
        return i;
    }

    /** Bytes scanned and copied since this decoder was made (tests check that this is linear in the input). */
    long work() {
        return work;
    }

    /** The input ended: dispatches a last unterminated line's event, if any, and resets the decoder. */
    public void end(Handler handler) {
        if (bom > 0) {
            appendLine(BOM, 0, bom);
        }
        bom = 0;
        if (lineLen > 0) {
            processLine(line, 0, lineLen, handler);
            lineLen = 0;
        }
        dispatch(handler);
        skipLf = false;
    }

    /** Whether an event's data is OpenAI's end-of-stream marker {@code [DONE]}. */
    public static boolean isDone(byte[] data, int length) {
        return length == DONE.length && Arrays.equals(data, 0, length, DONE, 0, DONE.length);
    }

    /** Decodes a whole body at once (tests and tools). */
    public static List<Event> decodeAll(byte[] body) {
        List<Event> out = new ArrayList<>();
        SseDecoder d = new SseDecoder();
        Handler h = (name, bytes, length) -> out.add(new Event(name, new String(bytes, 0, length,
                StandardCharsets.UTF_8)));
        d.decode(body, 0, body.length, h);
        d.end(h);
        return out;
    }

    private void appendLine(byte[] in, int off, int len) {
        if (lineLen + len > maxEvent) {
            throw new EventTooLargeException(maxEvent);
        }
        if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, Math.min(maxEvent, Math.max(line.length * 2, lineLen + len)));
            work += lineLen;
        }
        work += len;
        System.arraycopy(in, off, line, lineLen, len);
        lineLen += len;
    }

    private void processLine(byte[] buf, int off, int len, Handler handler) {
        if (len == 0) {
            dispatch(handler);
            return;
        }
        if (buf[off] == ':') {
            return; // comment / keep-alive
        }
        int colon = -1;
        for (int j = off; j < off + len; j++) {
            if (buf[j] == ':') {
                colon = j;
                break;
            }
        }
        int fieldLen = colon < 0 ? len : colon - off;
        work += fieldLen;
        int valueStart = colon < 0 ? off + len : colon + 1;
        if (valueStart < off + len && buf[valueStart] == ' ') {
            valueStart++;
        }
        int valueLen = off + len - valueStart;
        if (fieldLen == 4 && buf[off] == 'd' && buf[off + 1] == 'a' && buf[off + 2] == 't' && buf[off + 3] == 'a') {
            int need = dataLen + valueLen + (hasData ? 1 : 0);
            if (need > maxEvent) {
                throw new EventTooLargeException(maxEvent);
            }
            if (need > data.length) {
                data = Arrays.copyOf(data, Math.min(maxEvent, Math.max(data.length * 2, need)));
                work += dataLen;
            }
            work += valueLen;
            if (hasData) {
                data[dataLen++] = '\n';
            }
            System.arraycopy(buf, valueStart, data, dataLen, valueLen);
            dataLen += valueLen;
            hasData = true;
        } else if (fieldLen == 5 && buf[off] == 'e' && buf[off + 1] == 'v' && buf[off + 2] == 'e'
                && buf[off + 3] == 'n' && buf[off + 4] == 't') {
            eventName = name(buf, valueStart, valueLen);
        }
        // id, retry and unknown fields are ignored
    }

    /** The event name as a String, reusing the previous one when the bytes are the same (no garbage). */
    private String name(byte[] buf, int off, int len) {
        work += len;
        if (lastNameBytes != null && Arrays.equals(lastNameBytes, 0, lastNameBytes.length, buf, off, off + len)) {
            return lastName;
        }
        lastNameBytes = Arrays.copyOfRange(buf, off, off + len);
        lastName = new String(lastNameBytes, StandardCharsets.UTF_8);
        return lastName;
    }

    private void dispatch(Handler handler) {
        if (hasData) {
            String name = eventName;
            int len = dataLen;
            eventName = null;
            dataLen = 0;
            hasData = false;
            handler.onEvent(name, data, len);
        } else {
            eventName = null;
        }
    }
}
