package dev.spoon.llm.manager;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.Usage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A test-only provider type ({@code type = "scripted"}) that plays a script of outcomes per instance name,
 * records every request it saw, and counts cancellations. Registered at run time in a test's own registry.
 */
class ScriptedProvider implements LlmProvider {

    /** One scripted outcome. */
    interface Step {
        CompletableFuture<LlmResponse> run(String provider, ChatRequest request, StreamHandler handler);
    }

    /** Shared state of one test: scripts and what each instance saw. */
    static final class Scripts {
        final Map<String, Deque<Step>> steps = new ConcurrentHashMap<>();
        final Map<String, List<ChatRequest>> seen = new ConcurrentHashMap<>();
        final Map<String, List<CompletableFuture<LlmResponse>>> calls = new ConcurrentHashMap<>();
        volatile boolean healthy = true;
        volatile boolean hangHealth;
        final List<CompletableFuture<HealthStatus>> healthChecks = new java.util.concurrent.CopyOnWriteArrayList<>();

        void script(String provider, Step... s) {
            steps.computeIfAbsent(provider, k -> new ArrayDeque<>()).addAll(List.of(s));
        }

        List<ChatRequest> seen(String provider) {
            return seen.getOrDefault(provider, List.of());
        }

        List<CompletableFuture<LlmResponse>> calls(String provider) {
            return calls.getOrDefault(provider, List.of());
        }
    }

    private final Scripts scripts;
    private ProviderConfig config;

    ScriptedProvider(Scripts scripts) {
        this.scripts = scripts;
    }

    static void register(dev.spoon.llm.registry.ProviderRegistry registry, Scripts scripts) {
        registry.register("scripted", Set.of(), "test script", () -> new ScriptedProvider(scripts));
    }

    @Override
    public void initialize(ProviderConfig c, dev.spoon.llm.ProviderContext context) {
        this.config = c;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    private CompletableFuture<LlmResponse> next(ChatRequest request, StreamHandler handler) {
        String name = config.name();
        scripts.seen.computeIfAbsent(name, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(request);
        Step s;
        synchronized (scripts) {
            Deque<Step> d = scripts.steps.get(name);
            s = d == null || d.isEmpty() ? ok("default answer of " + name) : d.size() == 1 ? d.peek() : d.poll();
        }
        CompletableFuture<LlmResponse> f = s.run(name, request, handler);
        scripts.calls.computeIfAbsent(name, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(f);
        return f;
    }

    @Override
    public CompletableFuture<LlmResponse> chat(ChatRequest request) {
        return next(request, null);
    }

    @Override
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, StreamHandler handler) {
        return next(request, handler);
    }

    @Override
    public ProviderMetadata metadata() {
        return new ProviderMetadata(config.name(), "1", java.util.EnumSet.noneOf(
                dev.spoon.llm.ProviderCapability.class), 1000, false, "m", List.of("m"));
    }

    @Override
    public CompletableFuture<HealthStatus> healthCheck() {
        CompletableFuture<HealthStatus> f = scripts.hangHealth ? new CompletableFuture<>()
                : CompletableFuture.completedFuture(scripts.healthy ? HealthStatus.healthy(config.name(), 1)
                : HealthStatus.unhealthy(config.name(), 1, new dev.spoon.llm.NetworkException("down", config.name())));
        scripts.healthChecks.add(f);
        return f;
    }

    /** The interface's own health check (a one-token chat), for subclasses that want it. */
    final CompletableFuture<HealthStatus> defaultHealthCheck() {
        return LlmProvider.super.healthCheck();
    }

    @Override
    public void cleanup() {
    }

    // ------------------------------------------------------------------ steps

    static LlmResponse response(String provider, String model, String text) {
        return new LlmResponse("id-" + provider, provider, model == null ? "default-model" : model, text, null,
                FinishReason.STOP, "stop", List.of(), new Usage(3, 2), 1, null, List.of(), false, null, null);
    }

    static Step ok(String text) {
        return (p, r, h) -> {
            if (h != null) {
                h.onChunk(ResponseChunk.text(text));
            }
            return CompletableFuture.completedFuture(response(p, r.model(), text));
        };
    }

    static Step fail(Supplier<LlmException> e) {
        return (p, r, h) -> CompletableFuture.failedFuture(e.get());
    }

    /** Streams {@code tokens}, then fails with {@code e} carrying the partial answer. */
    static Step streamThenFail(Supplier<LlmException> e, String... tokens) {
        return (p, r, h) -> {
            StringBuilder sb = new StringBuilder();
            for (String t : tokens) {
                h.onChunk(ResponseChunk.text(t));
                sb.append(t);
            }
            LlmException ex = e.get();
            LlmResponse partial = new LlmResponse("id", p, "m", sb.toString(), null, FinishReason.ERROR, "error",
                    List.of(), null, 1, 1L, List.of(), false, ex, null);
            ex.withPartial(partial);
            return CompletableFuture.failedFuture(ex);
        };
    }

    /** Never completes on its own (until cancelled). */
    static Step hang() {
        return (p, r, h) -> new CompletableFuture<>();
    }
}
