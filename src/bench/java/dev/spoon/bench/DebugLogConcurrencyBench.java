package dev.spoon.bench;

import dev.spoon.cli.SpoonCli;
import dev.spoon.llm.debug.DebugLogReader;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The debug log under concurrency (DESIGN.md performance targets): {@code processes} JVMs started together,
 * each running {@code calls} streamed {@code spoon chat --stream --json} commands (the real CLI, in-process, one
 * command after another, each opening, appending to and closing the shared debug log as a separate CLI run
 * would) against the simulator, all with {@code debug = { enabled = true, file = ... }} on one file. Then the
 * file is read back and exported ({@code spoon logs export}): every record must be readable and the export count
 * must equal the number of calls.
 *
 * <p>Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.DebugLogConcurrencyBench
 * [processes=20] [calls=50] [tokens=200]}
 */
public final class DebugLogConcurrencyBench {
    private DebugLogConcurrencyBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("spoon-debuglog-bench");
        Path log = dir.resolve("debug.jsonl");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                default_provider = "sim"
                debug = { enabled = true, file = "%s" }
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                mode = "lorem"
                answer_tokens = %d
                """.formatted(log.toString().replace("\\", "\\\\"), tokens));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    DebugLogConcurrencyBench.class.getName(), "--child", config.toString(), "p" + p,
                    String.valueOf(calls)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("p" + p + ".out").toFile()).start());
        }
        long t0 = System.nanoTime();
        for (Process c : children) { // every JVM is started: go
            c.getOutputStream().write('\n');
            c.getOutputStream().flush();
        }
        int failedChildren = 0;
        for (Process c : children) {
            if (!c.waitFor(30, TimeUnit.MINUTES) || c.exitValue() != 0) {
                failedChildren++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        DebugLogReader.Result read = DebugLogReader.read(log);
        Set<String> ids = new HashSet<>();
        read.records().forEach(r -> ids.add(r.requestId()));
        long streamed = read.records().stream().filter(r -> r.stream() && r.chunks().size() > tokens).count();
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        int exportExit = SpoonCli.run(new String[]{"logs", "export", "--format", "jsonl", "--config",
                config.toString()}, new PrintStream(export, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()), System.getenv());
        long exported = export.toString(StandardCharsets.UTF_8).lines().count();
        int expected = processes * calls;
        System.out.printf("%d processes x %d streamed CLI chats (%d-token answers) into one debug log:%n",
                processes, calls, tokens);
        System.out.printf("  %.1f s wall, %.0f calls/s; %d child processes failed%n", seconds, expected / seconds,
                failedChildren);
        System.out.printf("  file %,d bytes, %,d lines; read back %,d records (%,d distinct ids, %,d streams with"
                        + " all chunks), %d damaged lines skipped%n", Files.size(log),
                Files.readAllLines(log).size(), read.records().size(), ids.size(), streamed, read.skipped());
        System.out.printf("  spoon logs export: exit %d, %,d records (expected %,d) -> %s%n", exportExit, exported,
                expected, exported == expected && read.skipped() == 0 && failedChildren == 0 ? "OK" : "FAILED");
        System.out.println("  (files in " + dir + ")");
    }

    /** One process: waits for the parent's go, then runs {@code calls} streamed chats one after another. */
    private static void child(Path config, String name, int calls) throws Exception {
        System.in.read();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Map<String, String> env = System.getenv();
        for (int i = 0; i < calls; i++) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = SpoonCli.run(new String[]{"chat", "--stream", "--json", "--message", "call " + i + " of "
                    + name, "--config", config.toString()}, quiet, new PrintStream(err, true, StandardCharsets.UTF_8),
                    env);
            if (exit != 0) {
                System.out.println("call " + i + " exited " + exit + ": " + err.toString(StandardCharsets.UTF_8));
                System.exit(1);
            }
        }
    }
}
