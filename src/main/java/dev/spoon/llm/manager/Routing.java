package dev.spoon.llm.manager;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Which providers a call tries, in which order: the chosen provider (or, with load balancing, the balancer's
 * pick from the pool), then the fallback chain, without repeats. Holds the fallback-chain and load-balancing
 * overrides ({@link LlmManager#setFallbackChain}, {@link LlmManager#enableLoadBalancing}); otherwise follows the
 * configuration. Load balancing applies to calls for the default provider (or no provider) and skips providers
 * the {@link HealthMonitor} knows to be down. Thread-safe.
 */
final class Routing {
    private final ConfigurationManager configuration;
    private final HealthMonitor health;
    private final ToIntFunction<String> inFlight;
    private final Random random;
    private volatile List<String> fallbackChain;
    private volatile LoadBalancer balancer;
    private volatile List<String> balancedPool;

    /** @param random for the {@code random} strategy; null: a new one */
    Routing(ConfigurationManager configuration, HealthMonitor health, ToIntFunction<String> inFlight, Random random) {
        this.configuration = configuration;
        this.health = health;
        this.inFlight = inFlight;
        this.random = random;
        this.balancer = balancerFor(configuration.config().loadBalancing());
    }

    private LoadBalancer balancerFor(String strategy) {
        return strategy == null || strategy.equals("none") ? null
                : new LoadBalancer(strategy, random != null ? random : new Random());
    }

    /** Follows a new configuration (unless balancing was set by {@link #enableLoadBalancing}). */
    void configChanged(SpoonConfig cfg) {
        if (balancedPool == null) {
            balancer = balancerFor(cfg.loadBalancing());
        }
    }

    void setFallbackChain(List<String> chain) {
        if (chain != null) {
            chain.forEach(configuration::loadProviderConfig);
        }
        this.fallbackChain = chain == null ? null : List.copyOf(chain);
    }

    List<String> fallbackChain() {
        List<String> chain = fallbackChain;
        return chain != null ? chain : configuration.config().fallbackChain();
    }

    void enableLoadBalancing(String strategy, List<String> providers) {
        if (!ConfigurationManager.LOAD_BALANCING.contains(strategy)) {
            throw new ConfigurationException("unknown load-balancing strategy '" + strategy + "'; use one of "
                    + String.join(", ", ConfigurationManager.LOAD_BALANCING));
        }
        if (providers != null) {
            providers.forEach(configuration::loadProviderConfig);
        }
        balancedPool = providers == null || providers.isEmpty() ? null : List.copyOf(providers);
        balancer = balancerFor(strategy);
    }

    String strategy() {
        LoadBalancer b = balancer;
        return b == null ? "none" : b.strategy();
    }

    List<String> pool() {
        if (balancer == null) {
            return List.of();
        }
        List<String> pool = balancedPool;
        return pool != null ? pool : fallbackChain();
    }

    /** Feeds the {@code latency} strategy with one successful call's duration. */
    void recordLatency(String provider, double ms) {
        LoadBalancer lb = balancer;
        if (lb != null) {
            lb.recordLatency(provider, ms);
        }
    }

    /** Whether load balancing is on (then server-side failures mark providers unhealthy). */
    boolean balancing() {
        return balancer != null;
    }

    /** The providers to try for a call to {@code provider} (null: the default), in order, no repeats. */
    List<String> candidates(String provider) {
        List<String> out = new ArrayList<>();
        String first = provider != null ? provider : configuration.defaultProvider();
        LoadBalancer lb = balancer;
        List<String> pool = pool();
        if (lb != null && !pool.isEmpty() && first.equals(configuration.defaultProvider())) {
            List<String> available = new ArrayList<>();
            for (String p : pool) {
                if (health.isAvailable(p) && isUsable(p)) {
                    available.add(p);
                }
            }
            if (available.isEmpty()) {
                available.addAll(pool);
            }
            out.add(lb.pick(available, this::weightOf, inFlight));
            for (String p : available) {
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
            for (String p : fallbackChain()) {
                if (!out.contains(p) && health.isAvailable(p)) {
                    out.add(p);
                }
            }
            return out;
        }
        out.add(first);
        for (String p : fallbackChain()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private boolean isUsable(String name) {
        ProviderConfig pc = configuration.config().provider(name);
        return pc != null && ConfigurationManager.isConfigured(pc);
    }

    private double weightOf(String name) {
        ProviderConfig pc = configuration.config().provider(name);
        return pc == null ? 0 : pc.weight();
    }
}
