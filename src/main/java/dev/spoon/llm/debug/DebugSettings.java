package dev.spoon.llm.debug;

import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.DebugConfig;
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
    public static final int DEFAULT_MAX_RECORDS = DebugConfig.DEFAULT_MAX_RECORDS;
    /** Daily files older than this many days are deleted when the logger starts; 0 keeps them all. */
    public static final int DEFAULT_KEEP_DAYS = DebugConfig.DEFAULT_KEEP_DAYS;

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

    /** The workbench's settings from {@code cm}'s {@code [debug]} table (recording unless it says otherwise). */
    public static DebugSettings from(ConfigurationManager cm) {
        return from(cm.config().debug(), DebugConfig.FrontEnd.WORKBENCH);
    }

    /** The settings of {@code frontEnd} from the typed {@code [debug]} table. */
    public static DebugSettings from(DebugConfig d, DebugConfig.FrontEnd frontEnd) {
        return new DebugSettings(d.enabledFor(frontEnd), d.maxRecords(), d.logBodies(), d.file(), defaultLogDir(),
                d.keepDays());
    }

    /** Whether records are appended to a file. */
    public boolean writesFile() {
        return file != null || logDir != null;
    }
}
