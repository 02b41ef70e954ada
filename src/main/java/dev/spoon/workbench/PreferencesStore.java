package dev.spoon.workbench;

import dev.spoon.llm.io.SecureFiles;

import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The app preferences and their small JSON file ({@code workbench.json} in the config folder). Reading
 * happens once at start-up; every change is written in the background through the {@link TaskExecutor},
 * atomically, never on the FX thread. A missing or unreadable file means defaults (never an error).
 */
public final class PreferencesStore {
    private final Path file;
    private final TaskExecutor executor;
    private final AtomicReference<AppPreferences> current;

    /** Reads {@code file} (defaults when it is missing or broken). Safe to call off the FX thread. */
    public PreferencesStore(Path file, TaskExecutor executor) {
        this.file = file;
        this.executor = executor;
        this.current = new AtomicReference<>(read(file));
    }

    public AppPreferences get() {
        return current.get();
    }

    public Path file() {
        return file;
    }

    /** Applies {@code change} and writes the result in the background. */
    public void update(UnaryOperator<AppPreferences> change) {
        AppPreferences next = current.updateAndGet(change);
        executor.submit(() -> {
            write(next);
            return null;
        });
    }

    /** Writes the current preferences on the calling thread (used when the window closes). */
    public void flush() {
        write(current.get());
    }

    private static AppPreferences read(Path file) {
        try {
            if (Files.exists(file)) {
                AppPreferences p = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8),
                        AppPreferences.class);
                if (p != null) {
                    return p;
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: ignoring unreadable preferences " + file + ": " + e.getMessage());
        }
        return AppPreferences.DEFAULT;
    }

    private synchronized void write(AppPreferences p) {
        try {
            SecureFiles.writeAtomically(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p));
        } catch (IOException e) {
            System.err.println("warning: cannot save preferences to " + file + ": " + e.getMessage());
        }
    }
}
