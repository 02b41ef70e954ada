package dev.spoon.llm.manager;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed's {@code HealthMonitor}: checks every configured provider (a minimal real request each) on an
 * interval in the background ({@link #start}, default {@code health_check_interval_s}), keeps the latest
 * status of each, and tells listeners when one changes. The manager's load balancer skips providers this
 * monitor knows to be unhealthy until a check passes; while load balancing is on, a request that fails with a
 * server (5xx) or network error marks its provider unhealthy and schedules a re-check.
 *
 * <p>Thread-safe. Checks run concurrently on a small pool of daemon threads ({@code spoon-health-*}); each is
 * bounded by {@link #CHECK_TIMEOUT}. Listeners: see {@link HealthListener}.
 */
public final class HealthMonitor implements AutoCloseable {
    /** Longest a single check may take before it counts as failed. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final LlmManager manager;
    private final ScheduledExecutorService timer;
    private final ExecutorService checks;
    private final Map<String, HealthStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> rechecks = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> periodic;
    private Duration interval;

    HealthMonitor(LlmManager manager, ScheduledExecutorService timer) {
        this.manager = manager;
        this.timer = timer;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "spoon-health-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.checks = pool;
    }

    /** Starts checking every {@code health_check_interval_s} (from the configuration); restarts if running. */
    public void start() {
        start(Duration.ofSeconds(manager.configuration().config().healthCheckIntervalSeconds()));
    }

    /** Starts checking every {@code every}, the first check at once; restarts if running. */
    public synchronized void start(Duration every) {
        stop();
        interval = every;
        long ms = Math.max(1, every.toMillis());
        periodic = timer.scheduleWithFixedDelay(() -> {
            try {
                checkAll().get(CHECK_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // results were already published per provider
            }
        }, 0, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic checks (statuses are kept). */
    public synchronized void stop() {
        if (periodic != null) {
            periodic.cancel(false);
            periodic = null;
        }
    }

    public synchronized boolean isRunning() {
        return periodic != null;
    }

    /** The interval of the running monitor, or null when stopped. */
    public synchronized Duration interval() {
        return periodic == null ? null : interval;
    }

    public void addListener(HealthListener l) {
        listeners.add(l);
    }

    public void removeListener(HealthListener l) {
        listeners.remove(l);
    }

    /** The latest status of every provider checked so far. */
    public Map<String, HealthStatus> statuses() {
        return Map.copyOf(statuses);
    }

    public Optional<HealthStatus> status(String provider) {
        return Optional.ofNullable(statuses.get(provider));
    }

    /** False only when the latest status of {@code provider} is unhealthy. */
    public boolean isAvailable(String provider) {
        HealthStatus s = statuses.get(provider);
        return s == null || s.healthy();
    }

    /** The providers a check covers: every configured, enabled instance, in configuration order. */
    public List<String> checkedProviders() {
        List<String> out = new ArrayList<>();
        for (ProviderConfig pc : manager.configuration().config().providers().values()) {
            if (ConfigurationManager.isConfigured(pc) && !"false".equals(pc.option("enabled"))) {
                out.add(pc.name());
            }
        }
        return out;
    }

    /** Checks every provider of {@link #checkedProviders()} concurrently; never completes exceptionally. */
    public CompletableFuture<Map<String, HealthStatus>> checkAll() {
        List<String> names = checkedProviders();
        List<CompletableFuture<HealthStatus>> fs = new ArrayList<>();
        for (String n : names) {
            fs.add(check(n));
        }
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, HealthStatus> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), fs.get(i).join());
            }
            return out;
        });
    }

    /** Checks one provider now; never completes exceptionally (a failure is an unhealthy status). */
    public CompletableFuture<HealthStatus> check(String provider) {
        CompletableFuture<HealthStatus> f = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                return manager.provider(provider).healthCheck();
            } catch (LlmException e) {
                return HealthStatus.unhealthy(provider, (System.nanoTime() - start) / 1_000_000, e);
            } catch (RuntimeException e) {
                return HealthStatus.unhealthy(provider, (System.nanoTime() - start) / 1_000_000,
                        new LlmException(String.valueOf(e), provider));
            }
        }, checks).completeOnTimeout(HealthStatus.unhealthy(provider, CHECK_TIMEOUT.toMillis(),
                new NetworkException("health check timed out after " + CHECK_TIMEOUT.toSeconds() + " s", provider)),
                CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return f.thenApply(s -> {
            publish(s);
            return s;
        });
    }

    /**
     * Records that a real request to {@code provider} failed with a server-side or network error: the provider
     * counts as unhealthy (skipped by load balancing) until a check passes; one re-check is scheduled after
     * {@code min(interval, 30 s)}.
     */
    void reportFailure(String provider, LlmException e) {
        publish(HealthStatus.unhealthy(provider, 0, e));
        long delay = Math.min(30_000, manager.configuration().config().healthCheckIntervalSeconds() * 1000);
        rechecks.computeIfAbsent(provider, p -> timer.schedule(() -> {
            rechecks.remove(p);
            check(p);
        }, delay, TimeUnit.MILLISECONDS));
    }

    /**
     * Records that a real request to {@code provider} succeeded: it is healthy, with that request's latency.
     * So the health table shows every provider in use without spending a check request on it.
     */
    void reportSuccess(String provider, long latencyMs) {
        publish(HealthStatus.healthy(provider, latencyMs));
    }

    /** Sets a status as if a check produced it (listeners are told when it changes). */
    void publish(HealthStatus s) {
        HealthStatus previous = statuses.put(s.provider(), s);
        if (previous == null || previous.healthy() != s.healthy()) {
            for (HealthListener l : listeners) {
                try {
                    l.onStatusChanged(previous, s);
                } catch (RuntimeException ignored) {
                    // a failing listener never stops monitoring
                }
            }
        }
    }

    /** Stops checking and releases the check threads. */
    @Override
    public void close() {
        stop();
        rechecks.values().forEach(f -> f.cancel(false));
        rechecks.clear();
        checks.shutdownNow();
    }
}
