package dev.spoon.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CLI streaming end to end, JVM start included: serves one OpenAI-shaped SSE body of N chunks (default
 * 100,000) from a loopback stub, runs
 * {@code java -jar target/spoon-workbench.jar chat -p openai --base-url http://127.0.0.1:PORT/v1 --api-key x
 * --message hi --stream --json > /dev/null} several times, and reports chunks/s. Build the jar first
 * ({@code mvn -o -q -DskipTests package}). With {@code --serve} it only serves (for timing the command by hand).
 * Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.CliStreamBench}
 */
public final class CliStreamBench {
    public static void main(String[] args) throws Exception {
        int chunks = 100_000;
        boolean serveOnly = false;
        List<String> jvmFlags = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.equals("--serve")) {
                serveOnly = true;
            } else if (a.startsWith("-X") || a.startsWith("-D")) {
                jvmFlags.add(a);
            } else {
                chunks = Integer.parseInt(a);
            }
        }
        byte[] body = SseDecoderBench.openAiStream(chunks);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        String url = "http://127.0.0.1:" + port + "/v1";
        System.out.printf("stub: %s serving %,d chunks (%.1f MB)%n", url, chunks, body.length / 1e6);
        if (serveOnly) {
            Thread.currentThread().join();
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new java.util.ArrayList<>(List.of(java));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", "target/spoon-workbench.jar", "chat", "-p", "openai", "--base-url", url,
                "--api-key", "x", "--message", "hi", "--stream", "--json"));
        // once with output kept, to check it is complete
        Process check = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        long lines;
        try (InputStream in = check.getInputStream()) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count();
        }
        if (check.waitFor() != 0 || lines != chunks + 1) {
            System.out.println("unexpected output: exit " + check.exitValue() + ", " + lines + " lines; stderr: "
                    + new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        System.out.printf("output check: %,d JSON lines (%,d deltas + 1 result)%n", lines, lines - 1);
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int exit = p.waitFor();
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.min(best, s);
            System.out.printf("run %d: exit %d, %.2f s, %,.0f chunks/s (JVM start included)%n", run + 1, exit, s,
                    chunks / s);
        }
        System.out.printf("best: %.2f s = %,.0f chunks/s (target >= 100,000)%n", best, chunks / best);
        server.stop(0);
    }
}
