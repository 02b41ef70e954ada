package dev.spoon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code spoon compare}: not implemented yet (issue 5). */
@Command(name = "compare", description = "Compare providers side by side (not yet implemented).")
public final class CompareCommand implements Callable<Integer> {
    @Unmatched
    List<String> rest;

    @Override
    public Integer call() {
        CliContext.get().err.println("spoon compare: not yet implemented");
        return 2;
    }
}
