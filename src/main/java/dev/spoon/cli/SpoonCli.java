package dev.spoon.cli;

import dev.spoon.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code spoon}: the headless command line (DESIGN.md "CLI contract"). Exit status 0 on success, 1 when the
 * request failed (with {@code --json}, one error object on standard output), 2 for a usage error.
 */
@Command(name = "spoon", mixinStandardHelpOptions = true, versionProvider = SpoonCli.VersionProvider.class,
        description = "Spoon Workbench command line: chat with any provider, compare, inspect.")
public final class SpoonCli implements Runnable {

    /** The subcommands, by name. Only the one invoked is built: picocli's reflection is most of start-up. */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS =
            new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("chat", ChatCommand::new);
        COMMANDS.put("compare", CompareCommand::new);
        COMMANDS.put("providers", ProvidersCommand::new);
        COMMANDS.put("models", ModelsCommand::new);
        COMMANDS.put("health", HealthCommand::new);
        COMMANDS.put("logs", LogsCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI with the process's standard streams. */
    public static int run(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        try {
            return run(args, out, err, System.getenv());
        } finally {
            out.flush();
        }
    }

    /** Runs the CLI in-process (tests): output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, java.util.Map<String, String> env) {
        CliContext.set(new CliContext(out, err, env));
        try {
            CommandLine cl = new CommandLine(new SpoonCli());
            String first = args.length > 0 ? args[0] : "";
            if (COMMANDS.containsKey(first) && !first.equals("help")) {
                cl.addSubcommand(first, COMMANDS.get(first).get());
            } else {
                COMMANDS.forEach((name, factory) -> cl.addSubcommand(name, factory.get()));
            }
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                err.println("error: " + e.getMessage());
                return 1;
            });
            return cl.execute(args);
        } finally {
            out.flush();
            CliContext.clear();
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"spoon-workbench " + Version.get()};
        }
    }
}
