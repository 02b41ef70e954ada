package dev.spoon.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLI start and streaming end to end, JVM start included (DESIGN "Performance targets"). A loopback stub serves
 * OpenAI-shaped SSE bodies: one of N chunks (default 100,000; 33 MB) and a short one (5 chunks). Then, each
 * as a fresh process:
 * <ol>
 *   <li><b>first byte</b>: {@code java -jar target/spoon-workbench.jar chat -p openai --base-url STUB --api-key x
 *   --message hi --stream} on the short stream: time from starting the process to the first byte on its
 *   standard output (target &lt; 0.5 s), and the same for the offline simulator ({@code chat --message hi});
 *   <li><b>streaming</b>: {@code chat ... --stream --json > /dev/null} on the long stream, chunks/s
 *   (target &ge; 100,000), alternating with the official OpenAI Java SDK doing the same
 *   ({@link SdkStreamClient}: same stub, one delta line per chunk to /dev/null) when it is on the class path.
 * </ol>
 * With {@code --cds} our runs are repeated with an AppCDS archive made for the jar by a training run (what the
 * packaged launcher does). Build the jar first ({@code mvn -o -q -DskipTests package}).
 *
 * <p>Run: {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt} once, then
 * {@code java -cp "target/classes:target/test-classes:$(cat target/test-cp.txt)" dev.spoon.bench.CliStreamBench
 * [chunks] [--runs N] [--cds] [-X... JVM options for our runs]}. With {@code --serve} it only serves (for timing
 * the command by hand).
 */
public final class CliStreamBench {
    private static final String JAVA = System.getProperty("java.home") + File.separator + "bin" + File.separator
            + "java";

    public static void main(String[] args) throws Exception {
        int chunks = 100_000;
        int runs = 5;
        boolean serveOnly = false;
        boolean cds = false;
        List<String> jvmFlags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--serve")) {
                serveOnly = true;
            } else if (a.equals("--cds")) {
                cds = true;
            } else if (a.equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (a.startsWith("-X") || a.startsWith("-D")) {
                jvmFlags.add(a);
            } else {
                chunks = Integer.parseInt(a);
            }
        }
        byte[] body = SseDecoderBench.openAiStream(chunks);
        byte[] shortBody = SseDecoderBench.openAiStream(5);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] b = exchange.getRequestURI().getPath().startsWith("/short/") ? shortBody : body;
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        String shortUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/short/v1";
        System.out.printf("stub: %s serving %,d chunks (%.1f MB); %s serving 5%n", url, chunks, body.length / 1e6,
                shortUrl);
        if (serveOnly) {
            Thread.currentThread().join();
        }
        try {
            Path home = Files.createTempDirectory("spoon-bench");
            List<String> ours = ours(jvmFlags, home);
            List<String> chat = List.of("chat", "-p", "openai", "--api-key", "x", "--message", "hi");

            System.out.println("== first byte on stdout, from process start (target < 0.5 s)");
            firstByte("chat --stream, loopback OpenAI", cmd(ours, chat, "--base-url", shortUrl, "--stream"), runs);
            firstByte("chat, offline simulator", cmd(ours, List.of("chat", "--message", "hi")), runs);

            System.out.printf("== chat --stream --json > /dev/null, %,d chunks, JVM start included (target >= "
                    + "100,000 chunks/s)%n", chunks);
            List<String> stream = cmd(ours, chat, "--base-url", url, "--stream", "--json");
            check("ours", stream, chunks + 1);
            boolean sdk = sdkAvailable();
            List<String> sdkCmd = List.of(JAVA, "-cp", System.getProperty("java.class.path"),
                    SdkStreamClient.class.getName(), url);
            if (sdk) {
                check("OpenAI Java SDK", sdkCmd, chunks);
            } else {
                System.out.println("OpenAI Java SDK: not on the class path (see the class comment); skipped");
            }
            double[] mine = new double[runs];
            double[] theirs = new double[runs];
            for (int run = 0; run < runs; run++) {
                mine[run] = timed(stream);
                if (sdk) {
                    theirs[run] = timed(sdkCmd);
                }
                System.out.printf("run %d: ours %.2f s%s%n", run + 1, mine[run], sdk ? String.format(
                        ", SDK %.2f s", theirs[run]) : "");
            }
            report("ours (java -jar)", mine, chunks);
            if (sdk) {
                report("OpenAI Java SDK 4.105.0", theirs, chunks);
            }
            if (cds) {
                Path jsa = home.resolve("cli.jsa");
                List<String> train = new ArrayList<>(ours);
                train.add(1, "-XX:ArchiveClassesAtExit=" + jsa);
                run(cmd(train, chat, "--base-url", shortUrl, "--stream", "--json"));
                List<String> withCds = new ArrayList<>(ours);
                withCds.add(1, "-XX:SharedArchiveFile=" + jsa);
                firstByte("chat --stream, loopback OpenAI, AppCDS", cmd(withCds, chat, "--base-url", shortUrl,
                        "--stream"), runs);
                List<String> cdsStream = cmd(withCds, chat, "--base-url", url, "--stream", "--json");
                double[] c = new double[runs];
                for (int run = 0; run < runs; run++) {
                    c[run] = timed(cdsStream);
                }
                report("ours (java -jar, AppCDS archive)", c, chunks);
            }
        } finally {
            server.stop(0);
        }
    }

    private static List<String> ours(List<String> jvmFlags, Path home) {
        List<String> c = new ArrayList<>(List.of(JAVA));
        c.addAll(jvmFlags);
        c.add("-Dspoon.home=" + home); // a fresh user: no configuration file, no stored keys
        c.addAll(List.of("-jar", "target/spoon-workbench.jar"));
        return c;
    }

    private static List<String> cmd(List<String> base, List<String> args, String... more) {
        List<String> c = new ArrayList<>(base);
        c.addAll(args);
        c.addAll(Arrays.asList(more));
        return c;
    }

    private static boolean sdkAvailable() {
        try {
            Class.forName("com.openai.client.okhttp.OpenAIOkHttpClient", false,
                    CliStreamBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Runs once keeping the output, and checks it has the expected number of lines. */
    private static void check(String who, List<String> cmd, int expectedLines) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        long lines;
        try (InputStream in = p.getInputStream()) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || lines != expectedLines) {
            throw new IllegalStateException(who + ": exit " + p.exitValue() + ", " + lines + " lines (expected "
                    + expectedLines + "); stderr: " + err);
        }
        System.out.printf("output check, %s: %,d JSON lines%n", who, lines);
    }

    private static double timed(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        int exit = run(cmd);
        double s = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + ": " + cmd);
        }
        return s;
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
    }

    /** Start to the first byte on standard output, best and median of {@code runs}. */
    private static void firstByte(String what, List<String> cmd, int runs) throws Exception {
        double[] t = new double[runs];
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (InputStream in = p.getInputStream()) {
                if (in.read() < 0) {
                    throw new IllegalStateException(what + ": no output");
                }
                t[run] = (System.nanoTime() - t0) / 1e9;
                in.readAllBytes();
            }
            p.waitFor();
        }
        Arrays.sort(t);
        System.out.printf("%-42s best %.3f s, median %.3f s%n", what, t[0], t[t.length / 2]);
    }

    private static void report(String who, double[] seconds, int chunks) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        System.out.printf("%-34s best %.2f s = %,8.0f chunks/s; median %.2f s = %,8.0f chunks/s%n", who, s[0],
                chunks / s[0], s[s.length / 2], chunks / s[s.length / 2]);
    }
}
