package dev.spoon.llm.manager;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.registry.ProviderRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The manager's provider instances: each configured provider is created and initialized once, on first use
 * (with the manager's {@link ProviderContext}),
 * and kept until the configuration changes ({@link #reset}). Also counts each provider's calls in flight (for
 * {@code least_busy} balancing and the dashboards). Thread-safe.
 */
final class ProviderPool {
    private final ConfigurationManager configuration;
    private final ProviderRegistry registry;
    private final ProviderContext context;
    private final Map<String, LlmProvider> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    ProviderPool(ConfigurationManager configuration, ProviderRegistry registry, ProviderContext context) {
        this.configuration = configuration;
        this.registry = registry;
        this.context = context;
    }

    /**
     * The initialized instance of provider {@code name}, created on first use.
     *
     * @throws ConfigurationException for an unknown name (listing the known ones) or an unusable config
     * @throws AuthenticationException when the provider needs a key and has none
     */
    LlmProvider get(String name) {
        LlmProvider p = instances.get(name);
        if (p != null) {
            return p;
        }
        synchronized (instances) {
            p = instances.get(name);
            if (p == null) {
                ProviderConfig pc = configuration.loadProviderConfig(name);
                if (!ConfigurationManager.isConfigured(pc)) {
                    throw new AuthenticationException("No API key configured for provider '" + name + "'", name)
                            .withKeyVariable(pc.keyVariable());
                }
                if (!registry.contains(pc.type())) {
                    throw new ConfigurationException("provider '" + name + "' has type '" + pc.type()
                            + "', which is not registered. Known types: " + String.join(", ", registry.names()), name);
                }
                p = registry.create(pc, context);
                instances.put(name, p);
            }
            return p;
        }
    }

    /** Releases and forgets every instance (they are created again on next use). */
    void reset() {
        synchronized (instances) {
            instances.values().forEach(ProviderPool::quietCleanup);
            instances.clear();
        }
    }

    /** The in-flight counter of {@code name}, created on first use. */
    AtomicInteger busy(String name) {
        return inFlight.computeIfAbsent(name, k -> new AtomicInteger());
    }

    int inFlight(String name) {
        AtomicInteger n = inFlight.get(name);
        return n == null ? 0 : n.get();
    }

    private static void quietCleanup(LlmProvider p) {
        try {
            p.cleanup();
        } catch (RuntimeException ignored) {
            // cleanup failures are not the caller's problem
        }
    }
}
