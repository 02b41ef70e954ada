package dev.spoon.bench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.compare.CompareColumn;
import dev.spoon.workbench.compare.ComparePane;
import dev.spoon.workbench.logs.LogsPane;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Two GUI measurements, under a real (X or Xvfb) display, never in the test run:
 * <ol>
 *   <li>Compare: 4 simulator columns streaming 2,000 tokens/s each into the Compare pane; the longest gap
 *   between FX pulses while they stream (target &lt; 50 ms).</li>
 *   <li>Logs: 100,000 debug-log records held by the Logs pane, the table scrolled through; the longest pulse
 *   gap while scrolling and the heap after GC (target &lt; 300 MB).</li>
 * </ol>
 * Run: {@code xvfb-run -a -s "-screen 0 1600x1000x24" java -XX:+UseSerialGC -XX:MaxNewSize=32m -cp target/classes:target/test-classes:target/lib/*
 * dev.spoon.bench.CompareStreamingBench [seconds-per-column] [log-records]}.
 */
public final class CompareStreamingBench {
    private static final AtomicLong lastPulse = new AtomicLong();
    private static final AtomicLong maxGap = new AtomicLong();
    private static final AtomicLong pulses = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("spoon-bench");
        System.setProperty("spoon.home", dir.resolve("home").toString());
        StringBuilder toml = new StringBuilder("default_provider = \"col1\"\nretry_attempts = 0\n"
                + "debug = { max_records = " + records + " }\n");
        for (int i = 1; i <= 4; i++) {
            toml.append("[providers.col").append(i).append("]\ntype = \"sim\"\nmode = \"lorem\"\nanswer_tokens = ")
                    .append(2000 * seconds).append("\ntokens_per_s = 2000\nchunk_tokens = 1\nttft_ms = 50\nseed = ")
                    .append(i).append('\n');
        }
        toml.append("[providers.logsim]\ntype = \"sim\"\nanswer = \"a short logged answer of eight words\"\n"
                + "ttft_ms = 0\ntokens_per_s = 0\n");
        Platform.startup(() -> { });
        WorkbenchContext ctx = TestWorkbench.context(dir, toml.toString(), TaskExecutor.background());
        AnimationTimer pulseProbe = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long last = lastPulse.getAndSet(now);
                if (last != 0) {
                    maxGap.accumulateAndGet(now - last, Math::max);
                    if (now - last > 50_000_000L) {
                        bigGaps.add(String.format(Locale.ROOT, "%.0f@%.2fs", (now - last) / 1e6,
                                (now - firstPulse.get()) / 1e9));
                    }
                } else {
                    firstPulse.set(now);
                }
                pulses.incrementAndGet();
            }
        };

        // ---- 1. Compare, 4 columns x 2,000 tokens/s
        ComparePane compare = onFx(() -> {
            ctx.theme().apply();
            ComparePane p = new ComparePane(ctx);
            Stage stage = new Stage();
            stage.setScene(new Scene((Parent) p.view(), 1600, 1000));
            stage.show();
            var vm = p.viewModel();
            vm.addColumn();
            vm.addColumn();
            for (int i = 0; i < 4; i++) {
                vm.columns().get(i).providerProperty().set("col" + (i + 1));
                vm.columns().get(i).modelProperty().set("sim-1");
            }
            return p;
        });
        Thread.sleep(1500); // let the window settle
        // the app opens on the chat pane, whose streaming warm-up runs after start-up: do as the app does
        dev.spoon.workbench.chat.ChatPane chat = onFx(() -> new dev.spoon.workbench.chat.ChatPane(ctx));
        System.out.printf(Locale.ROOT, "start-up warm-up (the chat pane's, as in the app): %d steps%n",
                chat.warmupDone().get(120, TimeUnit.SECONDS));
        onFx(() -> {
            resetProbe();
            pulseProbe.start();
            return null;
        });
        Thread.sleep(3000); // baseline: the same window, nothing streaming (an AnimationTimer forces pulses)
        long idleGap = maxGap.get();
        long idlePulses = pulses.get();
        onFx(() -> {
            pulseProbe.stop();
            return null;
        });
        System.out.printf(Locale.ROOT, "baseline: idle window for 3 s: %d pulses, longest FX pulse gap %.1f ms%n",
                idlePulses, idleGap / 1e6);
        CompletableFuture<Void> done = onFx(() -> {
            compare.viewModel().promptProperty().set("Write a long answer.");
            System.out.println("compare sent at " + java.time.LocalTime.now() + " (to match profiles and GC logs)");
            resetProbe();
            pulseProbe.start();
            return compare.viewModel().send();
        });
        long t0 = System.nanoTime();
        done.get(seconds * 4L + 60, TimeUnit.SECONDS);
        long wall = System.nanoTime() - t0;
        onFx(() -> {
            pulseProbe.stop();
            return null;
        });
        long gap = maxGap.get();
        long frames = pulses.get();
        String lengths = onFx(() -> {
            StringBuilder sb = new StringBuilder();
            for (CompareColumn c : compare.viewModel().columns()) {
                sb.append(c.latestAnswer().length()).append(' ');
            }
            return sb.toString().trim();
        });
        System.out.printf(Locale.ROOT, "compare: 4 columns x 2000 tok/s for %d s: wall %.1f s, %d pulses (%.0f fps),"
                        + " longest FX pulse gap %.1f ms, answer lengths %s chars%n", seconds, wall / 1e9, frames,
                frames / (wall / 1e9), gap / 1e6, lengths);
        System.out.println("  gaps > 50 ms (ms@time): " + bigGaps);

        // ---- 2. Logs pane with N records
        LogsPane logs = onFx(() -> {
            LogsPane p = new LogsPane(ctx);
            Stage stage = new Stage();
            stage.setScene(new Scene((Parent) p.view(), 1600, 1000));
            stage.show();
            return p;
        });
        long l0 = System.nanoTime();
        int batch = 2000;
        for (int sent = 0; sent < records; sent += batch) {
            List<CompletableFuture<LlmResponse>> fs = new ArrayList<>();
            for (int i = 0; i < batch && sent + i < records; i++) {
                fs.add(ctx.manager().chatStream(ChatRequest.ofUser("logged request number " + (sent + i)), "logsim",
                        null));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        ctx.debugLogger().flush(60_000);
        while (onFx(() -> logs.viewModel().records().size()) < records) {
            Thread.sleep(100);
        }
        long fill = System.nanoTime() - l0;
        @SuppressWarnings("unchecked")
        TableView<Object> table = onFx(() -> (TableView<Object>) ((Parent) logs.view()).lookup("#logs-table"));
        onFx(() -> {
            resetProbe();
            pulseProbe.start();
            return null;
        });
        for (int i = 0; i <= 100; i++) {
            int row = (int) ((long) records * i / 100);
            onFx(() -> {
                table.scrollTo(Math.min(row, records - 1));
                return null;
            });
            Thread.sleep(30);
        }
        onFx(() -> {
            pulseProbe.stop();
            return null;
        });
        long scrollGap = maxGap.get();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "logs: %,d records made and shown in %.1f s; scrolling through them: longest FX"
                        + " pulse gap %.1f ms; heap after GC %.0f MB (%,d rows in the pane)%n", records, fill / 1e9,
                scrollGap / 1e6, used / 1048576.0, onFx(() -> logs.viewModel().records().size()));
        ctx.core().close();
        Platform.exit();
        System.exit(0);
    }

    private static final java.util.List<String> bigGaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicLong firstPulse = new java.util.concurrent.atomic.AtomicLong();

    private static void resetProbe() {
        bigGaps.clear();
        lastPulse.set(0);
        maxGap.set(0);
        pulses.set(0);
    }

    private static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            } finally {
                l.countDown();
            }
        });
        l.await();
        return f.get();
    }
}
