package dev.spoon.llm.debug;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows the debug-log file so a logger also shows what other processes record (the command line, a gateway):
 * each {@link #poll} reads the complete lines appended since the last one (the day's earlier records on the
 * first poll) and hands over every readable record this logger did not write itself. A line still being
 * written (no newline yet) waits for the next poll; a damaged line is skipped and counted. Used by the logger's
 * writer thread only.
 */
final class LogFollower {
    /** How many ids of its own records a logger remembers to skip when they come back from the file. */
    static final int OWN_IDS = 100_000;

    private final Path fixedFile;
    private final Path logDir;
    private final Consumer<DebugRecord> sink;
    private final Set<String> own = new LinkedHashSet<>();
    private Path file;
    private long offset;
    private volatile int skipped;

    LogFollower(Path fixedFile, Path logDir, Consumer<DebugRecord> sink) {
        this.fixedFile = fixedFile;
        this.logDir = logDir;
        this.sink = sink;
    }

    /** Remembers that this logger wrote the record {@code requestId} (so it is not read back as another's). */
    void wrote(String requestId) {
        own.add(requestId);
        if (own.size() > OWN_IDS) {
            own.remove(own.iterator().next());
        }
    }

    /** Damaged lines skipped so far. */
    int skipped() {
        return skipped;
    }

    /** Reads what was appended since the last poll; returns how many records were handed over. */
    int poll() throws IOException {
        Path today = fixedFile != null ? fixedFile
                : logDir.resolve(DailyFiles.fileName(LocalDate.now(ZoneOffset.UTC)));
        if (!today.equals(file)) {
            file = today;
            offset = 0;
        }
        if (!Files.exists(file) || Files.size(file) <= offset) {
            return 0;
        }
        long end = DebugLogReader.completeLength(file);
        int handed = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            InputStream in = Channels.newInputStream(ch);
            byte[] buf = new byte[(int) Math.min(1 << 16, end - offset)];
            byte[] line = new byte[8192];
            int length = 0;
            long pos = offset;
            long lineStart = offset;
            while (pos < end) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, end - pos));
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    pos++;
                    if (b != '\n') {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = b;
                        continue;
                    }
                    handed += take(line, length);
                    length = 0;
                    lineStart = pos;
                }
            }
            offset = lineStart; // a last line without its newline is read again next time, whole
        }
        return handed;
    }

    private int take(byte[] line, int length) {
        if (DebugLogReader.isBlank(line, length)) {
            return 0;
        }
        DebugRecord r = DebugLogReader.parse(line, length);
        if (r == null) {
            skipped++;
            return 0;
        }
        if (own.contains(r.requestId())) {
            return 0;
        }
        sink.accept(r);
        return 1;
    }
}
