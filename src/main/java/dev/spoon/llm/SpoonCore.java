package dev.spoon.llm;

import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.manager.HealthMonitor;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.llm.registry.ProviderRegistry;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The core services wired together, for the workbench (and any long-lived user): configuration, provider
 * registry, {@link LlmManager}, {@link DebugLogger} and {@link MetricsCollector}, and the manager's
 * {@link HealthMonitor}.
 *
 * <p>The core owns its {@link ExchangeListeners} (the debug logger and the metrics are registered there; a
 * pane may add its own with {@code listeners().add}) and its one {@link Redactor}; both reach every provider
 * through the {@link ProviderContext} the manager initializes it with, so two cores in one JVM never see each
 * other's traffic. The redaction list and the metrics' price table follow the configuration. The health
 * monitor is <b>not</b> started by the constructor (its checks are real, possibly billed one-token requests):
 * {@link #startHealthMonitor()} runs it, as the workbench does at start-up.
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
    private final ExchangeListeners listeners = new ExchangeListeners();
    private final Redactor redactor = new Redactor();
    private final ProviderContext providerContext = new ProviderContext(listeners, redactor);
    private final Consumer<SpoonConfig> configListener;
    private volatile boolean monitorWanted;

    /** Everything from {@code configuration}, the global registry and the configured {@code debug} settings. */
    public static SpoonCore create(ConfigurationManager configuration) {
        return new SpoonCore(configuration, ProviderRegistry.global(), DebugSettings.from(configuration));
    }

    public SpoonCore(ConfigurationManager configuration, ProviderRegistry registry, DebugSettings debug) {
        this(configuration, registry, debug, context -> new LlmManager(configuration, registry, context));
    }

    /**
     * As {@link #SpoonCore(ConfigurationManager, ProviderRegistry, DebugSettings)}, with the manager made by
     * {@code managers} from this core's provider context (tests give it a timer they drive).
     */
    public SpoonCore(ConfigurationManager configuration, ProviderRegistry registry, DebugSettings debug,
                     java.util.function.Function<ProviderContext, LlmManager> managers) {
        this.configuration = configuration;
        this.registry = registry;
        this.manager = managers.apply(providerContext);
        this.debugLogger = new DebugLogger(debug);
        this.metrics = new MetricsCollector(configuration.config().prices());
        this.configListener = this::configChanged;
        configChanged(configuration.config());
        configuration.addListener(configListener);
        debugLogger.setRedactor(redactor);
        listeners.add(debugLogger.exchangeListener());
        listeners.add(metrics.exchangeListener());
    }

    private void configChanged(SpoonConfig cfg) {
        redactor.update(cfg);
        metrics.setPrices(cfg.priceTable());
        if (monitorWanted) {
            Duration running = manager.health().interval();
            long wanted = cfg.healthCheckIntervalSeconds();
            if (running == null ? wanted > 0 : running.getSeconds() != wanted) {
                manager.health().start(); // a new interval (0 stops it)
            }
        }
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

    /** This core's exchange listeners: add a factory to observe every provider exchange of this core. */
    public ExchangeListeners listeners() {
        return listeners;
    }

    /** This core's one redaction list: pass everything shown or stored through {@link Redactor#redact}. */
    public Redactor redactor() {
        return redactor;
    }

    /** What this core initializes providers with (also for a provider made outside the manager). */
    public ProviderContext providerContext() {
        return providerContext;
    }

    /** The manager's health monitor. */
    public HealthMonitor health() {
        return manager.health();
    }

    /**
     * Starts the health monitor: a round of checks at once, then every {@code health_check_interval_s}
     * (default 60; 0 leaves it off), and from now on follows that setting when the configuration changes.
     * Returns at once: the checks run in the background.
     *
     * @return whether the monitor runs now
     */
    public boolean startHealthMonitor() {
        monitorWanted = true;
        return manager.health().start();
    }

    @Override
    public void close() {
        configuration.removeListener(configListener);
        manager.close();
        metrics.close();
        debugLogger.close();
    }
}
