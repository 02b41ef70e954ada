package dev.spoon.bench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import dev.spoon.workbench.compare.ComparePane;
import dev.spoon.workbench.logs.LogsPane;
import dev.spoon.workbench.tools.ToolsPane;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Drives the real workbench window (shell + panes) through Chat, Compare, Tools, Logs, Metrics and Providers
 * with simulator traffic, as a first-time user (a fresh home folder), and takes a screenshot of the window after
 * each ({@code import -window WINDOW}), for looking at the panes under Xvfb and for the README. Run:
 * {@code xvfb-run -a -s "-screen 0 1600x1000x24" java -cp target/classes:target/test-classes:target/lib/*
 * dev.spoon.bench.PaneScreenshots OUTDIR [light|dark] [WIDTHxHEIGHT]}.
 */
public final class PaneScreenshots {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp");
        boolean dark = args.length > 1 && args[1].equals("dark");
        String[] size = (args.length > 2 ? args[2] : "1600x1000").split("x");
        double width = Double.parseDouble(size[0]);
        double height = Double.parseDouble(size[1]);
        Path dir = Files.createTempDirectory("spoon-shots");
        System.setProperty("spoon.home", dir.resolve("home").toString());
        String toml = """
                default_provider = "sim"
                retry_attempts = 0
                [providers.sim]
                type = "sim"
                mode = "lorem"
                answer_tokens = 90
                tokens_per_s = 300
                ttft_ms = 150
                [providers.mdsim]
                type = "sim"
                mode = "fixed"
                tokens_per_s = 2000
                ttft_ms = 120
                answer = '''
                %s'''
                [providers.fast]
                type = "sim"
                mode = "lorem"
                answer_tokens = 80
                seed = 7
                tokens_per_s = 900
                ttft_ms = 40
                [providers.flaky]
                type = "sim"
                fail_type = "rate_limit"
                [providers.toolsim]
                type = "sim"
                ttft_ms = 80
                tokens_per_s = 400
                tool_calls = [{ name = "weather", arguments = { city = "Florence" } }]
                [prices."sim-1"]
                input_per_mtok = 0.15
                output_per_mtok = 0.60
                [prices."sim-fast"]
                input_per_mtok = 0.05
                output_per_mtok = 0.20
                """.formatted(ANSWER);
        Platform.startup(() -> { });
        WorkbenchContext ctx = TestWorkbench.context(dir, toml, TaskExecutor.background());
        WorkbenchShell shell = fx(() -> {
            ctx.theme().modeProperty().set(dark ? dev.spoon.workbench.ThemeManager.Mode.DARK
                    : dev.spoon.workbench.ThemeManager.Mode.LIGHT);
            ctx.theme().apply();
            ctx.selectedPaneProperty().set(Nav.CHAT);
            WorkbenchShell s = new WorkbenchShell(ctx, PaneRegistry.standard());
            Stage stage = new Stage();
            WorkbenchApp.install(stage, s, ctx);
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            return s;
        });
        String suffix = (dark ? "-dark" : "") + "-" + (int) width;
        // Chat: a Markdown answer with a table, a task list and code
        pause(1500);
        fx(() -> {
            var vm = ((dev.spoon.workbench.chat.ChatPane) shell.pane(Nav.CHAT)).viewModel();
            vm.providerProperty().set("mdsim");
            vm.inputProperty().set("Which providers answer fastest here?");
            vm.send();
            return null;
        });
        var chat = (dev.spoon.workbench.chat.ChatPane) fx(() -> shell.pane(Nav.CHAT));
        while (!fx(() -> chat.viewModel().stateProperty().get() == dev.spoon.workbench.chat.ChatViewModel.State.DONE
                && chat.drawn())) {
            Thread.sleep(200);
        }
        pause(1000);
        shot(out, "chat" + suffix);
        fx(() -> {
            ctx.navigate(Nav.COMPARE);
            return null;
        });
        pause(500);
        // Compare: 3 targets, one failing, then a diff
        ComparePane compare = (ComparePane) fx(() -> shell.pane(Nav.COMPARE));
        CompletableFuture<Void> sent = fx(() -> {
            var vm = compare.viewModel();
            vm.addColumn();
            vm.columns().get(0).providerProperty().set("sim");
            vm.columns().get(0).modelProperty().set("sim-1");
            vm.columns().get(1).providerProperty().set("fast");
            vm.columns().get(1).modelProperty().set("sim-fast");
            vm.columns().get(2).providerProperty().set("flaky");
            vm.columns().get(2).modelProperty().set("sim-1");
            vm.columns().get(0).ratingProperty().set(4);
            vm.promptProperty().set("Explain what a fallback chain is, in one paragraph.");
            return vm.send();
        });
        sent.get(30, TimeUnit.SECONDS);
        // the columns are drawn on the frames after the run, one per frame (fewer frames on a loaded machine)
        while (!fx(compare::allColumnsShown)) {
            Thread.sleep(200);
        }
        pause(800);
        shot(out, "compare" + suffix);
        fx(() -> {
            ((javafx.scene.control.ToggleButton) shell.root().lookup("#diff-toggle")).fire();
            return null;
        });
        pause(800);
        shot(out, "compare-diff" + suffix);

        // Tools: a run paused on a malformed call
        fx(() -> {
            ctx.navigate(Nav.TOOLS);
            return null;
        });
        ToolsPane tools = (ToolsPane) fx(() -> shell.pane(Nav.TOOLS));
        fx(() -> {
            tools.viewModel().providerProperty().set("toolsim");
            tools.viewModel().promptProperty().set("What's the weather in Florence?");
            tools.viewModel().start();
            return null;
        });
        pause(1500);
        shot(out, "tools" + suffix);

        // traffic for logs and metrics
        for (int i = 0; i < 40; i++) {
            String p = i % 7 == 3 ? "flaky" : i % 2 == 0 ? "sim" : "fast";
            try {
                LlmProvider.await(ctx.manager().chatStream(ChatRequest.ofUser("request " + i).withTag("origin",
                        "screenshots"), p, null));
            } catch (RuntimeException ignored) {
                // failures are part of the picture
            }
        }
        ctx.debugLogger().flush(5000);
        fx(() -> {
            ctx.navigate(Nav.LOGS);
            return null;
        });
        pause(800);
        LogsPane logs = (LogsPane) fx(() -> shell.pane(Nav.LOGS));
        fx(() -> {
            @SuppressWarnings("unchecked")
            var table = (javafx.scene.control.TableView<Object>) shell.root().lookup("#logs-table");
            table.getSelectionModel().select(2);
            return null;
        });
        pause(600);
        shot(out, "logs" + suffix);
        fx(() -> {
            var tabs = (javafx.scene.control.TabPane) shell.root().lookup("#logs-detail");
            tabs.getSelectionModel().select(3);
            return null;
        });
        pause(500);
        shot(out, "logs-chunks" + suffix);
        fx(() -> {
            ((javafx.scene.control.Button) shell.root().lookup("#logs-open-replay")).fire();
            logs.viewModel().replay().providerProperty().set("fast");
            logs.viewModel().replay().send();
            return null;
        });
        pause(1500);
        shot(out, "logs-replay" + suffix);

        fx(() -> {
            ctx.navigate(Nav.METRICS);
            return null;
        });
        pause(500);
        CompletableFuture<?> checked = fx(() -> ((dev.spoon.workbench.metrics.MetricsPane) shell.pane(Nav.METRICS))
                .viewModel().checkHealth());
        checked.get(30, TimeUnit.SECONDS);
        pause(1500);
        shot(out, "metrics" + suffix);

        fx(() -> {
            ctx.navigate(Nav.PROVIDERS);
            return null;
        });
        while (fx(() -> shell.pane(Nav.PROVIDERS)) == null) {
            Thread.sleep(200);
        }
        pause(1500);
        shot(out, "providers" + suffix);
        ctx.core().close();
        Platform.exit();
        System.exit(0);
    }

    /** A Markdown answer with the GitHub extensions the renderer supports. */
    static final String ANSWER = """
            Measured on this machine, streaming 200 tokens each:

            | Provider | TTFT | Tokens/s | Notes |
            |:---|---:|---:|:---|
            | sim | 120 ms | 2,000 | offline simulator, **no key** |
            | openai | 412 ms | 95 | `gpt-4o-mini` |
            | anthropic | 530 ms | 80 | keeps thinking blocks across turns |

            - [x] ~~configure a key~~ not needed for `sim`
            - [ ] compare the same prompt in **Compare**

            ```java
            var answer = manager.chat(request, "sim");
            ```
            """;

    /** Waits {@code ms} (times {@code -Dshots.slow}, for a busy machine) for the window to settle. */
    private static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms * Long.getLong("shots.slow", 1));
    }

    private static void shot(Path out, String name) throws Exception {
        Path file = out.resolve("shot-" + name + ".png");
        // the window only (the display may be larger than the window)
        Process p = new ProcessBuilder("import", "-window", "root", "-crop",
                (int) Window.getWindows().get(0).getWidth() + "x" + (int) Window.getWindows().get(0).getHeight()
                        + "+0+0", file.toString()).inheritIO().start();
        p.waitFor(30, TimeUnit.SECONDS);
        System.out.println("screenshot " + file);
    }

    private static <T> T fx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }
}
