package dev.spoon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.Usage;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.registry.ProviderRegistry;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small, test-only OpenAI chat-completions client over OkHttp (type {@code loopback}) that behaves like a
 * real transport: it fires exchange events to its context's listeners with redacted headers and URL, maps 401/429/5xx with
 * {@code Retry-After}, parses SSE, and cancels its OkHttp call when its future is cancelled. Used to test
 * the manager, debug log and metrics against MockWebServer until the real OpenAI-compatible provider lands,
 * and by the manager-overhead benchmark. Sends the config's {@code headers} and the key as
 * {@code Authorization: Bearer}.
 */
public final class LoopbackOpenAiProvider implements LlmProvider {
    private static final MediaType JSON = MediaType.get("application/json");
    /** One client for all instances; the dispatcher does not cap concurrent calls per host at 5. */
    public static final OkHttpClient CLIENT = newClient();

    private ProviderConfig config;
    private ProviderContext context;
    private Redactor redactor;
    private String url;

    static OkHttpClient newClient() {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(4096);
        d.setMaxRequestsPerHost(4096);
        return new OkHttpClient.Builder().dispatcher(d).connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .readTimeout(Duration.ofSeconds(30)).build();
    }

    public static void register(ProviderRegistry registry) {
        registry.register("loopback", Set.of(ProviderCapability.CHAT, ProviderCapability.STREAMING),
                "test-only OpenAI-format client", LoopbackOpenAiProvider::new);
    }

