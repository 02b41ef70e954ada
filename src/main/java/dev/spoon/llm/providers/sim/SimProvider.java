package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Role;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.TokenLimitException;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.Usage;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.registry.Provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offline simulator: answers without a network, with configurable timing, text, reasoning, tool calls
 * and failures ({@link SimSettings}). It is the embedded default provider and the load generator for
 * benchmarks. All streams share two scheduler threads, so thousands of concurrent streams cost no threads.
 */
@Provider(name = "sim", description = "Offline simulator: no key, no network, scripted timing and failures",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.REASONING, ProviderCapability.MODEL_LIST,
                ProviderCapability.SYSTEM_MESSAGES, ProviderCapability.VISION})
public final class SimProvider implements LlmProvider {

    private static final ScheduledExecutorService SCHEDULER = newScheduler();
    private static final String LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"
            + " incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation"
            + " ullamco laboris nisi ut aliquip ex ea commodo consequat duis aute irure dolor in reprehenderit in"
            + " voluptate velit esse cillum dolore eu fugiat nulla pariatur excepteur sint occaecat cupidatat non"
            + " proident sunt in culpa qui officia deserunt mollit anim id est laborum";

    private ProviderConfig config;
    private ProviderContext context = ProviderContext.none();
    private SimSettings settings;
    private Random random;
    private final AtomicLong requests = new AtomicLong();

    private static ScheduledExecutorService newScheduler() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "spoon-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    @Override
    public void initialize(ProviderConfig cfg, ProviderContext ctx) {
        this.config = cfg;
        this.context = ctx;
        this.settings = SimSettings.from(cfg);
        this.random = new Random(settings.seed());
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

    @Override
    public HealthStatus healthCheck() {
        long start = System.nanoTime();
        try {
            LlmProvider.await(chat(ChatRequest.builder().message(Message.user("ping")).maxTokens(1).build()));
            return HealthStatus.healthy(config.name(), (System.nanoTime() - start) / 1_000_000);
        } catch (LlmException e) {
            return HealthStatus.unhealthy(config.name(), (System.nanoTime() - start) / 1_000_000, e);
        }
    }

    @Override
    public void cleanup() {
        // the scheduler is shared and daemon; nothing per instance
    }

    // ------------------------------------------------------------------ the simulation

    private CompletableFuture<LlmResponse> run(ChatRequest request, StreamHandler handler) {
        if (config == null) {
            throw new IllegalStateException("simulator not initialized");
        }
        long start = System.nanoTime();
        long n = requests.incrementAndGet();
        String model = request.model() != null ? request.model() : defaultModel();
        String id = "sim-" + Long.toHexString(settings.seed()) + "-" + n;
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        Exchange ex = context.listeners().isEmpty() ? null : SimWire.exchange(config.name(), model, request,
                handler != null, start);
        ExchangeListener events = ex == null ? ExchangeListener.NONE : context.listeners().create(ex);
        if (events == ExchangeListener.NONE) {
            ex = null;
        } else {
            events.onRequest(ex);
        }
        if (!settings.acceptsModel(model)) {
            CompletableFuture<LlmResponse> result = recordedFirst(future, ex, events, () -> 0L, () -> 0L);
            future.completeExceptionally(new ModelNotFoundException("The model '" + model + "' does not exist. "
                    + "Simulator models: " + String.join(", ", settings.models()), config.name(), 404,
                    "The model '" + model + "' does not exist"));
            return result;
        }
        boolean fail;
        synchronized (this) {
            fail = settings.failType() != null && random.nextDouble() < settings.failRate();
        }
        Plan plan = plan(request, model, n);
        Run r = new Run(request, handler, plan, model, id, start, future, fail ? failure(settings.failType()) : null,
                ex, events);
        CompletableFuture<LlmResponse> result = recordedFirst(future, ex, events, () -> r.firstByteNanos,
                () -> r.firstTokenNanos);
        long firstDelayNanos = TimeUnit.MILLISECONDS.toNanos(settings.ttftMs());
        if (handler == null) {
            // non-streamed: the whole answer arrives after ttft + generation time
            double rate = settings.tokensPerSecond();
            long gen = rate <= 0 ? 0 : (long) (plan.tokenCount() / rate * 1e9);
            ScheduledFuture<?> sf = SCHEDULER.schedule(r::finishAtOnce, firstDelayNanos + gen, TimeUnit.NANOSECONDS);
            future.whenComplete((v, e) -> sf.cancel(false));
        } else {
            long periodNanos = settings.tokensPerSecond() <= 0 ? TimeUnit.MILLISECONDS.toNanos(1)
                    : Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(TimeUnit.MILLISECONDS.toNanos(50),
                    (long) (1e9 / settings.tokensPerSecond() * settings.chunkTokens())));
            ScheduledFuture<?> sf = SCHEDULER.scheduleAtFixedRate(r::tick, firstDelayNanos, periodNanos,
                    TimeUnit.NANOSECONDS);
            r.schedule = sf;
            future.whenComplete((v, e) -> sf.cancel(false));
        }
        return result;
    }

