package dev.spoon.llm.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Spoon keeps the user's files: configuration under the XDG config folder, data (logs,
 * conversations, key file) under the XDG data folder. The system property {@code spoon.home} moves both
 * under one folder (tests, portable installs). Never inside the install directory.
 */
public final class SpoonPaths {
    private SpoonPaths() {
    }

    public static Path configDir() {
        return configDir(System.getenv());
    }

    static Path configDir(Map<String, String> env) {
        String home = System.getProperty("spoon.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "config");
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "spoon");
        }
        if (isWindows()) {
            String appData = env.get("APPDATA");
            if (appData != null) {
                return Path.of(appData, "Spoon");
            }
        }
        return Path.of(System.getProperty("user.home"), ".config", "spoon");
    }

    public static Path dataDir() {
        String home = System.getProperty("spoon.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "data");
        }
        Map<String, String> env = System.getenv();
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "spoon");
        }
        if (isWindows()) {
            String local = env.get("LOCALAPPDATA");
            if (local != null) {
                return Path.of(local, "Spoon");
            }
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "spoon");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
    }
}
