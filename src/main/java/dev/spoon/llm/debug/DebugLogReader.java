package dev.spoon.llm.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads debug-log files back, tolerating damage: a line that is not a record (cut short by a crash, cut inside
 * a multi-byte character, invalid UTF-8, not JSON, JSON that is no record) is skipped and counted, and every
 * other line is kept. Reads what was complete when it started: it takes the file's shared lock just long
 * enough to see how long the file is, so a line another process is writing at that moment is not read half
 * (writers append whole lines under the exclusive lock, {@link JsonlAppender}).
 */
public final class DebugLogReader {
    /**
     * What a read found.
     *
     * @param records the readable records, in file order
     * @param skipped how many damaged lines were left out
     */
    public record Result(List<DebugRecord> records, int skipped) {
    }

    private DebugLogReader() {
    }

    /** Reads every file of {@code files}, in order. */
    public static Result read(List<Path> files) throws IOException {
        List<DebugRecord> records = new ArrayList<>();
        int skipped = 0;
        for (Path f : files) {
            Result r = read(f);
            records.addAll(r.records());
            skipped += r.skipped();
        }
        return new Result(records, skipped);
    }

    /** Reads one file. */
    public static Result read(Path file) throws IOException {
        long length = completeLength(file);
        List<DebugRecord> records = new ArrayList<>();
        int skipped = 0;
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in, length);
            byte[] line;
            while ((line = lines.next()) != null) {
                if (isBlank(line, lines.length())) {
                    continue;
                }
                DebugRecord r = parse(line, lines.length());
                if (r == null) {
                    skipped++;
                } else {
                    records.add(r);
                }
            }
        }
        return new Result(records, skipped);
    }

    /** The record on one line, or null when the line is damaged. */
    static DebugRecord parse(byte[] bytes, int length) {
        String text;
        try {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            text = utf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        JsonNode n = Json.tryParse(text);
        if (n == null) {
            return null;
        }
        try {
            return RecordJson.read(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    /** How much of {@code file} is complete now: its length under the shared lock (writers hold it exclusively). */
    @SuppressWarnings("try") // the lock is held for the block, never read
    static long completeLength(Path file) throws IOException {
        ReentrantLock inProcess = DailyFiles.lockOf(file);
        inProcess.lock();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            try (FileLock ignored = ch.lock(0, Long.MAX_VALUE, true)) {
                return ch.size();
            } catch (UnsupportedOperationException | IOException noLocks) {
                return ch.size();
            }
        } finally {
            inProcess.unlock();
        }
    }

    /** Splits a stream into lines at {@code '\n'}, reading at most {@code limit} bytes; not thread-safe. */
    private static final class LineReader {
        private final InputStream in;
        private long left;
        private final byte[] chunk = new byte[1 << 16];
        private int pos;
        private int end;
        private byte[] line = new byte[8192];
        private int length;

        LineReader(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        /** The next line (its bytes are {@code [0, length())} of the array, reused), or null at the end. */
        byte[] next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (pos == end && !fill()) {
                    return any ? line : null;
                }
                any = true;
                int nl = pos;
                while (nl < end && chunk[nl] != '\n') {
                    nl++;
                }
                append(pos, nl - pos);
                if (nl < end) {
                    pos = nl + 1;
                    return line;
                }
                pos = end;
            }
        }

        private boolean fill() throws IOException {
            if (left <= 0) {
                return false;
            }
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n <= 0) {
                left = 0;
                return false;
            }
            left -= n;
            pos = 0;
            end = n;
            return true;
        }

        private void append(int from, int n) {
            if (length + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(chunk, from, line, length, n);
            length += n;
        }

        int length() {
            return length;
        }
    }
}
