package dev.spoon.bench;

import dev.spoon.workbench.WorkbenchApp;
import javafx.application.Platform;
import javafx.stage.Window;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Training run for the installers' AppCDS archive: opens the real workbench window headless (Monocle), lets it
 * render for a moment, then exits. Started by {@code packaging/build-dist.sh} with
 * {@code -XX:DumpLoadedClassList}, so the archive holds the classes the window needs before it first shows,
 * although the build machine has no display.
 *
 * <p>Needs the test class path (Monocle) and the headless properties; the script passes
 * {@code -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw} and a throw-away
 * {@code spoon.home}. Exits 0 once a window was shown, 2 if none appeared within {@code timeoutSeconds}
 * (first argument, default 60).
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) {
        long timeoutSeconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
        Thread watcher = new Thread(() -> System.exit(awaitFirstWindow(timeoutSeconds) ? 0 : 2),
                "startup-training");
        watcher.setDaemon(true);
        watcher.start();
        WorkbenchApp.launchApp(new String[0]);
    }

    /** Polls (on the FX thread) until a window is showing, then lets a few pulses render. */
    private static boolean awaitFirstWindow(long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            try {
                if (Platform.isFxApplicationThread() || !toolkitUp()) {
                    Thread.sleep(100);
                    continue;
                }
                CompletableFuture<Boolean> shown = new CompletableFuture<>();
                Platform.runLater(() -> shown.complete(Window.getWindows().stream().anyMatch(Window::isShowing)));
                if (shown.get(5, TimeUnit.SECONDS)) {
                    Thread.sleep(1500); // a few pulses: CSS, layout, text rendering classes load here
                    return true;
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // toolkit not ready yet or a poll timed out: try again until the deadline
            }
        }
        return false;
    }

    private static boolean toolkitUp() {
        try {
            Platform.runLater(() -> { });
            return true;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }
}
