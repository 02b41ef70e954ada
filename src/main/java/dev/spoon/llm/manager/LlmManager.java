package dev.spoon.llm.manager;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.Attempt;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.Tool;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.registry.ProviderRegistry;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * The seed's {@code LLMManager}: the one entry point the CLI, the workbench and the gateway use to talk to
 * providers. A call goes to the chosen provider, then along the fallback chain; each provider gets its
 * retries; the result lists every {@link Attempt}. The pieces, one job each:
 *
 * <ul>
 *   <li>{@link ProviderPool}: provider instances, created on first use and initialized with the manager's
 *   {@link ProviderContext} (its owner's exchange listeners and redaction list), re-created after a
 *   configuration change;</li>
 *   <li>{@link Routing}: which providers a call tries, in which order (fallback chain, load balancing over a
 *   pool, skipping providers the {@link HealthMonitor} knows to be down);</li>
 *   <li>{@link RetryPolicy}: which failures are retried and after how long ({@code retry_attempts},
 *   {@code retry_delay_ms} doubling with jitter, {@code Retry-After} when longer, none past
 *   {@code retry_max_wait_s});</li>
 *   <li>{@link ConcurrencyLimits}: {@code max_concurrent_requests} per manager and per provider, queued
 *   without holding threads;</li>
 *   <li>{@link ResponseCache}: identical non-streamed requests within the TTL (a hit is reported to the
 *   context's listeners, so the debug log and metrics see it);</li>
 *   <li>{@link ManagedCall} (one call: fallback and retries, cancellation) and {@link BatchCall}.</li>
 * </ul>
 *
 * <p>Fallback semantics: any failure moves on to the next provider; authentication and bad-request errors are
 * never retried on the same provider. A fallback provider gets the request without its model (the model
 * named one provider's model). When all fail the error is the last real one, with its own type, the others
 * attached ({@link LlmException#previousAttempts()}). A stream falls back only before its first token; one
 * that fails after output ends with the partial answer ({@code finish_reason} error) and is never restarted.
 * Each provider call carries {@code call_id}, {@code attempt} (1-based, across the whole call) and
 * {@code fallback_index} (0 = the first provider tried) in {@link ChatRequest#tags()}.
 *
 * <p>Thread-safe; every call is asynchronous. Retry waits use the manager's timer thread, never a waiting
 * thread. Cancelling a returned future ({@code cancel(true)}) cancels the attempt in flight (closing its HTTP
 * connection), a retry wait, or a queued call.
 */
public final class LlmManager implements AutoCloseable {
    private final ConfigurationManager configuration;
    private final ProviderRegistry registry;
    private final ProviderContext context;
    private final ProviderPool pool;
    private final ConcurrencyLimits limits;
    private final Routing routing;
    private final HealthMonitor health;
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;
    private final Ticker ticker;
    private final Random random;
    private final Consumer<SpoonConfig> configListener;
    private volatile ResponseCache cache;

    /** A manager whose providers report to no listener and hide only their own secrets. */
    public LlmManager(ConfigurationManager configuration, ProviderRegistry registry) {
        this(configuration, registry, ProviderContext.none());
    }

    /**
     * A manager that initializes every provider with {@code context}: its exchanges go to
     * {@code context.listeners()}, its errors and records hide {@code context.redactor()}'s secrets.
     */
    public LlmManager(ConfigurationManager configuration, ProviderRegistry registry, ProviderContext context) {
        this(configuration, registry, context, null, null, Ticker.systemTicker(), null);
    }

    /**
     * For tests: a given timer (retry waits), health scheduler (monitor rounds, check timeouts, re-checks; its
     * clock is the ticker's), cache clock and random source (jitter, random load balancing). Null means the
     * default: threads of the manager's own, the system clock, a fresh random.
     */
    LlmManager(ConfigurationManager configuration, ProviderRegistry registry, ProviderContext context,
               ScheduledExecutorService timer, ScheduledExecutorService healthScheduler, Ticker ticker,
               Random random) {
        this.configuration = configuration;
        this.registry = registry;
        this.context = context;
        this.ownsTimer = timer == null;
        this.timer = timer != null ? timer : newTimer();
        this.ticker = ticker;
        this.random = random;
        this.pool = new ProviderPool(configuration, registry, context);
        this.limits = new ConcurrencyLimits(configuration);
        this.cache = new ResponseCache(configuration.config().cache(), ticker);
        this.health = new HealthMonitor(this, healthScheduler, ticker::read);
        this.routing = new Routing(configuration, health, pool::inFlight, random);
        this.configListener = this::configChanged;
        configuration.addListener(configListener);
    }

    private static ScheduledExecutorService newTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "spoon-manager-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private void configChanged(SpoonConfig cfg) {
        pool.reset();
        limits.configChanged();
        if (!cfg.cache().equals(cache.settings())) {
            cache = new ResponseCache(cfg.cache(), ticker);
        }
        routing.configChanged(cfg);
    }

    public ConfigurationManager configuration() {
        return configuration;
    }

    public ProviderRegistry registry() {
        return registry;
    }

    /** The health monitor of this manager's providers (not started until {@link HealthMonitor#start}). */
    public HealthMonitor health() {
        return health;
    }

    /** Overrides the configured fallback chain ({@code null} restores it). */
    public void setFallbackChain(List<String> chain) {
        routing.setFallbackChain(chain);
    }

    public List<String> fallbackChain() {
        return routing.fallbackChain();
    }

    /**
     * Spreads calls to the default provider over {@code providers} (null or empty: the fallback chain) with
     * {@code strategy}: {@code round_robin}, {@code weighted}, {@code random}, {@code least_busy},
     * {@code latency}; {@code none} turns balancing off.
     *
     * @throws ConfigurationException for an unknown strategy or provider
     */
    public void enableLoadBalancing(String strategy, List<String> providers) {
        routing.enableLoadBalancing(strategy, providers);
    }

    /** The load-balancing strategy in force ({@code none} when off). */
    public String loadBalancing() {
        return routing.strategy();
    }

    /** The providers load balancing spreads over (empty when it is off). */
    public List<String> loadBalancingPool() {
        return routing.pool();
    }

    /**
     * The initialized instance of provider {@code name}, created on first use.
     *
     * @throws ConfigurationException for an unknown name (listing the known ones) or an unusable config
     * @throws AuthenticationException when the provider needs a key and has none
     */
    public LlmProvider provider(String name) {
        return pool.get(name);
    }

    /** Drops cached provider instances (after a configuration change). */
    public void resetProviders() {
        pool.reset();
    }

    /** Calls to {@code provider} in flight through this manager now. */
    public int inFlight(String provider) {
        return pool.inFlight(provider);
    }

    /** Calls waiting for a free slot (manager-wide limit). */
    public int queued() {
        return limits.queued();
    }

    /** Entries in the response cache. */
    public long cacheSize() {
        return cache.size();
    }

    /** Empties the response cache. */
    public void clearCache() {
        cache.clear();
    }

    /** Sends a non-streamed chat to {@code provider} (null: the default), falling back along the chain. */
    public CompletableFuture<LlmResponse> chat(ChatRequest request, String provider) {
        return chat(request, provider, CallListener.NONE);
    }

    /** {@link #chat(ChatRequest, String)}, telling {@code listener} of each retry and fallback as it happens. */
    public CompletableFuture<LlmResponse> chat(ChatRequest request, String provider, CallListener listener) {
        return new ManagedCall(this, request, provider, null, listener).start();
    }

    /**
     * Sends a streamed chat; chunks reach {@code handler} on the transport thread. Chunks of a failed attempt
     * can only be empty ones: a stream never falls back after delivering output.
     */
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, String provider, StreamHandler handler) {
        return chatStream(request, provider, handler, CallListener.NONE);
    }

    /** {@link #chatStream(ChatRequest, String, StreamHandler)}, telling {@code listener} of retries and fallbacks. */
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, String provider, StreamHandler handler,
                                                     CallListener listener) {
        return new ManagedCall(this, request, provider, handler == null ? StreamHandler.NONE : handler, listener)
                .start();
    }

    public CompletableFuture<LlmResponse> chatWithTools(ChatRequest request, List<Tool> tools, String provider) {
        return chat(request.withTools(tools), provider);
    }

    /** {@link #chatWithTools(ChatRequest, List, String)}, telling {@code listener} of retries and fallbacks. */
    public CompletableFuture<LlmResponse> chatWithTools(ChatRequest request, List<Tool> tools, String provider,
                                                        CallListener listener) {
        return chat(request.withTools(tools), provider, listener);
    }

    /**
     * Sends many non-streamed requests, at most {@code parallelism} at a time (each also within the manager's
     * limits). The future completes with one result per request, in input order; a failing request yields an
     * error result and never sinks the batch. Cancelling the future cancels the requests in flight and
     * starts no more (those get a cancellation error).
     */
    public CompletableFuture<List<BatchResult>> batchChat(List<ChatRequest> requests, String provider,
                                                          int parallelism) {
        return new BatchCall(requests, provider, parallelism, r -> chat(r, provider)).start();
    }

    /**
     * Checks every configured provider now, concurrently, and waits for the results (for the command line;
     * elsewhere use {@code health().checkAll()}, which does not wait). Never throws.
     */
    public Map<String, HealthStatus> healthCheckAll() {
        return health.checkAll().join();
    }

    // ------------------------------------------------------------------ for ManagedCall

    ProviderContext context() {
        return context;
    }

    ProviderPool pool() {
        return pool;
    }

    ConcurrencyLimits limits() {
        return limits;
    }

    Routing routing() {
        return routing;
    }

    ResponseCache cache() {
        return cache;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The retry policy of the current configuration. */
    RetryPolicy retryPolicy() {
        return RetryPolicy.of(configuration.config(), random);
    }

    @Override
    public void close() {
        configuration.removeListener(configListener);
        health.close();
        pool.reset();
        if (ownsTimer) {
            timer.shutdownNow();
        }
    }
}
