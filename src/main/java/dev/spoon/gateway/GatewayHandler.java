package dev.spoon.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The gateway's routes ({@code POST /v1/chat/completions}, {@code POST /v1/responses}, {@code POST /v1/messages},
 * {@code GET /v1/models}, {@code GET /healthz}), its token check and its request checks (size, JSON, the format's own rules), each
 * refusal in the client's format. A valid chat request becomes a {@link GatewayCall}. Never blocks a server
 * thread: the body is read and the answer written asynchronously.
 */
final class GatewayHandler extends Handler.Abstract.NonBlocking {
    private static final ClientFormat OPENAI = new ClientFormat.OpenAi();
    private static final ClientFormat RESPONSES = new ClientFormat.OpenAiResponses();
    private static final ClientFormat ANTHROPIC = new ClientFormat.Anthropic();
    private static final LlmException REFUSED = new LlmException("refused by the gateway", null);

    private final GatewayContext context;
    private final byte[] token;
    private final int maxRequestBytes;
    private final int maxRequestMb;

    GatewayHandler(GatewayContext context, String token, int maxRequestMb) {
        this.context = context;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.maxRequestMb = maxRequestMb;
        this.maxRequestBytes = (int) Math.min(Integer.MAX_VALUE - 16L, maxRequestMb * 1024L * 1024L);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        ClientFormat format = path.startsWith("/v1/messages") ? ANTHROPIC : path.equals("/v1/responses") ? RESPONSES
                : OPENAI;
        if (path.equals("/healthz")) {
            Responses.json(response, callback, 200, "{\"status\":\"ok\"}");
            return true;
        }
        if (!authorized(request)) {
            refuse(request, response, callback, format, 401, "missing or wrong gateway token: send it as "
                    + "'Authorization: Bearer TOKEN' or 'x-api-key: TOKEN'", null);
            return true;
        }
        switch (path) {
            case "/v1/chat/completions", "/v1/responses", "/v1/messages" -> {
                if (!method.equals("POST")) {
                    refuse(request, response, callback, format, 405, path + " takes POST", null);
                } else {
                    readChat(request, response, callback, format);
                }
            }
            case "/v1/models" -> {
                if (!method.equals("GET")) {
                    refuse(request, response, callback, format, 405, path + " takes GET", null);
                } else {
                    ModelListing.list(context.manager(), context.configuration()).whenComplete((body, e) -> {
                        if (e == null) {
                            Responses.json(response, callback, 200, body);
                        } else {
                            refuse(request, response, callback, format, 500, "cannot list models: " + e.getMessage(),
                                    null);
                        }
                    });
                }
            }
            default -> refuse(request, response, callback, format, 404, "no route " + method + " " + path
                    + " (the gateway serves POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, "
                    + "GET /v1/models, "
                    + "GET /healthz)", null);
        }
        return true;
    }

    private boolean authorized(Request request) {
        if (token == null) {
            return true;
        }
        String presented = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (presented != null && presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = presented.substring(7).trim();
        } else {
            presented = request.getHeaders().get("x-api-key");
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private void readChat(Request request, Response response, Callback callback, ClientFormat format) {
        if (request.getLength() > maxRequestBytes) {
            tooLarge(request, response, callback, format);
            return;
        }
        Content.Source.asByteArrayAsync(request, maxRequestBytes, Promise.Invocable.from(
                Invocable.InvocationType.BLOCKING, (bytes, e) -> {
                    if (e != null) {
                        if (isTooLarge(e)) {
                            tooLarge(request, response, callback, format);
                        } else {
                            refuse(request, response, callback, format, 400, "cannot read the request body: "
                                    + e.getMessage(), null);
                        }
                        return;
                    }
                    chat(request, response, callback, format, bytes);
                }));
    }

    private void chat(Request request, Response response, Callback callback, ClientFormat format, byte[] bytes) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            refuse(request, response, callback, format, 400, "malformed JSON in the request body: "
                    + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), bytes);
            return;
        } catch (java.io.IOException e) {
            refuse(request, response, callback, format, 400, "cannot read the request body: " + e.getMessage(),
                    bytes);
            return;
        }
        ChatRequest parsed;
        try {
            parsed = format.parse(body);
        } catch (IllegalArgumentException e) {
            refuse(request, response, callback, format, 400, e.getMessage(), bytes);
            return;
        }
        SpoonConfig config = context.configuration().config();
        ModelRoute route = ModelRoute.of(parsed.model(), config);
        // another format's extra fields (response_format, top_k…) would be rejected by an upstream of another
        // format: they go only to a provider that speaks the client's format
        ChatRequest base = parsed.extra().isEmpty() || speaksFormat(config, route, format) ? parsed
                : new ChatRequest(parsed.messages(), parsed.model(), parsed.maxTokens(), parsed.temperature(),
                parsed.tools(), parsed.toolChoice(), parsed.timeout(), null, parsed.tags());
        ChatRequest call = context.signatures().restore(base).toBuilder().model(route.model())
                .tag("origin", "gateway")
                .tag(DebugRecord.USER_AGENT_TAG, clientOf(request))
                .tag("gateway_format", format.name())
                .build();
        new GatewayCall(context, format, body, call, route, request, response, callback).start();
    }

    /** Whether the route's provider speaks the client's wire format (so the client's extra fields fit it). */
    private static boolean speaksFormat(SpoonConfig config, ModelRoute route, ClientFormat format) {
        String name = route.provider() != null ? route.provider() : config.defaultProvider();
        ProviderConfig pc = config.provider(name);
        String type = pc == null ? "" : pc.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "sim" -> true;
            case "anthropic" -> format instanceof ClientFormat.Anthropic;
            case "gemini" -> false;
            default -> format instanceof ClientFormat.OpenAi;
        };
    }

    static String clientOf(Request request) {
        String ua = request.getHeaders().get(HttpHeader.USER_AGENT);
        return ua == null || ua.isBlank() ? "unknown" : ua;
    }

    private void tooLarge(Request request, Response response, Callback callback, ClientFormat format) {
        refuse(request, response, callback, format, 413, "the request body is larger than the gateway's limit of "
                + maxRequestMb + " MiB (gateway.max_request_mb)", null);
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof java.nio.BufferOverflowException) {
                return true;
            }
        }
        return false;
    }

    /** Answers a request refused before it reached any provider. */
    private void refuse(Request request, Response response, Callback callback, ClientFormat format, int status,
                        String message, byte[] body) {
        context.stats().refused();
        String answer = format.error(status, REFUSED, message);
        Refusals.record(context.debugLog(), request, format, status, message, body, answer,
                request.getBeginNanoTime());
        Responses.json(response, callback, status, answer);
    }
}
