package dev.spoon.llm.providers.sim;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.registry.Provider;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The offline simulator: answers without a network, with configurable timing, text, reasoning, tool calls
 * and failures ({@link SimSettings}). It is the embedded default provider and the load generator for
 * benchmarks. The pieces: {@link SimPlanner} decides the answer, {@link SimFaults} the injected failures,
 * {@link SimRun} paces it on a {@link SimClock}, {@link SimWire} shows it to its owner's exchange listeners
 * (debug log, metrics) as an OpenAI-shaped exchange. On the {@link SimClock#system() system clock} all streams
 * share two scheduler threads, so thousands of concurrent streams cost no threads; tests give it a clock they
 * move by hand.
 */
@Provider(name = "sim", description = "Offline simulator: no key, no network, scripted timing and failures",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.REASONING, ProviderCapability.MODEL_LIST,
                ProviderCapability.SYSTEM_MESSAGES, ProviderCapability.VISION})
public final class SimProvider implements LlmProvider {

    private final SimClock clock;
    private final AtomicLong requests = new AtomicLong();
    private ProviderConfig config;
    private ProviderContext context = ProviderContext.none();
    private SimSettings settings;
    private SimPlanner planner;
    private SimFaults faults;

    /** A simulator on real time (what the registry creates). */
    public SimProvider() {
        this(SimClock.system());
    }

    /** A simulator whose delays run on {@code clock} (tests and benchmarks drive their own). */
    public SimProvider(SimClock clock) {
        this.clock = clock;
    }

    @Override
    public void initialize(ProviderConfig cfg, ProviderContext ctx) {
        this.config = cfg;
        this.context = ctx;
        this.settings = SimSettings.from(cfg);
        this.planner = new SimPlanner(settings);
        this.faults = new SimFaults(cfg.name(), settings);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    SimSettings settings() {
        return settings;
    }

    @Override
    public ProviderMetadata metadata() {
        return new ProviderMetadata(config == null ? "sim" : config.name(), "1.0",
                EnumSet.of(ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                        ProviderCapability.TOOLS, ProviderCapability.REASONING, ProviderCapability.MODEL_LIST),
                1_000_000, true, defaultModel(), settings == null ? SimSettings.DEFAULT_MODELS : settings.models());
    }

    private String defaultModel() {
        if (config != null && config.model() != null) {
            return config.model();
        }
        return settings == null ? "sim-1" : settings.models().get(0).equals("*") ? "sim-1" : settings.models().get(0);
    }

    /** {@inheritDoc} The simulator records its requests in OpenAI's chat completions format. */
    @Override
    public java.util.Optional<dev.spoon.llm.WireFormat> wireFormat() {
        return dev.spoon.llm.WireFormat.named("openai-chat");
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        return CompletableFuture.completedFuture(settings.models());
    }

    @Override
    public CompletableFuture<LlmResponse> chat(ChatRequest request) {
        return run(request, null);
    }

    @Override
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, StreamHandler handler) {
        return run(request, handler == null ? StreamHandler.NONE : handler);
    }

    /**
     * The request this simulator logs for {@code request} (an OpenAI Chat Completions body at
     * {@code sim://NAME/chat/completions}), not run: what "View code" shows.
     */
    public HttpTransport.Call preview(ChatRequest request, boolean stream) {
        if (config == null) {
            throw new IllegalStateException("simulator not initialized");
        }
        String model = request.model() != null ? request.model() : defaultModel();
        Exchange ex = SimWire.exchange(config.name(), model, request, stream, 0);
        return new HttpTransport.Call(ex.method(), ex.endpoint(), java.util.Map.of("Content-Type", "application/json"),
                ex.requestBody(), model, stream, request.tags(), request.timeout());
    }

    @Override
    public void cleanup() {
        // the clock's scheduler is shared (or the test's); nothing per instance
    }

    private CompletableFuture<LlmResponse> run(ChatRequest request, StreamHandler handler) {
        if (config == null) {
            throw new IllegalStateException("simulator not initialized");
        }
        long start = clock.nanoTime();
        long n = requests.incrementAndGet();
        String model = request.model() != null ? request.model() : defaultModel();
        String id = "sim-" + Long.toHexString(settings.seed()) + "-" + n;
        Exchange ex = context.listeners().isEmpty() ? null : SimWire.exchange(config.name(), model, request,
                handler != null, start);
        ExchangeListener events = ex == null ? ExchangeListener.NONE : context.listeners().create(ex);
        if (events == ExchangeListener.NONE) {
            ex = null;
        } else {
            events.onRequest(ex);
        }
        if (!settings.acceptsModel(model)) {
            CompletableFuture<LlmResponse> failed = new CompletableFuture<>();
            CompletableFuture<LlmResponse> result = recordedFirst(failed, ex, events, () -> 0L, () -> 0L);
            failed.completeExceptionally(faults.unknownModel(model));
            return result;
        }
        LlmException failure = faults.next();
        SimRun r = new SimRun(config.name(), settings, clock, faults, handler, planner.plan(request, model, n), model,
                id, start, failure, ex, events);
        CompletableFuture<LlmResponse> result = recordedFirst(r.future, ex, events, () -> r.firstByteNanos,
                () -> r.firstTokenNanos);
        r.start();
        return result;
    }

    /**
     * The future the caller gets: it completes only after the exchange of {@code run} (completed by the
     * simulation) is reported to the exchange listeners, so the debug log holds a call's record by the time the
     * caller sees its result, as with HTTP providers. Cancelling it cancels the simulation.
     */
    private CompletableFuture<LlmResponse> recordedFirst(CompletableFuture<LlmResponse> run, Exchange ex,
                                                         ExchangeListener events, LongSupplier firstByte,
                                                         LongSupplier firstToken) {
        if (ex == null) {
            return run;
        }
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        run.whenComplete((v, e) -> {
            SimWire.complete(ex, events, v, e, firstByte.getAsLong(), firstToken.getAsLong(), clock.nanoTime());
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                run.cancel(true);
            }
        });
        return result;
    }
}
