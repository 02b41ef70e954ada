package dev.spoon.llm.config;

import java.nio.file.Path;

/**
 * The effective {@code [debug]} settings: the debug log of requests (DESIGN.md "Debug log record").
 *
 * <p>Whether the log is on is the one setting whose default depends on who runs: the workbench and the
 * gateway record every request unless {@code enabled = false}; a CLI command records only with
 * {@code enabled = true} (a command line stays fast and leaves no files by default). {@link #enabledFor} is
 * the one place that decides it.
 *
 * @param enabled    {@code debug.enabled} as written, or null when the file leaves it out
 * @param maxRecords how many records the in-memory ring keeps (1 to {@link #MAX_RECORDS_LIMIT})
 * @param logBodies  whether request/response bodies and chunks are kept (headers and timings always are)
 * @param file       the JSONL file to append to, or null for one file per day in the data folder
 * @param keepDays   daily files older than this many days are deleted at start; 0 keeps them all
 */
public record DebugConfig(Boolean enabled, int maxRecords, boolean logBodies, Path file, int keepDays) {
    /** The largest {@code debug.max_records} accepted: the ring is held in memory. */
    public static final int MAX_RECORDS_LIMIT = 1_000_000;
    public static final int DEFAULT_MAX_RECORDS = 10_000;
    public static final int DEFAULT_KEEP_DAYS = 30;
    /** No {@code [debug]} table at all. */
    public static final DebugConfig DEFAULT = new DebugConfig(null, DEFAULT_MAX_RECORDS, true, null, DEFAULT_KEEP_DAYS);

    /** Who is running, for {@link #enabledFor}. */
    public enum FrontEnd {
        /** The JavaFX workbench: records by default (its Logs pane shows them). */
        WORKBENCH(true),
        /** {@code spoon serve}: records by default (the workbench shows the gateway's traffic). */
        GATEWAY(true),
        /** A CLI command: records only when {@code debug.enabled = true}. */
        CLI(false);

        private final boolean recordsByDefault;

        FrontEnd(boolean recordsByDefault) {
            this.recordsByDefault = recordsByDefault;
        }
    }

    /** Whether {@code frontEnd} records requests: {@code debug.enabled} when set, else its own default. */
    public boolean enabledFor(FrontEnd frontEnd) {
        return enabled != null ? enabled : frontEnd.recordsByDefault;
    }
}