    @Override
    public void initialize(ProviderConfig c, ProviderContext ctx) {
        this.config = c;
        this.context = ctx;
        this.redactor = ctx.redactor().with(new Redactor.Secrets().provider(c));
        String base = c.baseUrl();
        int q = base.indexOf('?');
        this.url = q < 0 ? base + "/chat/completions" : base.substring(0, q) + "/chat/completions" + base.substring(q);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    /** The exact request this provider sends (for the benchmark's raw baseline). */
    public Request buildRequest(ChatRequest r, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", r.model() != null ? r.model() : config.model() != null ? config.model() : "test-model");
        body.set("messages", LlmJson.messagesJson(r.messages()));
        if (stream) {
            body.put("stream", true);
        }
        Request.Builder b = new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON));
        if (config.hasApiKey()) {
            b.header("Authorization", "Bearer " + config.apiKey());
        }
        config.headers().forEach(b::header);
        return b.build();
    }

    @Override
    public CompletableFuture<LlmResponse> chat(ChatRequest request) {
        return send(request, null);
    }

    @Override
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, StreamHandler handler) {
        return send(request, handler);
    }

    private CompletableFuture<LlmResponse> send(ChatRequest r, StreamHandler handler) {
        boolean stream = handler != null;
        Request req = buildRequest(r, stream);
        long start = System.nanoTime();
        String model = r.model() != null ? r.model() : config.model();
        String bodyText = bodyOf(req);
        Exchange built = context.listeners().isEmpty() ? null : new Exchange(Exchange.newId(), config.name(), model,
                "POST", redactor.redact(req.url().toString()), redactor.headers(req.headers().toMultimap()), bodyText,
                stream, r.tags(), Instant.now(), start);
        ExchangeListener events = built == null ? ExchangeListener.NONE : context.listeners().create(built);
        Exchange ex = events == ExchangeListener.NONE ? null : built;
        if (ex != null) {
            events.onRequest(ex);
        }
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        Call call = CLIENT.newCall(req);
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                if (ex != null) {
                    events.onComplete(ex, new ExchangeResult(null, Map.of(), null, null, c.isCanceled() ? null
                            : new NetworkException(e.toString(), config.name()), 0, 0, System.nanoTime(),
                            c.isCanceled()));
                }
                future.completeExceptionally(new NetworkException("connection failed: " + e, config.name(), null,
                        null, true, null, e));
            }

            @Override
            public void onResponse(Call c, Response resp) {
                try (resp) {
                    handle(c, resp, ex, events, start, handler, future, model);
                } catch (IOException e) {
                    onFailure(c, e);
                }
            }
        });
        return future;
    }

    private void handle(Call c, Response resp, Exchange ex, ExchangeListener events, long start, StreamHandler handler,
                        CompletableFuture<LlmResponse> future, String model) throws IOException {
        Map<String, List<String>> headers = redactor.headers(resp.headers().toMultimap());
        if (ex != null) {
            events.onResponseHeaders(ex, resp.code(), headers);
        }
        if (!resp.isSuccessful()) {
            String body = resp.body().string();
            LlmException e = error(resp, body);
            if (ex != null) {
                events.onComplete(ex, new ExchangeResult(resp.code(), headers, body, null, e, System.nanoTime(), 0,
                        System.nanoTime(), false));
            }
            future.completeExceptionally(e);
            return;
        }
        long firstByte = 0;
        long firstToken = 0;
        StringBuilder text = new StringBuilder();
        Usage usage = null;
        String body = null;
        if (handler == null) {
            body = resp.body().string();
            firstByte = System.nanoTime();
            JsonNode n = Json.tryParse(body);
            text.append(n.path("choices").path(0).path("message").path("content").asText(""));
            usage = usage(n.path("usage"));
            model = n.path("model").asText(model);
        } else {
            BufferedSource src = resp.body().source();
            String line;
            while ((line = src.readUtf8Line()) != null) {
                long now = System.nanoTime();
                if (firstByte == 0) {
                    firstByte = now;
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (ex != null) {
                    events.onChunk(ex, data, now);
                }
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode n = Json.tryParse(data);
                if (n == null) {
                    continue;
                }
                String delta = n.path("choices").path(0).path("delta").path("content").asText(null);
                if (delta != null && !delta.isEmpty()) {
                    if (firstToken == 0) {
                        firstToken = now;
                    }
                    text.append(delta);
                    handler.onChunk(new ResponseChunk(n.path("id").asText(null), model, delta, null, null, null,
                            null, null, now));
                }
                if (n.has("usage") && n.get("usage").isObject()) {
                    usage = usage(n.get("usage"));
                }
            }
        }
        long end = System.nanoTime();
        LlmResponse r = new LlmResponse("id", config.name(), model, text.toString(), null, FinishReason.STOP, "stop",
                List.of(), usage, (end - start) / 1_000_000, firstToken == 0 ? null : (firstToken - start) / 1_000_000,
                List.of(), false, null, null);
        if (ex != null) {
            events.onComplete(ex, new ExchangeResult(resp.code(), headers, body, r, null, firstByte, firstToken, end,
                    false));
        }
        future.complete(r);
    }

    private static Usage usage(JsonNode u) {
        return u == null || !u.isObject() ? null : new Usage(u.path("prompt_tokens").asInt(),
                u.path("completion_tokens").asInt());
    }

    private LlmException error(Response resp, String body) {
        JsonNode n = Json.tryParse(body);
        String msg = n == null ? body : n.path("error").path("message").asText(body);
        int code = resp.code();
        String ra = resp.header("Retry-After");
        Duration retryAfter = ra == null ? null : Duration.ofSeconds(Long.parseLong(ra.trim()));
        if (code == 401 || code == 403) {
            return new AuthenticationException(msg, config.name(), code, msg);
        }
        if (code == 429) {
            return new RateLimitException(msg, config.name(), code, msg, true, retryAfter, null);
        }
        return new ProviderException(msg, config.name(), code, msg, code >= 500, retryAfter, null);
    }

    private static String bodyOf(Request req) {
        try {
            okio.Buffer b = new okio.Buffer();
            req.body().writeTo(b);
            return b.readUtf8();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public ProviderMetadata metadata() {
        return new ProviderMetadata(config.name(), "1", EnumSet.of(ProviderCapability.CHAT), 128_000, true,
                config.model(), List.of());
    }

    @Override
    public CompletableFuture<HealthStatus> healthCheck() {
        return CompletableFuture.completedFuture(HealthStatus.healthy(config.name(), 0));
    }

    @Override
    public void cleanup() {
    }
}
