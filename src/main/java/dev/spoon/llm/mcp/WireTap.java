package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sits between the SDK's client session and the real transport and pairs every JSON-RPC request with its
 * response, in both directions, reporting each pair (and each notification) as an {@link McpExchange}.
 *
 * <p>It also knows which request id a caller's request got: a caller puts {@link #TAG} into the Reactor
 * context of its call, and the id is remembered under that tag, so the call can later be cancelled with
 * {@code notifications/cancelled} ({@link #cancel}). Requests still waiting when the server goes away are
 * reported with the reason ({@link #abandonAll}).
 */
final class WireTap implements McpClientTransport {
    /** The Reactor context key under which a caller tags its request. */
    static final String TAG = "spoon.mcp.tag";
    /** The spec's cancellation notification (the SDK has no constant for it). */
    static final String CANCELLED = "notifications/cancelled";
    /** Chatty notifications that are not logged (log lines and progress are shown elsewhere). */
    private static final Set<String> UNLOGGED = Set.of(McpSchema.METHOD_NOTIFICATION_MESSAGE,
            McpSchema.METHOD_NOTIFICATION_PROGRESS);

    private record Pending(Instant ts, long startNanos, String method, JsonNode params, String tag) {
    }

    private final String server;
    private final McpClientTransport delegate;
    private final McpJsonMapper mapper;
    private final Consumer<McpExchange> sink;
    private final Map<String, Pending> outgoing = new ConcurrentHashMap<>();
    private final Map<String, Pending> incoming = new ConcurrentHashMap<>();
    private final Map<String, String> idsByTag = new ConcurrentHashMap<>();

    WireTap(String server, McpClientTransport delegate, McpJsonMapper mapper, Consumer<McpExchange> sink) {
        this.server = server;
        this.delegate = delegate;
        this.mapper = mapper;
        this.sink = sink;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return delegate.connect(mono -> handler.apply(mono.doOnNext(this::inbound)));
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.deferContextual(ctx -> {
            outbound(message, ctx.getOrDefault(TAG, null));
            return delegate.sendMessage(message);
        });
    }

    private void outbound(JSONRPCMessage message, String tag) {
        if (message instanceof McpSchema.JSONRPCRequest req) {
            String id = String.valueOf(req.id());
            outgoing.put(id, new Pending(Instant.now(), System.nanoTime(), req.method(), json(req.params()), tag));
            if (tag != null) {
                idsByTag.put(tag, id);
            }
        } else if (message instanceof McpSchema.JSONRPCResponse resp) {
            Pending p = incoming.remove(String.valueOf(resp.id()));
            if (p != null) {
                report(p, true, String.valueOf(resp.id()), json(resp.result()), error(resp.error()));
            }
        } else if (message instanceof McpSchema.JSONRPCNotification n && !UNLOGGED.contains(n.method())) {
            emit(new McpExchange(Instant.now(), server, false, null, n.method(), json(n.params()), null, null, 0,
                    tag));
        }
    }

    private void inbound(JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCResponse resp) {
            String id = String.valueOf(resp.id());
            Pending p = outgoing.remove(id);
            if (p != null) {
                if (p.tag() != null) {
                    idsByTag.remove(p.tag(), id);
                }
                report(p, false, id, json(resp.result()), error(resp.error()));
            }
        } else if (message instanceof McpSchema.JSONRPCRequest req) {
            incoming.put(String.valueOf(req.id()), new Pending(Instant.now(), System.nanoTime(), req.method(),
                    json(req.params()), null));
        } else if (message instanceof McpSchema.JSONRPCNotification n && !UNLOGGED.contains(n.method())) {
            emit(new McpExchange(Instant.now(), server, true, null, n.method(), json(n.params()), null, null, 0,
                    null));
        }
    }

    /**
     * Tells the server to stop working on the request tagged {@code tag} ({@code notifications/cancelled}) and
     * logs that request as ended with {@code reason}. Does nothing when the request already has its answer.
     */
    void cancel(String tag, String reason) {
        String id = tag == null ? null : idsByTag.remove(tag);
        if (id == null) {
            return;
        }
        Pending p = outgoing.remove(id);
        if (p == null) {
            return;
        }
        report(p, false, id, null, ourError(reason));
        // the SDK's client ids are strings, so the text form is the id as sent
        McpSchema.JSONRPCNotification n = new McpSchema.JSONRPCNotification(CANCELLED, Map.of("requestId", id,
                "reason", reason));
        outbound(n, tag);
        delegate.sendMessage(n).subscribe(x -> { }, e -> { });
    }

    /** Logs every request still waiting for an answer as ended with {@code reason} (the server went away). */
    void abandonAll(String reason) {
        for (String id : List.copyOf(outgoing.keySet())) {
            Pending p = outgoing.remove(id);
            if (p != null) {
                report(p, false, id, null, ourError(reason));
            }
        }
        idsByTag.clear();
        incoming.clear();
    }

    private void report(Pending p, boolean fromServer, String id, JsonNode result, JsonNode error) {
        long ms = (System.nanoTime() - p.startNanos()) / 1_000_000;
        emit(new McpExchange(p.ts(), server, fromServer, id, p.method(), p.params(), error == null ? result : null,
                error, ms, p.tag()));
    }

    private void emit(McpExchange e) {
        try {
            sink.accept(e);
        } catch (RuntimeException ignored) {
            // a failing listener never breaks the connection
        }
    }

    private JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(mapper.writeValueAsString(value));
        } catch (Exception e) {
            return Json.MAPPER.getNodeFactory().textNode(String.valueOf(value));
        }
    }

    private JsonNode error(McpSchema.JSONRPCResponse.JSONRPCError e) {
        if (e == null) {
            return null;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("code", e.code());
        o.put("message", e.message());
        if (e.data() != null) {
            o.set("data", json(e.data()));
        }
        return o;
    }

    private static JsonNode ourError(String message) {
        return Json.MAPPER.createObjectNode().put("message", message);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }
}
