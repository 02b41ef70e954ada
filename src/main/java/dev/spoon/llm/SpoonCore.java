package dev.spoon.llm;

import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.manager.HealthMonitor;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.llm.registry.ProviderRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The core services wired together, for the workbench (and any long-lived user): configuration, provider
 * registry, {@link LlmManager}, {@link DebugLogger} and {@link MetricsCollector} (both subscribed to every
 * exchange of this process), and the manager's {@link HealthMonitor}. Keeps the logger's secret list and the
 * metrics' price table in step with the configuration. The health monitor is <b>not</b> started (its
 * checks are real, possibly billed requests): call {@code health().start()} to run it.
 *
 * <p>{@link #close()} closes everything together: the logger writes what is pending, the providers release
 * their connections.
 */
public final class SpoonCore implements AutoCloseable {
    private final ConfigurationManager configuration;
    private final ProviderRegistry registry;
    private final LlmManager manager;
    private final DebugLogger debugLogger;
    private final MetricsCollector metrics;
    private final Consumer<SpoonConfig> configListener;

    /** Everything from {@code configuration}, the global registry and the configured {@code debug} settings. */
    public static SpoonCore create(ConfigurationManager configuration) {
        return new SpoonCore(configuration, ProviderRegistry.global(), DebugSettings.from(configuration));
    }

    public SpoonCore(ConfigurationManager configuration, ProviderRegistry registry, DebugSettings debug) {
        this.configuration = configuration;
        this.registry = registry;
        this.manager = new LlmManager(configuration, registry);
        this.debugLogger = new DebugLogger(debug);
        this.metrics = new MetricsCollector(configuration.config().prices());
        this.configListener = this::configChanged;
        configChanged(configuration.config());
        configuration.addListener(configListener);
        debugLogger.start();
        metrics.start();
    }

    private void configChanged(SpoonConfig cfg) {
        List<String> keys = new ArrayList<>();
        for (ProviderConfig pc : cfg.providers().values()) {
            if (pc.hasApiKey()) {
                keys.add(pc.apiKey());
            }
        }
        debugLogger.setSecrets(keys);
        metrics.setPrices(cfg.prices());
    }

    public ConfigurationManager configuration() {
        return configuration;
    }

    public ProviderRegistry registry() {
        return registry;
    }

    public LlmManager manager() {
        return manager;
    }

    public DebugLogger debugLogger() {
        return debugLogger;
    }

    public MetricsCollector metrics() {
        return metrics;
    }

    /** The manager's health monitor (not started by this class). */
    public HealthMonitor health() {
        return manager.health();
    }

    @Override
    public void close() {
        configuration.removeListener(configListener);
        manager.close();
        metrics.close();
        debugLogger.close();
    }
}
