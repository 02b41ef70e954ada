package dev.spoon.llm.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonPaths;

import java.nio.file.Path;

/**
 * The {@code debug} table of the configuration: {@code debug = { enabled = true, max_records = 10000,
 * log_bodies = true, file = "...", keep_days = 30 }}.
 *
 * @param enabled    whether exchanges are recorded at all
 * @param maxRecords how many records the in-memory ring keeps (the oldest are dropped)
 * @param logBodies  whether request/response bodies and chunks are kept (headers and timings always are)
 * @param file       the JSONL file to append to, or null for one file per day under {@link #logDir()}
 * @param logDir     folder of the daily files ({@code SpoonPaths.dataDir()/logs}); null disables the file
 */
public record DebugSettings(boolean enabled, int maxRecords, boolean logBodies, Path file, Path logDir,
                            int keepDays) {
    public static final int DEFAULT_MAX_RECORDS = 10_000;
    /** Daily files older than this many days are deleted when the logger starts; 0 keeps them all. */
    public static final int DEFAULT_KEEP_DAYS = 30;

    /** Settings that keep daily files for {@link #DEFAULT_KEEP_DAYS} days. */
    public DebugSettings(boolean enabled, int maxRecords, boolean logBodies, Path file, Path logDir) {
        this(enabled, maxRecords, logBodies, file, logDir, DEFAULT_KEEP_DAYS);
    }

    /** The defaults: enabled, 10,000 records, bodies kept, daily files in the data folder. */
    public static DebugSettings defaults() {
        return new DebugSettings(true, DEFAULT_MAX_RECORDS, true, null, defaultLogDir());
    }

    /** In memory only: nothing is written to disk (tests, benchmarks). */
    public static DebugSettings inMemory(int maxRecords) {
        return new DebugSettings(true, maxRecords, true, null, null);
    }

    /** The folder holding the daily JSONL files. */
    public static Path defaultLogDir() {
        return SpoonPaths.dataDir().resolve("logs");
    }

    /** Reads the (already validated) {@code debug} table of {@code cm}'s configuration. */
    public static DebugSettings from(ConfigurationManager cm) {
        JsonNode d = cm.rawTree().path("debug");
        String file = d.path("file").asText(null);
        return new DebugSettings(d.path("enabled").asBoolean(true),
                Math.max(1, d.path("max_records").asInt(DEFAULT_MAX_RECORDS)),
                d.path("log_bodies").asBoolean(true),
                file == null || file.isBlank() ? null : Path.of(file), defaultLogDir(),
                Math.max(0, d.path("keep_days").asInt(DEFAULT_KEEP_DAYS)));
    }

    /** Whether records are appended to a file. */
    public boolean writesFile() {
        return file != null || logDir != null;
    }
}
