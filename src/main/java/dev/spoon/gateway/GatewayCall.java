package dev.spoon.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One chat call from a client, from its parsed request to the last byte of its answer: the call goes through
 * the core's {@link dev.spoon.llm.manager.LlmManager} (fallback, retries, load balancing, cache, limits), and
 * the answer, its stream events or its error are written in the client's {@link ClientFormat}. A streamed
 * answer is committed with its first delta, so a call that fails before any output (including after all its
 * fallbacks) still gets a proper HTTP error status; one that fails midway ends with the format's error event.
 * If the client goes away, the upstream call is cancelled.
 */
final class GatewayCall {
    private final GatewayContext context;
    private final ClientFormat format;
    private final JsonNode body;
    private final ChatRequest request;
    private final ModelRoute route;
    private final Request httpRequest;
    private final Response response;
    private final Callback callback;
    private volatile CompletableFuture<LlmResponse> future;

    GatewayCall(GatewayContext context, ClientFormat format, JsonNode body, ChatRequest request, ModelRoute route,
                Request httpRequest, Response response, Callback callback) {
        this.context = context;
        this.format = format;
        this.body = body;
        this.request = request;
        this.route = route;
        this.httpRequest = httpRequest;
        this.response = response;
        this.callback = callback;
    }

    void start() {
        context.stats().started();
        String id = (format instanceof ClientFormat.Anthropic ? "msg_" : "chatcmpl-")
                + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        httpRequest.addFailureListener(t -> cancel());
        if (format.stream(body)) {
            stream(id, created);
        } else {
            CompletableFuture<LlmResponse> f = context.manager().chat(request, route.provider());
            future = f;
            f.whenComplete((r, e) -> {
                if (e == null) {
                    context.stats().ended(false);
                    context.signatures().remember(r);
                    response.getHeaders().put("x-spoon-provider", r.provider());
                    Responses.json(response, callback, 200, format.answer(r, id, created));
                } else {
                    context.stats().ended(true);
                    fail(LlmProvider.unwrap(e));
                }
            });
        }
    }

    private void stream(String id, long created) {
        ClientFormat.StreamWriter writer = format.streamWriter(body, id, route.model(), created);
        SseOut out = new SseOut(response, callback, this::cancel);
        StringBuilder events = new StringBuilder(256);
        CompletableFuture<LlmResponse> f = context.manager().chatStream(request, route.provider(),
                (ResponseChunk chunk) -> {
                    synchronized (writer) {
                        events.setLength(0);
                        writer.chunk(chunk, events);
                        out.send(events);
                    }
                });
        future = f;
        f.whenComplete((r, e) -> {
            synchronized (writer) {
                events.setLength(0);
                if (e == null) {
                    context.stats().ended(false);
                    context.signatures().remember(r);
                    writer.finish(r, events);
                    out.end(events);
                    return;
                }
                context.stats().ended(true);
                LlmException error = LlmProvider.unwrap(e);
                if (!out.started()) {
                    fail(error);
                    return;
                }
                int status = ErrorStatus.of(error);
                writer.fail(status, error, context.message(error), events);
                out.end(events);
            }
        });
    }

    /** Answers with the error in the client's format and the upstream's status (a 429 keeps its Retry-After). */
    private void fail(LlmException e) {
        int status = ErrorStatus.of(e);
        if (e.retryAfter() != null) {
            long ms = e.retryAfter().toMillis();
            response.getHeaders().put("Retry-After", String.valueOf((ms + 999) / 1000));
            response.getHeaders().put("retry-after-ms", String.valueOf(ms));
        }
        if (e.provider() != null) {
            response.getHeaders().put("x-spoon-provider", e.provider());
        }
        Responses.json(response, callback, status, format.error(status, e, context.message(e)));
    }

    private void cancel() {
        CompletableFuture<LlmResponse> f = future;
        if (f != null) {
            f.cancel(true);
        }
    }
}
