package dev.spoon.llm.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which configuration file is meant: {@code --config FILE}, else {@code $SPOON_CONFIG}, else
 * {@code config.toml} in the user's config folder ({@code config.json} when only that exists).
 *
 * @param explicitFile the {@code --config} file, or null
 */
record ConfigLocation(Path explicitFile, Map<String, String> env) {

    /** Whether the user named the file with {@code --config} (then it must exist). */
    boolean isExplicit() {
        return explicitFile != null;
    }

    /** The file to read and write (it may not exist yet). */
    Path file() {
        if (explicitFile != null) {
            return explicitFile;
        }
        String fromEnv = env.get("SPOON_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path dir = SpoonPaths.configDir(env);
        Path toml = dir.resolve("config.toml");
        Path json = dir.resolve("config.json");
        return Files.exists(toml) || !Files.exists(json) ? toml : json;
    }
}
