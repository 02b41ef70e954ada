package dev.spoon.cli;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DailyFiles;
import dev.spoon.llm.debug.DebugLogReader;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code spoon logs}: the debug log kept in the data folder. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Work with the debug log.",
        subcommands = {LogsCommand.Export.class})
public final class LogsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(CliContext.get().err);
        return 2;
    }

    /** {@code --format}: jsonl, csv or har. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<DebugExporter.Format> {
        @Override
        public DebugExporter.Format convert(String value) {
            try {
                return DebugExporter.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** "N damaged lines" for the warning and the error. */
    static String damaged(int n) {
        return n + " damaged line" + (n == 1 ? "" : "s") + " (cut short, invalid UTF-8 or not a record)";
    }

    /**
     * {@code spoon logs export --format jsonl|csv|har [--out FILE]}: every record of the debug-log files (the
     * configured {@code debug.file}, else the daily {@code debug-*.jsonl} files in the data folder's
     * {@code logs/}), oldest first, to standard output or a file.
     */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export the debug log as JSON Lines, CSV or HAR 1.2 (opens in a browser's HAR viewer).")
    public static final class Export implements Callable<Integer> {
        @Option(names = "--format", required = true, converter = FormatConverter.class,
                description = "jsonl, csv or har")
        DebugExporter.Format format;
        @Option(names = "--out", description = "Output file (default: standard output)")
        Path out;
        @Option(names = "--dir", description = "Folder of the debug-log files (default: the data folder's logs/)")
        Path dir;
        @Option(names = "--config", description = "Configuration file (TOML or JSON)")
        Path config;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.get();
            try {
                DebugExporter.Format f = format;
                ConfigurationManager cm = ctx.configuration(config, CliOverrides.NONE);
                DebugSettings settings = DebugSettings.from(cm);
                List<Path> files = dir != null ? DailyFiles.list(dir)
                        : settings.file() != null ? (Files.exists(settings.file()) ? List.of(settings.file()) : List.of())
                        : DailyFiles.list(settings.logDir());
                Path where = dir != null ? dir : settings.file() != null ? settings.file() : settings.logDir();
                DebugLogReader.Result read = DebugLogReader.read(files);
                List<DebugRecord> records = read.records();
                if (records.isEmpty()) {
                    ctx.err.println("error: no " + (read.skipped() > 0 ? "readable " : "") + "debug-log records in "
                            + where + (read.skipped() > 0 ? " (" + damaged(read.skipped()) + ")" : "")
                            + ". The workbench records every request; the command line records them when the"
                            + " configuration sets debug = { enabled = true }.");
                    return 1;
                }
                if (out == null) {
                    DebugExporter.export(records, f, ctx.out, null, null);
                    ctx.out.flush();
                } else {
                    DebugExporter.exportTo(out, records, f, null, null); // atomic: a killed export keeps the old file
                    ctx.err.println("exported " + records.size() + " records to " + out);
                }
                if (read.skipped() > 0) {
                    ctx.err.println("warning: skipped " + damaged(read.skipped()) + " in " + where);
                }
                return 0;
            } catch (LlmException e) {
                return ctx.fail(e, false);
            } catch (IOException e) {
                ctx.err.println("error: cannot export the debug log: " + e.getMessage());
                return 1;
            }
        }
    }
}
