package dev.spoon.llm.manager;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The seed's {@code HealthMonitor}: checks every configured provider (a minimal real request each, see
 * {@link LlmProvider#healthCheck()}) every {@code health_check_interval_s} seconds once {@link #start}ed (default
 * 60; 0 turns the monitor off), keeps the latest status of each, and tells listeners when one changes. The
 * workbench starts it at start-up. A provider that answered a real request within the interval is not checked
 * again (its request counted as a check), so a provider in use costs no check requests.
 *
 * <p>A local server (a base URL on {@code localhost}, {@code 127.0.0.1} or {@code ::1}: Ollama, LM Studio,
 * an OpenAI-compatible endpoint on this machine) that refuses the connection is
 * {@link HealthStatus.State#NOT_RUNNING not running}: not a fault, and not available to load balancing.
 *
 * <p>The manager's load balancer skips providers this monitor knows to be down until a check passes; while
 * load balancing is on, a request that fails with a server (5xx) or network error marks its provider
 * unhealthy and schedules one re-check.
 *
 * <p>Thread-safe. The monitor has its own scheduler thread ({@code spoon-health}, made when first needed),
 * which only starts checks and timeouts: a check runs on the provider's own threads and never blocks a scheduler
 * thread, and each is bounded by {@link #CHECK_TIMEOUT}. Listeners: see {@link HealthListener}.
 */
public final class HealthMonitor implements AutoCloseable {
    /** Longest a single check may take before it counts as failed (and is cancelled). */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    /** Longest wait before a provider that failed a real request is checked again. */
    static final Duration RECHECK_AFTER = Duration.ofSeconds(30);

    private final LlmManager manager;
    private final ScheduledExecutorService givenScheduler;
    private ScheduledExecutorService ownScheduler;
    private final LongSupplier nanoClock;
    private final Map<String, HealthStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Long> seenAtNanos = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> rechecks = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> next;
    private Duration interval;
    private long generation;

    /**
     * @param scheduler where rounds and timeouts are scheduled; null: a daemon thread of its own
     * @param nanoClock the time that tells whether a provider's status is older than the interval
     */
    HealthMonitor(LlmManager manager, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        this.manager = manager;
        this.nanoClock = nanoClock;
        this.givenScheduler = scheduler;
    }

    /** Where rounds and timeouts run: the given scheduler, else a thread of the monitor's own, made on first use. */
    private synchronized ScheduledExecutorService scheduler() {
        if (givenScheduler != null) {
            return givenScheduler;
        }
        if (ownScheduler == null) {
            ownScheduler = newScheduler();
        }
        return ownScheduler;
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "spoon-health");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /**
     * Starts checking every {@code health_check_interval_s} of the configuration, the first round at once;
     * restarts if running. With an interval of 0 the monitor stays off.
     *
     * @return whether the monitor runs now
     */
    public boolean start() {
        long seconds = manager.configuration().config().healthCheckIntervalSeconds();
        if (seconds <= 0) {
            stop();
            return false;
        }
        start(Duration.ofSeconds(seconds));
        return true;
    }

    /** Starts checking every {@code every} (the first round at once); restarts if running. */
    public synchronized void start(Duration every) {
        stop();
        interval = every.isNegative() || every.isZero() ? Duration.ofMillis(1) : every;
        scheduleRound(0, ++generation);
    }

    private synchronized void scheduleRound(long delayMs, long round) {
        if (round != generation || scheduler().isShutdown()) {
            return;
        }
        next = scheduler().schedule(() -> {
            CompletableFuture<?> done;
            try {
                done = checkDue();
            } catch (RuntimeException e) {
                done = CompletableFuture.completedFuture(null); // a broken round never stops the monitor
            }
            done.whenComplete((v, e) -> scheduleRound(interval.toMillis(), round));
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic checks (statuses are kept; a round in flight finishes). */
    public synchronized void stop() {
        generation++;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        interval = null;
    }

    public synchronized boolean isRunning() {
        return interval != null;
    }

    /** The interval of the running monitor, or null when stopped. */
    public synchronized Duration interval() {
        return interval;
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

    /** False when the latest status of {@code provider} is unhealthy or not running; true when unknown. */
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
        return checkEach(checkedProviders());
    }

    /** One periodic round: the providers without a status newer than the interval. */
    private CompletableFuture<Map<String, HealthStatus>> checkDue() {
        Duration every = interval();
        long now = nanoClock.getAsLong();
        List<String> due = new ArrayList<>();
        for (String name : checkedProviders()) {
            Long seen = seenAtNanos.get(name);
            if (every == null || seen == null || now - seen >= every.toNanos()) {
                due.add(name);
            }
        }
        return checkEach(due);
    }

    private CompletableFuture<Map<String, HealthStatus>> checkEach(List<String> names) {
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

    /**
     * Checks one provider now; never completes exceptionally (a failure is an unhealthy or not-running
     * status). A check still running after {@link #CHECK_TIMEOUT} is cancelled and counts as failed.
     */
    public CompletableFuture<HealthStatus> check(String provider) {
        long start = System.nanoTime();
        CompletableFuture<HealthStatus> attempt;
        try {
            attempt = unsetLocalServer(provider)
                    ? CompletableFuture.supplyAsync(() -> LocalPort.listening(baseUrlOf(provider)), scheduler())
                    .thenCompose(listening -> listening ? manager.provider(provider).healthCheck()
                            : CompletableFuture.completedFuture(notListening(provider, start)))
                    : manager.provider(provider).healthCheck();
        } catch (LlmException e) {
            attempt = CompletableFuture.completedFuture(HealthStatus.unhealthy(provider, 0, e));
        } catch (RuntimeException e) {
            attempt = CompletableFuture.completedFuture(HealthStatus.unhealthy(provider, 0,
                    LlmProvider.unwrap(e)));
        }
        CompletableFuture<HealthStatus> out = new CompletableFuture<>();
        CompletableFuture<HealthStatus> running = attempt;
        ScheduledFuture<?> timeout = scheduler().schedule(() -> {
            if (out.complete(HealthStatus.unhealthy(provider, CHECK_TIMEOUT.toMillis(), new NetworkException(
                    "health check timed out after " + CHECK_TIMEOUT.toSeconds() + " s", provider)))) {
                running.cancel(true);
            }
        }, CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        running.whenComplete((s, e) -> {
            timeout.cancel(false);
            out.complete(s != null ? s : HealthStatus.failure(provider, baseUrlOf(provider),
                    (System.nanoTime() - start) / 1_000_000, LlmProvider.unwrap(e)));
        });
        return out.thenApply(s -> {
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
        publish(HealthStatus.failure(provider, baseUrlOf(provider), 0, e));
        long delay = Math.min(RECHECK_AFTER.toMillis(),
                Math.max(1, manager.configuration().config().healthCheckIntervalSeconds()) * 1000);
        rechecks.computeIfAbsent(provider, p -> scheduler().schedule(() -> {
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

    /**
     * Whether {@code provider} is a local server the user did not set up (the default Ollama and LM Studio
     * entries): its check first looks whether anything listens at its address, and only then asks it, so a
     * server that is not running costs no request and leaves no failed record in the debug log every interval.
     */
    private boolean unsetLocalServer(String provider) {
        var cfg = manager.configuration().config();
        ProviderConfig pc = cfg.providers().get(provider);
        return pc != null && ConfigurationManager.dependsOnRunning(cfg, pc) && HealthStatus.isLocal(baseUrlOf(provider));
    }

    private HealthStatus notListening(String provider, long startNanos) {
        String url = baseUrlOf(provider);
        return HealthStatus.notRunning(provider, (System.nanoTime() - startNanos) / 1_000_000, new NetworkException(
                HealthStatus.nothingListensAt(url) + ": " + provider + " is not running", provider));
    }

    private String baseUrlOf(String provider) {
        try {
            return manager.provider(provider).baseUrl();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Sets a status as if a check produced it (listeners are told when it changes). */
    void publish(HealthStatus s) {
        HealthStatus previous = statuses.put(s.provider(), s);
        seenAtNanos.put(s.provider(), nanoClock.getAsLong());
        if (previous == null || previous.state() != s.state()) {
            for (HealthListener l : listeners) {
                try {
                    l.onStatusChanged(previous, s);
                } catch (RuntimeException ignored) {
                    // a failing listener never stops monitoring
                }
            }
        }
    }

    /** Stops checking, cancels pending re-checks and releases the monitor's thread. */
    @Override
    public void close() {
        stop();
        rechecks.values().forEach(f -> f.cancel(false));
        rechecks.clear();
        synchronized (this) {
            if (ownScheduler != null) {
                ownScheduler.shutdownNow();
            }
        }
    }
}
