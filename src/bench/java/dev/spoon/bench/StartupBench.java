package dev.spoon.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start of the packaged workbench: launches {@code java -jar target/spoon-workbench.jar} (fresh user
 * folders, so the simulator is the default provider) and reads the time from JVM start to the first window
 * shown (the app prints it with {@code -Dspoon.startupTrace=true}), then the process's RSS after it has been
 * idle for 3 s. Needs a display ({@code xvfb-run -a ...}). Targets: first window &lt; 1.5 s, idle RSS &lt; 200 MB.
 *
 * <p>Run: {@code java -cp "target/test-classes" dev.spoon.bench.StartupBench [runs] [extra JVM options...]}
 */
public final class StartupBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            jvmOptions.add(args[i]);
        }
        for (int run = 1; run <= runs; run++) {
            Path home = Files.createTempDirectory("spoon-startup");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dspoon.startupTrace=true", "-Dspoon.home=" + home, "-Dspoon.keyring=off"));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-jar", "target/spoon-workbench.jar"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String shown = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String line;
                while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                    if (line.startsWith("startup: first window shown after")) {
                        shown = line.replaceAll("\\D+", " ").trim();
                        break;
                    }
                }
                Thread.sleep(3000);
                System.out.printf("run %d: first window after %s ms; idle RSS after 3 s: %s%n", run, shown,
                        rss(p.pid()));
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String rss(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return l.substring(6).trim();
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return "n/a";
    }
}
