package dev.spoon.cli;

import dev.spoon.Version;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.json.Json;
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

    /** The subcommands' names, in the order the help lists them. */
    private static final java.util.List<String> COMMANDS = java.util.List.of("chat", "tokens", "compare", "providers",
            "models", "health", "logs", "serve", "mcp", "help");

    /**
     * A new instance of subcommand {@code name} (one of {@link #COMMANDS}). A switch, not a table of
     * constructor references, so that only the command that runs is loaded: picocli's reflection over the
     * annotated classes and the lambdas would be most of a short command's start-up.
     */
    private static Object command(String name) {
        return switch (name) {
            case "chat" -> new ChatCommand();
            case "tokens" -> new TokensCommand();
            case "compare" -> new CompareCommand();
            case "providers" -> new ProvidersCommand();
            case "models" -> new ModelsCommand();
            case "health" -> new HealthCommand();
            case "logs" -> new LogsCommand();
            case "serve" -> new ServeCommand();
            case "mcp" -> new McpCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
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
    public static int run(String[] args, PrintStream rawOut, PrintStream rawErr, java.util.Map<String, String> env) {
        CliContext ctx = new CliContext(rawOut, rawErr, env);
        CliContext.set(ctx);
        PrintStream out = ctx.out;
        PrintStream err = ctx.err;
        try {
            CommandLine cl = new CommandLine(new SpoonCli());
            String first = args.length > 0 ? args[0] : "";
            if (COMMANDS.contains(first) && !first.equals("help")) {
                cl.addSubcommand(first, command(first));
            } else if (!first.equals("--version") && !first.equals("-V")) { // help lists every command
                for (String name : COMMANDS) {
                    cl.addSubcommand(name, command(name));
                }
            }
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setParameterExceptionHandler((e, arguments) -> usageError(e, arguments, out, err));
            cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                LlmException le = new LlmException(String.valueOf(e.getMessage()), null, null, null, false, null, e);
                if (wantsJson(args)) {
                    out.println(Json.write(LlmJson.error(le)));
                } else {
                    err.println("error: " + le.displayLine());
                }
                return 1;
            });
            return cl.execute(args);
        } finally {
            out.flush();
            CliContext.clear();
        }
    }

    /**
     * Reports a usage error (unknown flag, bad value, missing option): exit status 2 and, when the command line
     * asks for {@code --json} anywhere (also after the bad flag, which picocli never reached), the contract's
     * {@code {"error": {"type": "UsageError", "message": ...}}} on standard output; else the error line, any
     * "did you mean" suggestions and where to find help on standard error.
     */
    static int usageError(CommandLine.ParameterException e, String[] args, PrintStream out, PrintStream err) {
        if (wantsJson(args)) {
            out.println(Json.write(LlmJson.usageError(e.getMessage())));
            out.flush();
        } else {
            err.println("error: " + LlmException.displayLine("UsageError", null, null, e.getMessage(), null));
            PrintWriter w = new PrintWriter(err, true);
            CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
            w.flush();
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
        }
        return 2;
    }

    /** Whether {@code --json} is among the options (before a {@code --} that ends them). */
    static boolean wantsJson(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"spoon-workbench " + Version.get()};
        }
    }
}
