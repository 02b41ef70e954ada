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
 * line dispatches the event; {@code id:} and {@code retry:} are accepted and ignored. An event without any
 * {@code data:} line is not dispatched. At {@link #end} a last unterminated line and a pending event are
 * dispatched too (lenient: servers that close without the final blank line lose nothing).
 *
 * <p>Cost is linear in the input: each byte is scanned once and copied at most twice (partial line,
 * event data); buffers grow by doubling. Not thread-safe: one decoder per stream.
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

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private byte[] line = new byte[512];
    private int lineLen;
    private byte[] data = new byte[4096];
    private int dataLen;
    private boolean hasData;
    private String eventName;
    private byte[] lastNameBytes;
    private String lastName;
    private boolean skipLf;

    /** Feeds {@code in[off, off+len)}; complete events go to {@code handler} before this returns. */
    public void decode(byte[] in, int off, int len, Handler handler) {
        int end = off + len;
        int i = off;
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

    /** The input ended: dispatches a last unterminated line's event, if any, and resets the decoder. */
    public void end(Handler handler) {
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
        if (lineLen + len > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + len));
        }
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
        int valueStart = colon < 0 ? off + len : colon + 1;
        if (valueStart < off + len && buf[valueStart] == ' ') {
            valueStart++;
        }
        int valueLen = off + len - valueStart;
        if (fieldLen == 4 && buf[off] == 'd' && buf[off + 1] == 'a' && buf[off + 2] == 't' && buf[off + 3] == 'a') {
            int need = dataLen + valueLen + (hasData ? 1 : 0);
            if (need > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, need));
            }
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