    /**
     * The future the caller gets: it completes only after the exchange of {@code run} (completed by the
     * simulation) is reported to the exchange listeners, so the debug log holds a call's record by the time the
     * caller sees its result, as with HTTP providers. Cancelling it cancels the simulation.
     */
    private static CompletableFuture<LlmResponse> recordedFirst(CompletableFuture<LlmResponse> run, Exchange ex,
                                                                ExchangeListener events,
                                                                java.util.function.LongSupplier firstByte,
                                                                java.util.function.LongSupplier firstToken) {
        if (ex == null) {
            return run;
        }
        CompletableFuture<LlmResponse> result = new CompletableFuture<>();
        run.whenComplete((v, e) -> {
            SimWire.complete(ex, events, v, e, firstByte.getAsLong(), firstToken.getAsLong());
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

    private LlmException failure(String type) {
        String p = config.name();
        Duration retryAfter = settings.retryAfterSeconds() == null ? null
                : Duration.ofMillis((long) (settings.retryAfterSeconds() * 1000));
        return switch (type) {
            case "rate_limit" -> new RateLimitException("Rate limit reached (simulated)", p, 429,
                    "Rate limit reached (simulated)", true, retryAfter, null);
            case "auth" -> new AuthenticationException("Incorrect API key provided (simulated)", p, 401,
                    "Incorrect API key provided (simulated)");
            case "overloaded" -> new ProviderException("Overloaded (simulated)", p, 529, "Overloaded (simulated)",
                    true, retryAfter, null);
            case "network" -> new NetworkException("Connection reset (simulated)", p, null, null, true, null, null);
            case "token_limit" -> new TokenLimitException("This model's maximum context length is 8192 tokens"
                    + " (simulated)", p, 400, "This model's maximum context length is 8192 tokens (simulated)");
            case "model_not_found" -> new ModelNotFoundException("The model does not exist (simulated)", p, 404,
                    "The model does not exist (simulated)");
            case "bad_request" -> new ProviderException("Invalid request (simulated)", p, 400,
                    "Invalid request (simulated)", false, null, null);
            default -> new ProviderException("Internal server error (simulated)", p, 500,
                    "Internal server error (simulated)", true, retryAfter, null);
        };
    }

    /** What one request will produce. */
    record Plan(List<String> reasoningTokens, List<String> contentTokens, List<ToolCall> toolCalls, int promptTokens) {
        int tokenCount() {
            return reasoningTokens.size() + contentTokens.size() + toolCalls.size();
        }
    }

    Plan plan(ChatRequest request, String model, long requestNo) {
        List<Message> msgs = request.messages();
        Message last = msgs.isEmpty() ? Message.user("") : msgs.get(msgs.size() - 1);
        String lastUser = "";
        for (int i = msgs.size() - 1; i >= 0; i--) {
            if (msgs.get(i).role() == Role.USER) {
                lastUser = msgs.get(i).text();
                break;
            }
        }
        int prompt = 0;
        for (Message m : msgs) {
            prompt += 3 + (m.text().length() + 3) / 4;
        }
        List<ToolCall> calls = new ArrayList<>();
        String content;
        String reasoning = settings.reasoning();
        if (reasoning == null && model.contains("reason")) {
            reasoning = "";
        }
        boolean toolsOffered = !request.tools().isEmpty() && (request.toolChoice() == null
                || request.toolChoice().mode() != ToolChoice.Mode.NONE);
        if (last.role() == Role.TOOL) {
            StringBuilder sb = new StringBuilder();
            for (int i = msgs.size() - 1; i >= 0 && msgs.get(i).role() == Role.TOOL; i--) {
                Message t = msgs.get(i);
                String name = t.name() != null ? t.name() : toolNameFor(msgs, t.toolCallId());
                sb.insert(0, "The " + name + " tool returned: " + t.text() + "\n");
            }
            content = "Based on the tool results:\n" + sb.toString().trim();
        } else if (toolsOffered && last.role() == Role.USER) {
            calls.addAll(toolCallsFor(request, lastUser, requestNo));
            content = "";
        } else {
            content = answerText(msgs, lastUser, requestNo);
        }
        if (request.maxTokens() != null) {
            List<String> t = tokenize(content);
            if (t.size() > request.maxTokens()) {
                content = String.join("", t.subList(0, request.maxTokens()));
            }
        }
        if (reasoning != null && reasoning.isEmpty()) {
            reasoning = "The user wrote \"" + abbreviate(lastUser, 80) + "\". I should answer briefly and clearly.";
        }
        return new Plan(reasoning == null ? List.of() : tokenize(reasoning), tokenize(content), calls, prompt);
    }

    private String answerText(List<Message> msgs, String lastUser, long requestNo) {
        return switch (settings.mode()) {
            case "fixed" -> settings.answer();
            case "lorem" -> lorem(settings.answerTokens(), settings.seed() ^ lastUser.hashCode());
            case "script" -> {
                long assistantTurns = msgs.stream().filter(m -> m.role() == Role.ASSISTANT).count();
                List<JsonNode> script = settings.script();
                if (script.isEmpty()) {
                    yield "";
                }
                JsonNode turn = script.get((int) Math.min(assistantTurns, script.size() - 1));
                yield turn.isTextual() ? turn.asText() : turn.path("content").asText("");
            }
            default -> "You said: " + lastUser;
        };
    }

    private List<ToolCall> toolCallsFor(ChatRequest request, String lastUser, long requestNo) {
        List<ToolCall> out = new ArrayList<>();
        List<String> offered = request.tools().stream().map(Tool::name).toList();
        ToolChoice choice = request.toolChoice();
        int i = 0;
        for (SimSettings.ScriptedCall c : settings.toolCalls()) {
            if (offered.contains(c.name()) && (choice == null || choice.mode() != ToolChoice.Mode.NAMED
                    || choice.toolName().equals(c.name()))) {
                out.add(new ToolCall("call_sim_" + requestNo + "_" + i++, c.name(), c.arguments()));
            }
        }
        if (out.isEmpty()) {
            Tool tool = request.tools().get(0);
            if (choice != null && choice.mode() == ToolChoice.Mode.NAMED) {
                tool = request.tools().stream().filter(t -> t.name().equals(choice.toolName())).findFirst()
                        .orElse(tool);
            }
            out.add(new ToolCall("call_sim_" + requestNo + "_0", tool.name(), argumentsFor(tool, lastUser)));
        }
        return out;
    }

    /** Arguments that satisfy the tool's schema: required properties filled from the user's words. */
    static String argumentsFor(Tool tool, String userText) {
        var args = dev.spoon.llm.json.Json.MAPPER.createObjectNode();
        JsonNode schema = tool.parameters();
        if (schema == null) {
            return "{}";
        }
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(r -> names.add(r.asText()));
        if (names.isEmpty() && props.size() > 0) {
            names.add(props.fieldNames().next());
        }
        String word = lastCapitalized(userText);
        for (String name : names) {
            JsonNode p = props.path(name);
            String type = p.path("type").asText("string");
            if (p.has("enum") && p.get("enum").size() > 0) {
                args.set(name, p.get("enum").get(0));
                continue;
            }
            switch (type) {
                case "number", "integer" -> args.put(name, 2);
                case "boolean" -> args.put(name, true);
                case "array" -> args.putArray(name);
                case "object" -> args.putObject(name);
                default -> args.put(name, word);
            }
        }
        return args.toString();
    }

    private static String lastCapitalized(String text) {
        String[] words = text.replaceAll("[^\\p{L}\\p{N}\\s-]", " ").trim().split("\\s+");
        for (int i = words.length - 1; i > 0; i--) {
            if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
                return words[i];
            }
        }
        return abbreviate(text.trim(), 60);
    }

    private static String toolNameFor(List<Message> msgs, String callId) {
        for (Message m : msgs) {
            for (ToolCall c : m.toolCalls()) {
                if (c.id() != null && c.id().equals(callId)) {
                    return c.name();
                }
            }
        }
        return "tool";
    }

    static String lorem(int tokens, long seed) {
        Random r = new Random(seed);
        String[] words = LOREM.split(" ");
        StringBuilder sb = new StringBuilder();
        boolean capital = true;
        for (int i = 0; i < tokens; i++) {
            String w = words[r.nextInt(words.length)];
            sb.append(capital ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            capital = false;
            if (i == tokens - 1) {
                sb.append('.');
            } else if (r.nextInt(12) == 0) {
                sb.append(". ");
                capital = true;
            } else {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /** Splits text into word tokens with their trailing whitespace; the tokens concatenate back to the text. */
    static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int len = text.length();
        while (i < len) {
            int j = i;
            while (j < len && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            while (j < len && !Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            while (j < len && text.charAt(j) == ' ') {
                j++;
            }
            out.add(text.substring(i, j));
            i = j;
        }
        return out;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** One request in flight. Runs on the scheduler; {@link #tick} is never concurrent with itself. */
    private final class Run {
        final ChatRequest request;
        final StreamHandler handler;
        final Plan plan;
        final String model;
        final String id;
        final long start;
        final CompletableFuture<LlmResponse> future;
        final LlmException failure;
        final Exchange exchange;
        final ExchangeListener events;
        volatile ScheduledFuture<?> schedule;
        volatile long firstTokenNanos;
        volatile long firstByteNanos;
        int emitted;
        final StringBuilder content = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();

        Run(ChatRequest request, StreamHandler handler, Plan plan, String model, String id, long start,
            CompletableFuture<LlmResponse> future, LlmException failure, Exchange exchange, ExchangeListener events) {
            this.exchange = exchange;
            this.events = events;
            this.request = request;
            this.handler = handler;
            this.plan = plan;
            this.model = model;
            this.id = id;
            this.start = start;
            this.future = future;
            this.failure = failure;
        }

        void finishAtOnce() {
            if (future.isDone()) {
                return;
            }
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            long now = System.nanoTime();
            firstByteNanos = now;
            if (exchange != null) {
                events.onResponseHeaders(exchange, 200, SimWire.JSON_HEADERS);
            }
            future.complete(response(String.join("", plan.contentTokens()), String.join("", plan.reasoningTokens()),
                    plan.contentTokens().size() + plan.reasoningTokens().size(), now, null));
        }

        void tick() {
            if (future.isDone()) {
                cancelSchedule();
                return;
            }
            try {
                if (failure != null) {
                    future.completeExceptionally(failure);
                    return;
                }
                long now = System.nanoTime();
                if (firstTokenNanos == 0) {
                    firstTokenNanos = now;
                    firstByteNanos = now;
                    if (exchange != null) {
                        events.onResponseHeaders(exchange, 200, SimWire.SSE_HEADERS);
                    }
                }
                int total = plan.tokenCount();
                double rate = settings.tokensPerSecond();
                long allowed = rate <= 0 ? total
                        : Math.min(total, 1 + (long) ((now - firstTokenNanos) / 1e9 * rate));
                int chunk = settings.chunkTokens();
                while (emitted < allowed && !future.isDone()) {
                    int upto = (int) Math.min(allowed, emitted + chunk);
                    emit(emitted, upto);
                    emitted = upto;
                    int cut = settings.disconnectAfter();
                    if (cut > 0 && emitted >= cut && emitted < total) {
                        LlmException e = new NetworkException("stream disconnected after " + emitted
                                + " tokens (simulated)", config.name(), null, null, true, null, null);
                        e.withPartial(response(content.toString(), reasoning.length() == 0 ? null
                                : reasoning.toString(), emitted, System.nanoTime(), e));
                        future.completeExceptionally(e);
                        return;
                    }
                }
                if (emitted >= total) {
                    long end = System.nanoTime();
                    Usage usage = usage(emitted);
                    FinishReason fr = plan.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
                    handler.onChunk(new ResponseChunk(id, model, null, null, null, usage, fr, fr.wireName(), end));
                    if (exchange != null) {
                        events.onChunk(exchange, SimWire.chunk(id, model, null, null, null, fr.wireName(), usage), end);
                        events.onChunk(exchange, "[DONE]", end);
                    }
                    future.complete(response(content.toString(), reasoning.length() == 0 ? null
                            : reasoning.toString(), emitted, end, null));
                }
            } catch (RuntimeException e) {
                future.completeExceptionally(new ProviderException("simulator stream handler failed: " + e,
                        config.name(), null, null, false, null, e));
            } finally {
                if (future.isDone()) {
                    cancelSchedule();
                }
            }
        }

        private void cancelSchedule() {
            ScheduledFuture<?> s = schedule;
            if (s != null) {
                s.cancel(false);
            }
        }

        private void emit(int from, int to) {
            int nr = plan.reasoningTokens().size();
            int nc = plan.contentTokens().size();
            StringBuilder r = null;
            StringBuilder c = null;
            List<ToolCallDelta> deltas = null;
            for (int i = from; i < to; i++) {
                if (i < nr) {
                    (r == null ? r = new StringBuilder() : r).append(plan.reasoningTokens().get(i));
                } else if (i < nr + nc) {
                    (c == null ? c = new StringBuilder() : c).append(plan.contentTokens().get(i - nr));
                } else {
                    int k = i - nr - nc;
                    ToolCall call = plan.toolCalls().get(k);
                    if (deltas == null) {
                        deltas = new ArrayList<>();
                    }
                    deltas.add(new ToolCallDelta(k, call.id(), call.name(), call.arguments()));
                }
            }
            if (r != null) {
                reasoning.append(r);
            }
            if (c != null) {
                content.append(c);
            }
            long now = System.nanoTime();
            String cs = c == null ? null : c.toString();
            String rs = r == null ? null : r.toString();
            if (exchange != null) {
                events.onChunk(exchange, SimWire.chunk(id, model, cs, rs, deltas, null, null), now);
            }
            handler.onChunk(new ResponseChunk(id, model, cs, rs, deltas, null, null, null, now));
        }

        private Usage usage(int completion) {
            return settings.usage() ? new Usage(plan.promptTokens(), completion) : null;
        }

        LlmResponse response(String text, String reasoningText, int completion, long end, LlmException error) {
            boolean streamed = handler != null;
            Long ttft = streamed && firstTokenNanos != 0 ? (firstTokenNanos - start) / 1_000_000 : null;
            List<ToolCall> calls = error == null ? plan.toolCalls() : List.of();
            FinishReason fr = error != null ? FinishReason.ERROR
                    : calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            String nativeFr = error != null ? "error" : fr.wireName();
            return new LlmResponse(id, config.name(), model, text, reasoningText == null || reasoningText.isEmpty()
                    ? null : reasoningText, fr, nativeFr, calls, usage(completion), (end - start) / 1_000_000, ttft,
                    List.of(), false, error, null);
        }
    }
}
