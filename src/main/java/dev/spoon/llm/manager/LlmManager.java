package dev.spoon.llm.manager;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.Attempt;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.Tool;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.registry.ProviderRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The seed's {@code LLMManager}: the one entry point the CLI and the GUI use to talk to providers.
 *
 * <ul>
 *   <li><b>Providers</b>: creates, initializes (with the {@link ProviderContext} it was given: its owner's
 *   exchange listeners and redaction list) and caches provider instances; re-creates them when the
 *   configuration changes.</li>
 *   <li><b>Fallback</b>: the chosen provider, then the fallback chain ({@code fallback_chain} /
 *   {@link #setFallbackChain}). Any failure moves on to the next provider; authentication and bad-request
 *   errors are never retried on the same provider. A fallback provider gets the request without its model
 *   (the model named one provider's model). The result lists every {@link Attempt}; when all fail the error
 *   is the last real one, with its own type, the others attached ({@link LlmException#previousAttempts()}).
 *   A stream falls back only before its first token; one that fails after output ends with the partial
 *   answer ({@code finish_reason} error) and is never restarted.</li>
 *   <li><b>Retries</b>: retryable errors are retried up to {@code retry_attempts} times per provider with
 *   exponential backoff and jitter from {@code retry_delay_ms}; a provider's {@code Retry-After} wins when
 *   longer, and one longer than {@code retry_max_wait_s} is not waited for. Waits use a timer, not a thread,
 *   and are cancelled with the call.</li>
 *   <li><b>Load balancing</b> ({@code load_balancing}, {@link #enableLoadBalancing}): calls to the default
 *   provider (or with no provider) are spread over the pool (the fallback chain, or the given providers),
 *   skipping providers the {@link HealthMonitor} knows to be unhealthy; the others stay fallbacks.</li>
 *   <li><b>Concurrency</b>: at most {@code max_concurrent_requests} calls in flight per manager, and per
 *   provider when its table sets {@code max_concurrent_requests}; the rest wait in a FIFO queue without
 *   holding a thread, and leave it when cancelled.</li>
 *   <li><b>Cache</b> ({@code cache}): identical non-streamed requests within the TTL are answered from memory
 *   ({@link LlmResponse#cacheHit()}); the hit is published to the context's listeners so the debug log and
 *   metrics see it.</li>
 *   <li><b>Tags</b>: each provider call carries {@code call_id}, {@code attempt} (1-based, across the whole
 *   call) and {@code fallback_index} (0 = the first provider tried) in {@link ChatRequest#tags()}.</li>
 * </ul>
 *
 * <p>Thread-safe; every call is asynchronous. Cancelling a returned future ({@code cancel(true)}) cancels
 * the attempt in flight (closing its HTTP connection), a retry wait, or a queued call.
 */
public final class LlmManager implements AutoCloseable {

    private static final AtomicLong CALLS = new AtomicLong();

    private final ConfigurationManager configuration;
    private final ProviderRegistry registry;
    private final ProviderContext context;
    private final Map<String, LlmProvider> instances = new ConcurrentHashMap<>();
    private final Map<String, AsyncLimiter> providerLimiters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AsyncLimiter limiter;
    private final ScheduledExecutorService timer;
    private final boolean ownsTimer;
    private final Ticker ticker;
    private final Random random;
    private final HealthMonitor health;
    private final Consumer<SpoonConfig> configListener;
    private volatile List<String> fallbackChain;
    private volatile LoadBalancer balancer;
    private volatile List<String> balancedPool;
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
        this(configuration, registry, context, null, Ticker.systemTicker(), null);
    }

    /**
     * For tests: a given timer (retry waits, health re-checks), cache clock and random source (jitter, random
     * load balancing). Null means the default.
     */
    LlmManager(ConfigurationManager configuration, ProviderRegistry registry, ProviderContext context,
               ScheduledExecutorService timer, Ticker ticker, Random random) {
        this.configuration = configuration;
        this.registry = registry;
        this.context = context;
        this.ownsTimer = timer == null;
        this.timer = timer != null ? timer : newTimer();
        this.ticker = ticker;
        this.random = random;
        SpoonConfig cfg = configuration.config();
        this.limiter = new AsyncLimiter(cfg.maxConcurrentRequests());
        this.cache = new ResponseCache(cfg.cache(), ticker);
        this.balancer = lbFor(cfg.loadBalancing());
        this.health = new HealthMonitor(this, this.timer);
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

    private LoadBalancer lbFor(String strategy) {
        return strategy == null || strategy.equals("none") ? null
                : new LoadBalancer(strategy, random != null ? random : new Random());
    }

    private void configChanged(SpoonConfig cfg) {
        resetProviders();
        limiter.setLimit(cfg.maxConcurrentRequests());
        providerLimiters.clear();
        if (!cfg.cache().equals(cache.settings())) {
            cache = new ResponseCache(cfg.cache(), ticker);
        }
        if (balancedPool == null) {
            balancer = lbFor(cfg.loadBalancing());
        }
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
        if (chain != null) {
            for (String p : chain) {
                configuration.loadProviderConfig(p);
            }
        }
        this.fallbackChain = chain == null ? null : List.copyOf(chain);
    }

    public List<String> fallbackChain() {
        List<String> chain = fallbackChain;
        return chain != null ? chain : configuration.config().fallbackChain();
    }

    /**
     * Spreads calls to the default provider over {@code providers} (null or empty: the fallback chain) with
     * {@code strategy}: {@code round_robin}, {@code weighted}, {@code random}, {@code least_busy},
     * {@code latency}; {@code none} turns balancing off.
     *
     * @throws ConfigurationException for an unknown strategy or provider
     */
    public void enableLoadBalancing(String strategy, List<String> providers) {
        if (!ConfigurationManager.LOAD_BALANCING.contains(strategy)) {
            throw new ConfigurationException("unknown load-balancing strategy '" + strategy + "'; use one of "
                    + String.join(", ", ConfigurationManager.LOAD_BALANCING));
        }
        if (providers != null) {
            providers.forEach(configuration::loadProviderConfig);
        }
        balancedPool = providers == null || providers.isEmpty() ? null : List.copyOf(providers);
        balancer = lbFor(strategy);
    }

    /** The load-balancing strategy in force ({@code none} when off). */
    public String loadBalancing() {
        LoadBalancer b = balancer;
        return b == null ? "none" : b.strategy();
    }

    /** The providers load balancing spreads over (empty when it is off). */
    public List<String> loadBalancingPool() {
        if (balancer == null) {
            return List.of();
        }
        List<String> pool = balancedPool;
        return pool != null ? pool : fallbackChain();
    }

    /**
     * The initialized instance of provider {@code name}, created on first use.
     *
     * @throws ConfigurationException for an unknown name (listing the known ones) or an unusable config
     * @throws AuthenticationException when the provider needs a key and has none
     */
    public LlmProvider provider(String name) {
        LlmProvider p = instances.get(name);
        if (p != null) {
            return p;
        }
        synchronized (instances) {
            p = instances.get(name);
            if (p == null) {
                ProviderConfig pc = configuration.loadProviderConfig(name);
                if (!ConfigurationManager.isConfigured(pc)) {
                    throw new AuthenticationException("No API key configured for provider '" + name + "'", name);
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

    /** Drops cached provider instances (after a configuration change). */
    public void resetProviders() {
        synchronized (instances) {
            instances.values().forEach(LlmManager::quietCleanup);
            instances.clear();
        }
    }

    /** Calls to {@code provider} in flight through this manager now. */
    public int inFlight(String provider) {
        AtomicInteger n = inFlight.get(provider);
        return n == null ? 0 : n.get();
    }

    /** Calls waiting for a free slot (manager-wide limit). */
    public int queued() {
        return limiter.queued();
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
        return new Call(request, provider, null, listener).start();
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
        return new Call(request, provider, handler == null ? StreamHandler.NONE : handler, listener).start();
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
        int n = requests.size();
        BatchResult[] results = new BatchResult[n];
        CompletableFuture<List<BatchResult>> all = new CompletableFuture<>();
        if (n == 0) {
            all.complete(List.of());
            return all;
        }
        new Batch(requests, provider, Math.max(1, Math.min(parallelism, n)), results, all).drain();
        return all;
    }

    /**
     * The state of one {@link #batchChat}: free slots are filled by {@link #drain()} in a loop (never by
     * recursion, so a batch of cached answers cannot overflow the stack).
     */
    private final class Batch {
        final List<ChatRequest> requests;
        final String provider;
        final BatchResult[] results;
        final CompletableFuture<List<BatchResult>> all;
        final Map<Integer, CompletableFuture<LlmResponse>> running = new ConcurrentHashMap<>();
        final AtomicInteger slots;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicBoolean draining = new AtomicBoolean();

        Batch(List<ChatRequest> requests, String provider, int parallelism, BatchResult[] results,
              CompletableFuture<List<BatchResult>> all) {
            this.requests = requests;
            this.provider = provider;
            this.results = results;
            this.all = all;
            this.slots = new AtomicInteger(parallelism);
            all.whenComplete((v, e) -> {
                if (all.isCancelled()) {
                    running.values().forEach(f -> f.cancel(true));
                }
            });
        }

        void drain() {
            while (slots.get() > 0 && next.get() < requests.size()) {
                if (!draining.compareAndSet(false, true)) {
                    return; // the thread draining now will see the free slot
                }
                try {
                    while (slots.get() > 0 && next.get() < requests.size()) {
                        slots.decrementAndGet();
                        start(next.getAndIncrement());
                    }
                } finally {
                    draining.set(false);
                }
            }
        }

        private void start(int i) {
            if (all.isDone()) {
                finish(i, new BatchResult(i, null, new LlmException("the batch was cancelled", provider)));
                return;
            }
            CompletableFuture<LlmResponse> f = chat(requests.get(i).withTag("batch_index", String.valueOf(i)),
                    provider);
            running.put(i, f);
            f.whenComplete((r, e) -> {
                running.remove(i);
                finish(i, e == null ? new BatchResult(i, r, null) : new BatchResult(i, null, unwrap(e)));
            });
        }

        private void finish(int i, BatchResult r) {
            results[i] = r;
            if (done.incrementAndGet() == requests.size()) {
                all.complete(List.of(results));
                return;
            }
            slots.incrementAndGet();
            drain();
        }
    }

    /** Checks every configured provider now, concurrently; never throws. */
    public Map<String, HealthStatus> healthCheckAll() {
        return health.checkAll().join();
    }

    // ------------------------------------------------------------------ choosing the providers of a call

    /** The providers to try, in order: the chosen one (or the balanced pick), then the fallbacks, no repeats. */
    List<String> candidates(String provider) {
        List<String> out = new ArrayList<>();
        String first = provider != null ? provider : configuration.defaultProvider();
        LoadBalancer lb = balancer;
        List<String> pool = loadBalancingPool();
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
            String pick = lb.pick(available, this::weightOf, this::inFlight);
            out.add(pick);
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

    private AsyncLimiter providerLimiter(String name) {
        ProviderConfig pc = configuration.config().provider(name);
        String max = pc == null ? null : pc.option("max_concurrent_requests");
        if (max == null) {
            return null;
        }
        return providerLimiters.computeIfAbsent(name, n -> new AsyncLimiter((int) Double.parseDouble(max)));
    }

    /** The wait before retry number {@code retry} (0-based): exponential with jitter, Retry-After when longer. */
    long backoffMillis(int retry, Duration retryAfter) {
        SpoonConfig cfg = configuration.config();
        double base = cfg.retryDelayMs() * Math.pow(2, Math.min(retry, 30));
        double jitter = 0.5 + 0.5 * (random != null ? random.nextDouble() : ThreadLocalRandom.current().nextDouble());
        long wait = (long) Math.min(base * jitter, cfg.retryMaxWaitSeconds() * 1000.0);
        if (retryAfter != null) {
            wait = Math.max(wait, retryAfter.toMillis());
        }
        return wait;
    }

    static LlmException unwrap(Throwable e) {
        Throwable c = e;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof CancellationException) {
            return new LlmException("the request was cancelled", null);
        }
        return LlmProvider.unwrap(c);
    }

    /** Whether a failure is the provider's or the network's fault (so its health is in doubt). */
    private static boolean serverSide(LlmException e) {
        return e instanceof NetworkException
                || (e instanceof ProviderException && e.status() != null && e.status() >= 500);
    }

    // ------------------------------------------------------------------ one call

    /** The state of one call through the manager: candidates, retries, attempts. */
    private final class Call {
        final String callId = "call_" + CALLS.incrementAndGet();
        final ChatRequest request;
        final String requested;
        final StreamHandler handler;
        final CallListener listener;
        final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        final List<Attempt> attempts = new ArrayList<>();
        final List<LlmException> errors = new ArrayList<>();
        final List<LlmException> skipped = new ArrayList<>();
        final AtomicBoolean delivered = new AtomicBoolean();
        volatile Future<?> current;
        List<String> chain;
        String cacheKey;
        int index;
        int retry;
        int attemptNo;

        Call(ChatRequest request, String provider, StreamHandler handler, CallListener listener) {
            this.request = request;
            this.requested = provider != null ? provider : configuration.defaultProvider();
            this.handler = handler;
            this.listener = listener == null ? CallListener.NONE : listener;
        }

        CompletableFuture<LlmResponse> start() {
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    Future<?> c = current;
                    if (c != null) {
                        c.cancel(true);
                    }
                }
            });
            try {
                chain = candidates(requested);
            } catch (LlmException e) {
                result.completeExceptionally(e);
                return result;
            }
            ResponseCache c = cache;
            if (handler == null && c.enabled()) {
                cacheKey = ResponseCache.key(requested, request.model(), request);
                LlmResponse hit = c.get(cacheKey);
                if (hit != null) {
                    serveFromCache(hit);
                    return result;
                }
            }
            nextCandidate();
            return result;
        }

        private void serveFromCache(LlmResponse hit) {
            long start = System.nanoTime();
            LlmResponse r = hit.withCacheHit(true).withTiming(0, null)
                    .withAttempts(List.of(Attempt.success(hit.provider(), hit.model())));
            if (!context.listeners().isEmpty()) {
                Map<String, String> tags = new LinkedHashMap<>(request.tags());
                tags.put("call_id", callId);
                tags.put("cache_hit", "true");
                Exchange ex = new Exchange(Exchange.newId(), hit.provider(), hit.model(), "CACHE",
                        "cache://" + hit.provider() + "/chat/completions", Map.of(),
                        ResponseCache.canonical(request), false, tags, Instant.now(), start);
                ExchangeListener events = context.listeners().create(ex);
                events.onRequest(ex);
                events.onComplete(ex, new ExchangeResult(200, Map.of(), LlmJson.result(r).toString(), r, null,
                        0, 0, System.nanoTime(), false));
            }
            result.complete(r);
        }

        void nextCandidate() {
            if (result.isDone()) {
                return;
            }
            if (index >= chain.size()) {
                failAll();
                return;
            }
            retry = 0;
            tryProvider(chain.get(index++));
        }

        private void failAll() {
            LlmException last = !errors.isEmpty() ? errors.get(errors.size() - 1)
                    : skipped.get(skipped.size() - 1);
            List<LlmException> others = new ArrayList<>(skipped);
            others.addAll(errors);
            others.remove(last);
            last.withPreviousAttempts(others);
            result.completeExceptionally(last);
        }

        void tryProvider(String name) {
            if (result.isDone()) {
                return;
            }
            LlmProvider p;
            try {
                p = provider(name);
            } catch (LlmException e) {
                attempts.add(Attempt.failure(name, modelFor(name), e));
                skipped.add(e);
                giveUp(name, e);
                return;
            }
            AsyncLimiter pl = providerLimiter(name);
            if (pl == null) {
                acquireManagerSlot(name, p, null);
                return;
            }
            CompletableFuture<Void> first = pl.acquire();
            current = first;
            if (result.isDone()) {
                first.cancel(true);
            }
            first.whenComplete((v, e) -> {
                if (e == null) {
                    acquireManagerSlot(name, p, pl);
                } // else cancelled while queued
            });
        }

        /** Takes a manager-wide slot (after the provider's, when it has a limit), then sends. */
        private void acquireManagerSlot(String name, LlmProvider p, AsyncLimiter pl) {
            CompletableFuture<Void> second = limiter.acquire();
            current = second;
            if (result.isDone()) {
                second.cancel(true);
            }
            second.whenComplete((v, e) -> {
                if (e != null) {
                    if (pl != null) {
                        pl.release();
                    }
                    return;
                }
                Runnable release = () -> {
                    limiter.release();
                    if (pl != null) {
                        pl.release();
                    }
                };
                if (result.isDone()) {
                    release.run();
                    return;
                }
                send(name, p, release);
            });
        }

        private String modelFor(String name) {
            return name.equals(requested) ? request.model() : null;
        }

        private void send(String name, LlmProvider p, Runnable release) {
            attemptNo++;
            ChatRequest.Builder b = request.toBuilder().model(modelFor(name)).tag("call_id", callId)
                    .tag("attempt", String.valueOf(attemptNo)).tag("fallback_index", String.valueOf(index - 1));
            ChatRequest req = b.build();
            AtomicInteger busy = inFlight.computeIfAbsent(name, k -> new AtomicInteger());
            busy.incrementAndGet();
            long start = System.nanoTime();
            CompletableFuture<LlmResponse> f;
            try {
                f = handler == null ? p.chat(req) : p.chatStream(req, chunk -> {
                    if (chunk.hasContent()) {
                        delivered.set(true);
                    }
                    handler.onChunk(chunk);
                });
            } catch (RuntimeException e) {
                busy.decrementAndGet();
                release.run();
                failed(name, req, unwrap(e));
                return;
            }
            current = f;
            if (result.isDone()) {
                f.cancel(true);
            }
            f.whenComplete((r, e) -> {
                busy.decrementAndGet();
                release.run();
                if (e == null) {
                    LoadBalancer lb = balancer;
                    if (lb != null) {
                        lb.recordLatency(name, (System.nanoTime() - start) / 1e6);
                    }
                    attempts.add(Attempt.success(name, r.model()));
                    health.reportSuccess(name, r.durationMs());
                    LlmResponse out = r.withAttempts(attempts);
                    if (cacheKey != null) {
                        cache.put(cacheKey, out);
                    }
                    result.complete(out);
                } else if (!result.isDone()) {
                    failed(name, req, unwrap(e));
                }
            });
        }

        private void failed(String name, ChatRequest req, LlmException e) {
            attempts.add(Attempt.failure(name, req.model(), e));
            if (handler != null && delivered.get()) {
                // output already reached the caller: never restart, end with what was received
                LlmResponse partial = e.partial();
                if (partial != null) {
                    e.withPartial(partial.withAttempts(attempts));
                }
                e.withPreviousAttempts(errors);
                result.completeExceptionally(e);
                return;
            }
            errors.add(e);
            if (balancer != null && serverSide(e)) {
                health.reportFailure(name, e);
            }
            SpoonConfig cfg = configuration.config();
            boolean waitable = e.retryAfter() == null
                    || e.retryAfter().toMillis() <= cfg.retryMaxWaitSeconds() * 1000;
            if (e.retryable() && retry < cfg.retryAttempts() && waitable) {
                long wait = backoffMillis(retry, e.retryAfter());
                retry++;
                try {
                    listener.onRetry(name, retry + 1, cfg.retryAttempts() + 1, Duration.ofMillis(wait), e);
                } catch (RuntimeException ignored) {
                    // a failing listener never changes the call
                }
                Future<?> w = timer.schedule(() -> tryProvider(name), wait, TimeUnit.MILLISECONDS);
                current = w;
                if (result.isDone()) {
                    w.cancel(false);
                }
                return;
            }
            giveUp(name, e);
        }

        /** Moves on from {@code name}, which failed with {@code e}, telling the listener which provider is next. */
        private void giveUp(String name, LlmException e) {
            if (!result.isDone() && index < chain.size()) {
                try {
                    listener.onFallback(name, chain.get(index), e);
                } catch (RuntimeException ignored) {
                    // a failing listener never changes the call
                }
            }
            nextCandidate();
        }
    }

    @Override
    public void close() {
        configuration.removeListener(configListener);
        health.close();
        resetProviders();
        if (ownsTimer) {
            timer.shutdownNow();
        }
    }

    private static void quietCleanup(LlmProvider p) {
        try {
            p.cleanup();
        } catch (RuntimeException ignored) {
            // cleanup failures are not the caller's problem
        }
    }
}
