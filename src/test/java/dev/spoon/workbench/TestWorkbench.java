package dev.spoon.workbench;

import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.FileSecretStore;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.registry.ProviderRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds a {@link WorkbenchContext} over a config file in a temporary folder (tests only). */
public final class TestWorkbench {
    private TestWorkbench() {
    }

    /** A context whose config file is {@code dir/config.toml} holding {@code toml}, keys in {@code dir/keys.json}. */
    public static WorkbenchContext context(Path dir, String toml, TaskExecutor executor) {
        return context(dir, toml, executor, null);
    }

    /**
     * As {@link #context(Path, String, TaskExecutor)}, with a manager whose retry waits are added to {@code waits}
     * and end only when the test runs them ({@code TestManagers.manualRetries}); null: a normal manager.
     */
    public static WorkbenchContext context(Path dir, String toml, TaskExecutor executor,
                                           java.util.concurrent.BlockingQueue<Runnable> waits) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("config.toml");
            if (toml != null) {
                Files.writeString(config, toml);
            }
            SecretStore secrets = new FileSecretStore(dir.resolve("keys.json"));
            ConfigurationManager cm = new ConfigurationManager(null, Map.of("SPOON_CONFIG", config.toString()),
                    CliOverrides.NONE, secrets);
            SpoonCore core = waits == null ? new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.from(cm))
                    : new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.from(cm), pc ->
                    dev.spoon.llm.manager.TestManagers.manualRetries(cm, ProviderRegistry.global(), pc, waits));
            PreferencesStore prefs = new PreferencesStore(dir.resolve("workbench.json"), executor);
            ThemeManager theme = new ThemeManager(executor, ThemeManager.Mode.LIGHT);
            return new WorkbenchContext(core, secrets, executor, theme, prefs, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
