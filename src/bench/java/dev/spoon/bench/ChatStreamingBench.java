package dev.spoon.bench;

import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.FileSecretStore;
import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.PreferencesStore;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.ThemeManager;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import dev.spoon.workbench.chat.ChatPane;
import dev.spoon.workbench.chat.ChatTurn;
import dev.spoon.workbench.chat.ChatViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams a long Markdown answer from the simulator into the real chat console and measures what the user
 * would feel: the longest gap between two JavaFX pulses (frames) while it streams, and the render lag (time
 * from a token's arrival to the frame that shows it; worst case and for the last token). Targets: pulse gap
 * &lt; 50 ms, lag &lt; 100 ms at 5,000 tokens/s for 30 s.
 *
 * <p>Use the same JVM flags as the launcher (jpackage/launcher.options). Run under a display (Xvfb works): {@code xvfb-run -a -s "-screen 0 1600x1000x24" java -XX:+UseSerialGC -XX:MaxNewSize=32m -cp
 * "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.ChatStreamingBench [tokensPerSecond]
 * [seconds]}
 */
public final class ChatStreamingBench {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path home = Files.createTempDirectory("spoon-bench");
        System.setProperty("spoon.home", home.toString());
        System.setProperty("spoon.keyring", "off");
        Path config = home.resolve("config.toml");
        Files.writeString(config, "[providers.sim]\nttft_ms = 50\ntokens_per_s = " + rate
                + "\nanswer = '''\n" + markdown(rate * seconds) + "'''\n");

        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<ChatPane> pane = new AtomicReference<>();
        AtomicReference<WorkbenchContext> context = new AtomicReference<>();
        Platform.startup(() -> {
            TaskExecutor executor = TaskExecutor.background();
            ConfigurationManager cm = new ConfigurationManager(null, Map.of("SPOON_CONFIG", config.toString()),
                    CliOverrides.NONE, new FileSecretStore(home.resolve("keys.json")));
            ThemeManager theme = new ThemeManager(executor, ThemeManager.Mode.LIGHT);
            theme.apply();
            WorkbenchContext ctx = new WorkbenchContext(SpoonCore.create(cm), new FileSecretStore(home.resolve("k")),
                    executor, theme, new PreferencesStore(home.resolve("prefs.json"), executor), null);
            WorkbenchShell shell = new WorkbenchShell(ctx, PaneRegistry.standard());
            Stage stage = new Stage();
            WorkbenchApp.install(stage, shell, ctx);
            stage.show();
            context.set(ctx);
            pane.set((ChatPane) shell.pane(Nav.CHAT));
            started.countDown();
        });
        started.await();
        Thread.sleep(1500); // let the window settle
        long w0 = System.nanoTime();
        PulseProbe warming = new PulseProbe(); // is the window still responsive while the warm-up runs?
        Platform.runLater(warming::start);
        int warmSteps = pane.get().warmupDone().get(120, TimeUnit.SECONDS);
        Platform.runLater(warming::stop);
        System.out.printf("streaming warm-up: %d steps, done %.1f s after the window settled%s; meanwhile %d frames,"
                        + " longest pulse gap %.1f ms%n", warmSteps, (System.nanoTime() - w0) / 1e9,
                warmSteps == 0 ? " (off: -Dspoon.warmup=false)" : "", warming.frames, warming.maxGapNanos / 1e6);

        PulseProbe idle = new PulseProbe();
        Platform.runLater(idle::start);
        Thread.sleep(2000);
        Platform.runLater(idle::stop);
        System.out.printf("idle window: %d frames in 2 s, longest pulse gap %.1f ms%n", idle.frames,
                idle.maxGapNanos / 1e6);

        PulseProbe probe = new PulseProbe();
        CountDownLatch done = new CountDownLatch(1);
        ChatViewModel vm = pane.get().viewModel();
        Platform.runLater(() -> {
            vm.stateProperty().addListener((o, a, s) -> {
                if (s != ChatViewModel.State.STREAMING) {
                    done.countDown();
                }
            });
            probe.start();
            System.out.println("stream sent at " + java.time.LocalTime.now() + " (to match profiles and GC logs)");
            vm.inputProperty().set("Write the long answer");
            vm.send();
        });
        long cells0 = pane.get().cellsCreated();
        long t0 = System.nanoTime();
        long cpu0 = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        if (!done.await(seconds + 120L, TimeUnit.SECONDS)) {
            System.out.println("stream did not finish in time");
        }
        long wall = System.nanoTime() - t0;
        // the end of the answer (its last text, then its footer) is drawn on the frames after it ended: keep
        // measuring until it is, and a few frames more, so the gaps of the end are counted
        for (int i = 0; i < 500; i++) {
            java.util.concurrent.CompletableFuture<Boolean> drawn = new java.util.concurrent.CompletableFuture<>();
            Platform.runLater(() -> drawn.complete(pane.get().drawn()));
            if (drawn.get(10, TimeUnit.SECONDS)) {
                break;
            }
            Thread.sleep(10);
        }
        Thread.sleep(300);
        CountDownLatch read = new CountDownLatch(1);
        Platform.runLater(() -> {
            probe.stop();
            read.countDown();
        });
        read.await();
        ChatTurn answer = vm.turns().get(1);
        long lastLagMs = (pane.get().lastRenderNanos() - answer.lastArrivalNanos()) / 1_000_000;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("ChatStreamingBench: %d tokens/s asked for %d s; answer %s, %,d chars, %,d completion tokens,"
                        + " streamed in %.1f s%n", rate, seconds, answer.status(), answer.content().length(),
                answer.usage() == null ? -1 : answer.usage().completionTokens(), wall / 1e9);
        System.out.printf("  frames: %,d, mean %.1f fps; longest pulse gap %.1f ms; gaps > 50 ms: %d, > 100 ms: %d%n",
                probe.frames, probe.frames / (wall / 1e9), probe.maxGapNanos / 1e6, probe.over50, probe.over100);
        System.out.printf("  UI thread CPU %.1f s of %.1f s wall (%.1f ms per frame); process CPU %.1f s%n",
                probe.fxCpuNanos / 1e9, wall / 1e9, probe.fxCpuNanos / 1e6 / Math.max(1, probe.frames),
                (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime() - cpu0) / 1e9);
        var tmx = ManagementFactory.getThreadMXBean();
        StringBuilder threads = new StringBuilder("  thread CPU:");
        java.util.Arrays.stream(tmx.getThreadInfo(tmx.getAllThreadIds())).filter(java.util.Objects::nonNull)
                .sorted(java.util.Comparator.comparingLong(ti -> -tmx.getThreadCpuTime(ti.getThreadId())))
                .limit(6).forEach(ti -> threads.append(String.format(" %s %.1fs;", ti.getThreadName(),
                        tmx.getThreadCpuTime(ti.getThreadId()) / 1e9)));
        System.out.println(threads);
        System.out.printf("  paragraph cells created: %,d (%.1f per frame)%n", pane.get().cellsCreated() - cells0,
                (pane.get().cellsCreated() - cells0) / (double) Math.max(1, probe.frames));
        System.out.println("  gaps > 50 ms (ms@time): " + probe.bigGaps);
        System.out.printf("  render lag: worst %.1f ms, last token %d ms%n", pane.get().maxRenderLagNanos() / 1e6,
                lastLagMs);
        System.out.printf("  heap after GC %.0f MB, RSS %s%n", heap / 1e6, rss());
        context.get().core().close();
        Platform.exit();
        System.exit(0);
    }

    /** Records gaps between pulses (AnimationTimer frames). */
    private static final class PulseProbe extends AnimationTimer {
        long fxCpuStart = -1;
        long firstFrame;
        final java.util.List<String> bigGaps = new java.util.ArrayList<>();
        long fxCpuNanos;
        long last;
        long maxGapNanos;
        long frames;
        int over50;
        int over100;

        @Override
        public void stop() {
            super.stop();
            if (fxCpuStart >= 0) {
                fxCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - fxCpuStart;
            }
        }

        @Override
        public void handle(long now) {
            if (fxCpuStart < 0) {
                fxCpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
            if (last != 0) {
                long gap = now - last;
                maxGapNanos = Math.max(maxGapNanos, gap);
                if (gap > 50_000_000) {
                    over50++;
                    bigGaps.add(String.format("%.0f@%.2fs", gap / 1e6, (now - firstFrame) / 1e9));
                }
                if (gap > 100_000_000) {
                    over100++;
                }
            }
            if (frames == 0) {
                firstFrame = now;
            }
            frames++;
            last = now;
        }
    }

    /** A realistic Markdown answer of at least {@code words} words: headings, paragraphs, lists, code. */
    static String markdown(int words) {
        String para = "The manager picks a provider from the fallback chain, retries retryable errors with backoff,"
                + " and streams every chunk to the caller as soon as it arrives, so the user sees the answer grow"
                + " token by token. It keeps the *partial* text when a stream breaks and shows the **provider's**"
                + " own message with `a hint` about what to do next.";
        String code = "```java\ntry (var lines = Files.lines(path)) {\n    lines.filter(l -> !l.isBlank())\n"
                + "         .forEach(System.out::println);\n}\n```\n";
        StringBuilder sb = new StringBuilder();
        int n = 0;
        int section = 1;
        while (n < words) {
            String block = "## Section " + section++ + "\n\n" + para + "\n\n- first point about streaming\n"
                    + "- second point with `code`\n- third point\n\n" + para + "\n\n" + code + "\n";
            sb.append(block);
            n += block.split("\\s+").length;
        }
        return sb.toString();
    }

    private static String rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
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
