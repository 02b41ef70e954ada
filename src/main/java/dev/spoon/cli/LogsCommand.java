package dev.spoon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code spoon logs}: not implemented yet (issue 5). */
@Command(name = "logs", description = "Export the debug log (not yet implemented).")
public final class LogsCommand implements Callable<Integer> {
    @Unmatched
    List<String> rest;

    @Override
    public Integer call() {
        CliContext.get().err.println("spoon logs: not yet implemented");
        return 2;
    }
}
