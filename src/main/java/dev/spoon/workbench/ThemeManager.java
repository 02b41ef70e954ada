package dev.spoon.workbench;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Owns light/dark (AtlantaFX Primer themes). {@link Mode#SYSTEM} follows the operating system as far as it
 * can be read without native code: {@code GTK_THEME}, GNOME's {@code color-scheme}, macOS's
 * {@code AppleInterfaceStyle}, Windows' {@code AppsUseLightTheme}. The probe runs in the background; until
 * it answers the light theme is used. Properties are FX-thread only.
 */
public final class ThemeManager {

    /** The user's choice. */
    public enum Mode { SYSTEM, LIGHT, DARK }

    private final TaskExecutor executor;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.SYSTEM);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(this, "dark", false);
    private volatile boolean systemDark;
    private boolean probed;

    public ThemeManager(TaskExecutor executor, Mode initial) {
        this.executor = executor;
        mode.set(initial == null ? Mode.SYSTEM : initial);
        mode.addListener((o, a, b) -> apply());
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** Whether the dark theme is on screen. */
    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    /**
     * Installs the theme for the current mode (FX thread), and the first time in {@link Mode#SYSTEM} starts
     * the background OS probe, which re-applies when it finds a dark desktop.
     */
    public void apply() {
        boolean d = switch (mode.get()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> systemDark;
        };
        Application.setUserAgentStylesheet(d ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        dark.set(d);
        if (mode.get() == Mode.SYSTEM && !probed) {
            probed = true;
            executor.submit(ThemeManager::osPrefersDark).thenAccept(osDark -> executor.ui(() -> {
                systemDark = osDark;
                if (mode.get() == Mode.SYSTEM && osDark != dark.get()) {
                    apply();
                }
            }));
        }
    }

    /** Best-effort reading of the desktop's dark preference; false when it cannot be told. */
    static boolean osPrefersDark() {
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null) {
            return gtk.toLowerCase(Locale.ROOT).contains("dark");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).toLowerCase(Locale.ROOT)
                    .contains("dark");
        }
        if (os.contains("win")) {
            return run(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "AppsUseLightTheme")).contains("0x0");
        }
        String scheme = run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
        if (scheme.contains("dark")) {
            return true;
        }
        return run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
                .toLowerCase(Locale.ROOT).contains("dark");
    }

    /** Runs a short command, at most one second; its output, or "" when it is missing or fails. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            try (InputStream in = p.getInputStream()) {
                return p.exitValue() == 0 ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
