package dev.spoon.workbench;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.config.SpoonPaths;
import dev.spoon.llm.SpoonCore;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Spoon Workbench window. Start-up is arranged so the window appears quickly: the core (configuration,
 * provider registry, manager) and the preferences load on a background thread while the JavaFX toolkit
 * starts; panes are created the first time they are shown.
 *
 * <p>With {@code -Dspoon.startupTrace=true} it prints, once the first frame is shown, the milliseconds since
 * the JVM process started ({@code startup: first window shown after N ms}).
 */
public final class WorkbenchApp extends Application {

    /** The smallest window every pane is laid out for (LayoutFitTest checks that nothing is cut off at it). */
    public static final double MIN_WIDTH = 1024;
    public static final double MIN_HEIGHT = 700;

    /** What is loaded before the window can be built. */
    record Boot(SpoonCore core, SecretStore secrets, PreferencesStore preferences, String problem) {
    }

    private static volatile CompletableFuture<Boot> boot;

    private TaskExecutor executor;
    private WorkbenchShell shell;
    private WorkbenchContext context;

    /** Starts loading the core in the background, then launches the toolkit (blocks until the window closes). */
    public static void launchApp(String[] args) {
        trace("launcher");
        boot = CompletableFuture.supplyAsync(WorkbenchApp::loadCore, r -> {
            Thread t = new Thread(r, "spoon-boot");
            t.setDaemon(true);
            t.start();
        });
        Application.launch(WorkbenchApp.class, args);
    }

    /**
     * Builds the core as the workbench uses it: the user's configuration (or, when that file is broken,
     * built-in defaults with the problem reported), the discovered providers, a manager and the preferences.
     */
    static Boot loadCore() {
        SecretStore secrets = dev.spoon.llm.config.SecretStores.deferred();
        ConfigurationManager cm;
        String problem = null;
        try {
            cm = new ConfigurationManager(null, System.getenv(), CliOverrides.NONE, secrets);
        } catch (ConfigurationException e) {
            problem = e.getMessage();
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("SPOON_CONFIG", SpoonPaths.configDir().resolve("unreadable-config-ignored.toml").toString());
            cm = new ConfigurationManager(null, env, CliOverrides.NONE, secrets);
        }
        SpoonCore core = SpoonCore.create(cm);
        PreferencesStore prefs = new PreferencesStore(preferencesFile(), TaskExecutor.direct());
        return new Boot(core, secrets, prefs, problem);
    }

    static Path preferencesFile() {
        return SpoonPaths.configDir().resolve("workbench.json");
    }

    private static long sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(i -> System.currentTimeMillis() - i.toEpochMilli()).orElse(-1L);
    }

    private static void trace(String what) {
        if (Boolean.getBoolean("spoon.startupTrace")) {
            System.out.println("startup: " + what + " after " + sinceJvmStart() + " ms");
        }
    }

    @Override
    public void start(Stage stage) {
        trace("toolkit started");
        executor = TaskExecutor.background();
        Boot b = (boot != null ? boot : CompletableFuture.completedFuture(loadCore())).join();
        trace("core loaded");
        PreferencesStore prefs = new PreferencesStore(b.preferences().file(), executor);
        AppPreferences p = prefs.get();
        ThemeManager theme = new ThemeManager(executor, parseMode(p.theme()));
        theme.apply();
        context = new WorkbenchContext(b.core(), b.secrets(), executor, theme, prefs, b.problem());
        context.selectedPaneProperty().set(Nav.parse(p.lastPane(), Nav.CHAT));
        dev.spoon.llm.config.SecretStores.whenReady(b.secrets(), () -> executor.submit(() -> {
            try {
                b.core().configuration().reload(); // pick up keys from the key store once it answered
            } catch (ConfigurationException ignored) {
                // the file was broken at start-up too; the status bar already says so
            }
            b.core().startHealthMonitor(); // every health_check_interval_s, in the background
            b.core().debugLogger().followFile(); // the Logs pane also shows the command line's and a gateway's records
            return null;
        }));
        shell = new WorkbenchShell(context, PaneRegistry.standard(), true);
        install(stage, shell, context);
        AppIcons.applyTo(stage);
        if (Boolean.getBoolean("spoon.startupTrace")) {
            trace("window built");
            stage.setOnShown(e -> javafx.application.Platform.runLater(() -> trace("first window shown")));
        }
        stage.show();
    }

    /** Puts {@code shell} into {@code stage}: title, remembered bounds, and saving bounds/pane/theme on change. */
    public static void install(Stage stage, WorkbenchShell shell, WorkbenchContext context) {
        PreferencesStore prefs = context.preferences();
        AppPreferences p = prefs.get();
        stage.setTitle("Spoon Workbench");
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = styledScene(shell.root(), Math.max(MIN_WIDTH, Math.min(p.width(), screen.getWidth())),
                Math.max(MIN_HEIGHT, Math.min(p.height(), screen.getHeight())));
        stage.setScene(scene);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        if (p.x() != null && p.y() != null && onSomeScreen(p.x(), p.y(), p.width(), p.height())) {
            stage.setX(p.x());
            stage.setY(p.y());
        }
        stage.setMaximized(p.maximized());
        context.selectedPaneProperty().addListener((o, a, n) -> {
            stage.setTitle("Spoon Workbench \u2014 " + n.title());
            prefs.update(q -> q.withLastPane(n.name()));
        });
        stage.setTitle("Spoon Workbench \u2014 " + context.selectedPaneProperty().get().title());
        context.theme().modeProperty().addListener((o, a, m) -> prefs.update(q -> q.withTheme(m.name())));
        stage.setOnCloseRequest(e -> {
            if (!stage.isMaximized()) {
                prefs.update(q -> q.withBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                        false));
            } else {
                prefs.update(q -> q.withBounds(q.x(), q.y(), q.width(), q.height(), true));
            }
        });
    }

    private static boolean onSomeScreen(double x, double y, double w, double h) {
        for (Screen s : Screen.getScreens()) {
            Rectangle2D b = s.getVisualBounds();
            if (b.intersects(x, y, Math.min(w, 100), Math.min(h, 100))) {
                return true;
            }
        }
        return false;
    }

    private static ThemeManager.Mode parseMode(String s) {
        try {
            return ThemeManager.Mode.valueOf(s);
        } catch (RuntimeException e) {
            return ThemeManager.Mode.SYSTEM;
        }
    }

    @Override
    public void stop() {
        close(shell, context);
    }

    /**
     * What closing the window does: disposes the panes (which ends the MCP servers they started), writes the
     * preferences and closes the core. The core is closed even if a pane fails to let go.
     */
    public static void close(WorkbenchShell shell, WorkbenchContext context) {
        try {
            if (shell != null) {
                shell.dispose();
            }
        } finally {
            if (context != null) {
                context.preferences().flush();
                context.core().close();
            }
        }
    }

    /**
     * A scene of {@code width}×{@code height} showing {@code content}. The theme's colours are looked up from the
     * scene's root; content given to a new Scene as its root has its document cells styled while the scene is
     * being set (RichTextFX styles a cell the moment it joins a scene), before the root has styles, and JavaFX
     * warns "Could not resolve '-color-fg-default'". So the scene gets a styled root first and the content goes
     * inside it. Every window and test stage that shows panes is made with it.
     */
    public static Scene styledScene(javafx.scene.Parent content, double width, double height) {
        StackPane frame = new StackPane();
        Scene scene = new Scene(frame, width, height);
        frame.applyCss();
        frame.getChildren().add(content);
        return scene;
    }
}
