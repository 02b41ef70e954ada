package dev.spoon.llm.manager;

import dev.spoon.llm.Attempt;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.Tool;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.registry.ProviderRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seed's {@code LLMManager}: the one entry point the CLI and the GUI use to talk to providers. It picks
 * the provider (default, explicit, fallback chain), creates and caches initialized provider instances, and
 * re-creates them when the configuration changes. Thread-safe; every call is asynchronous and cancellable
 * ({@code future.cancel(true)} aborts the request in flight and closes its connection).
 */
public final class LlmManager implements AutoCloseable {

    private final ConfigurationManager configuration;
    private final ProviderRegistry registry;
    private final Map<String, LlmProvider> instances = new ConcurrentHashMap<>();
    private volatile List<String> fallbackChain;

    public LlmManager(ConfigurationManager configuration, ProviderRegistry registry) {
        this.configuration = configuration;
        this.registry = registry;
        configuration.addListener(cfg -> resetProviders());
    }

    public ConfigurationManager configuration() {
        return configuration;
    }

    public ProviderRegistry registry() {
        return registry;
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
     * The initialized instance of provider {@code name}, created on first use.
     *
     * @throws ConfigurationException for an unknown name (listing the known ones) or an unusable config
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
                p = registry.create(pc);
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

    /** Sends a non-streamed chat to {@code provider} (null: the default), falling back along the chain. */
    public CompletableFuture<LlmResponse> chat(ChatRequest request, String provider) {
        return execute(request, provider, null);
    }

    /** Sends a streamed chat; chunks reach {@code handler} on the transport thread. */
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, String provider, StreamHandler handler) {
        return execute(request, provider, handler == null ? StreamHandler.NONE : handler);
    }

    public CompletableFuture<LlmResponse> chatWithTools(ChatRequest request, List<Tool> tools, String provider) {
        return chat(request.withTools(tools), provider);
    }

    /** The providers to try, in order: the chosen one, then the fallback chain without repeats. */
    List<String> candidates(String provider) {
        List<String> out = new ArrayList<>();
        String first = provider != null ? provider : configuration.defaultProvider();
        out.add(first);
        for (String p : fallbackChain()) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private CompletableFuture<LlmResponse> execute(ChatRequest request, String provider, StreamHandler handler) {
        List<String> chain = candidates(provider);
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        AttemptState state = new AttemptState(chain, request, handler, result);
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                state.cancelCurrent();
            }
        });
        state.next();
        return result;
    }

    private final class AttemptState {
        final List<String> chain;
        final ChatRequest request;
        final StreamHandler handler;
        final CompletableFuture<LlmResponse> result;
        final List<Attempt> attempts = new ArrayList<>();
        final List<LlmException> errors = new ArrayList<>();
        final AtomicBoolean delivered = new AtomicBoolean();
        volatile CompletableFuture<LlmResponse> current;
        int index;

        AttemptState(List<String> chain, ChatRequest request, StreamHandler handler,
                     CompletableFuture<LlmResponse> result) {
            this.chain = chain;
            this.request = request;
            this.handler = handler;
            this.result = result;
        }

        void cancelCurrent() {
            CompletableFuture<LlmResponse> c = current;
            if (c != null) {
                c.cancel(true);
            }
        }

        void next() {
            if (result.isDone()) {
                return;
            }
            if (index >= chain.size()) {
                LlmException last = errors.get(errors.size() - 1);
                last.withPreviousAttempts(errors.subList(0, errors.size() - 1));
                result.completeExceptionally(last);
                return;
            }
            String name = chain.get(index++);
            ChatRequest req = index == 1 ? request : request.withModel(null);
            LlmProvider p;
            try {
                p = provider(name);
            } catch (LlmException e) {
                fail(name, req, e);
                return;
            }
            CompletableFuture<LlmResponse> f;
            try {
                f = handler == null ? p.chat(req) : p.chatStream(req, chunk -> {
                    if (chunk.hasContent()) {
                        delivered.set(true);
                    }
                    handler.onChunk(chunk);
                });
            } catch (LlmException e) {
                fail(name, req, e);
                return;
            }
            current = f;
            if (result.isCancelled()) {
                f.cancel(true);
            }
            f.whenComplete((r, e) -> {
                if (e == null) {
                    attempts.add(Attempt.success(name, r.model()));
                    result.complete(r.withAttempts(attempts));
                } else {
                    fail(name, req, LlmProvider.unwrap(e));
                }
            });
        }

        void fail(String name, ChatRequest req, LlmException e) {
            attempts.add(Attempt.failure(name, req.model(), e));
            errors.add(e);
            if (e.partial() != null && delivered.get()) {
                // output already reached the caller: never restart on another provider
                e.withPartial(e.partial().withAttempts(attempts));
                result.completeExceptionally(e);
                return;
            }
            next();
        }
    }

    /** Checks every configured provider; never throws. */
    public Map<String, HealthStatus> healthCheckAll() {
        Map<String, HealthStatus> out = new LinkedHashMap<>();
        SpoonConfig cfg = configuration.config();
        for (ProviderConfig pc : cfg.providers().values()) {
            if (!ConfigurationManager.isConfigured(pc)) {
                continue;
            }
            try {
                out.put(pc.name(), provider(pc.name()).healthCheck());
            } catch (LlmException e) {
                out.put(pc.name(), HealthStatus.unhealthy(pc.name(), 0, e));
            }
        }
        return out;
    }

    @Override
    public void close() {
        resetProviders();
    }

    private static void quietCleanup(LlmProvider p) {
        try {
            p.cleanup();
        } catch (RuntimeException ignored) {
            // cleanup failures are not the caller's problem
        }
    }
}
