package dev.spoon.llm.debug;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The debug log's files: one per UTC day in the log folder ({@code debug-YYYY-MM-DD.jsonl}), or the one file
 * {@code debug.file} names; listing, pruning, and the in-process lock every writer and reader of a file takes
 * before its {@link java.nio.channels.FileLock} (a JVM may hold only one file lock per file, so two loggers of
 * one process queue here first, and other processes queue on the file lock).
 */
public final class DailyFiles {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private DailyFiles() {
    }

    /** The daily file name for {@code day}: {@code debug-YYYY-MM-DD.jsonl}. */
    public static String fileName(LocalDate day) {
        return "debug-" + day + ".jsonl";
    }

    /**
     * The JSONL files in {@code logDir}, oldest first ({@code debug-*.jsonl}); empty when the folder does not
     * exist.
     */
    public static List<Path> list(Path logDir) throws IOException {
        if (logDir == null || !Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(logDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("debug-") && n.endsWith(".jsonl");
            }).sorted().toList();
        }
    }

    /**
     * Deletes the daily files in {@code logDir} of days more than {@code keepDays} before {@code today}; other
     * files are left alone. Returns how many were deleted.
     */
    public static int prune(Path logDir, int keepDays, LocalDate today) throws IOException {
        LocalDate oldestKept = today.minusDays(keepDays);
        int deleted = 0;
        for (Path f : list(logDir)) {
            String n = f.getFileName().toString();
            LocalDate day;
            try {
                day = LocalDate.parse(n.substring("debug-".length(), n.length() - ".jsonl".length()));
            } catch (DateTimeParseException notDaily) {
                continue;
            }
            if (day.isBefore(oldestKept) && Files.deleteIfExists(f)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** The in-process lock of {@code file}, taken before its file lock. */
    static ReentrantLock lockOf(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }
}
