package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spoon.llm.config.McpServerConfig;
import dev.spoon.llm.json.Json;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One initialized session with one MCP server, on the official SDK's {@link McpAsyncClient}: a subprocess
 * spoken to over stdio ({@link StdioTransport}) or a streamable-HTTP endpoint. Lists the server's tools (and
 * follows {@code notifications/tools/list_changed}), calls them with the configured timeout and with
 * cancellation, answers sampling and roots requests, and reports every JSON-RPC exchange.
 *
 * <p>When a subprocess exits on its own, every request still waiting fails at once with an
 * {@link McpException} naming the server, its exit code and the tail of its stderr, and the
 * {@link #onEnd end listeners} are told.
 *
 * <p>Thread-safe. Futures complete on transport or Reactor threads: hop to your own thread before doing
 * anything long.
 */
public final class McpConnection {
    /** Initialization may take longer than a call: {@code npx} may first download the server. */
    static final Duration MIN_INIT_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicLong TAGS = new AtomicLong();

    private record Inflight(CompletableFuture<?> future, String what) {
    }

    private final McpServerConfig config;
    private final McpClientOptions options;
    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
    private final StderrTail stderr;
    private final Set<Inflight> inflight = ConcurrentHashMap.newKeySet();
    private final List<Consumer<List<McpTool>>> toolListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<McpException>> endListeners = new CopyOnWriteArrayList<>();
    private final Map<String, McpRoot> roots = new LinkedHashMap<>();
    private volatile List<McpTool> tools = List.of();
    private volatile String serverName;
    private volatile McpException ended;
    private volatile boolean closing;
    private StdioTransport stdio;
    private WireTap tap;
    private McpAsyncClient client;

    private McpConnection(McpServerConfig config, McpClientOptions options, StderrTail stderr) {
        this.config = config;
        this.options = options;
        this.stderr = stderr == null ? new StderrTail() : stderr;
    }

    /**
     * Starts the server (or reaches its URL), initializes the session and lists its tools.
     *
     * @param stderr where the subprocess's stderr goes (pass the same tail across reconnects to keep the
     *               history), or null for a new one
     * @return the connection; fails with an {@link McpException} naming the server
     */
    public static CompletableFuture<McpConnection> open(McpServerConfig config, McpClientOptions options,
                                                        StderrTail stderr) {
        McpConnection c = new McpConnection(config, options, stderr);
        try {
            return c.start();
        } catch (McpException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // The 2.2.0 SDK deprecates its 2025-era ("legacy") client API in favour of io.modelcontextprotocol.modern, which
    // speaks only the stateless 2026-07-28 revision. The servers people run today (server-everything included)
    // speak the 2025 protocol, which only the legacy client does: so this class uses it, on purpose.
    @SuppressWarnings("deprecation")
    private CompletableFuture<McpConnection> start() {
        McpClientTransport transport;
        if (config.isStdio()) {
            stdio = new StdioTransport(name(), config, mapper, stderr);
            stdio.start();
            transport = stdio;
        } else {
            transport = http();
        }
        tap = new WireTap(name(), transport, mapper, options.traffic());
        McpSchema.ClientCapabilities.Builder caps = McpSchema.ClientCapabilities.builder();
        if (options.roots() != null) {
            caps.roots(true);
            options.roots().forEach(r -> roots.put(r.uri(), r));
        }
        if (options.sampling() != null) {
            caps.sampling();
        }
        // the SDK's own limit is only a backstop: each request gets config.timeout() in request()
        Duration initTimeout = config.timeout().compareTo(MIN_INIT_TIMEOUT) > 0 ? config.timeout() : MIN_INIT_TIMEOUT;
        McpClient.AsyncSpec spec = McpClient.async(tap)
                .requestTimeout(initTimeout)
                .initializationTimeout(initTimeout)
                .clientInfo(new McpSchema.Implementation(options.clientName(), options.clientVersion()))
                .capabilities(caps.build())
                .toolsChangeConsumer(list -> Mono.fromRunnable(() -> setTools(list)));
        if (options.roots() != null) {
            spec.roots(roots.values().stream().map(r -> new McpSchema.Root(r.uri(), r.name())).toList());
        }
        if (options.sampling() != null) {
            spec.sampling(SamplingWire.handler(name(), options.sampling(), mapper));
        }
        client = spec.build();
        if (stdio != null) {
            stdio.exited().thenAccept(this::exited);
        }
        return request(client.initialize(), "initialize", "connect")
                .thenCompose(init -> {
                    McpSchema.Implementation info = init.serverInfo();
                    serverName = info == null ? null : info.name() + (info.version() == null ? "" : " "
                            + info.version());
                    return init.capabilities() != null && init.capabilities().tools() != null ? refreshTools()
                            : CompletableFuture.completedFuture(List.<McpTool>of());
                })
                .handle((t, e) -> {
                    if (e != null) {
                        McpException f = e instanceof CompletionException c && c.getCause() instanceof McpException m
                                ? m : failure(e, "initialize"); // mapped by request() already
                        close();
                        throw f;
                    }
                    return this;
                });
    }

    private McpClientTransport http() {
        URI uri;
        try {
            uri = URI.create(config.url());
        } catch (IllegalArgumentException e) {
            throw new McpException(name(), McpException.Reason.START_FAILED, "MCP server '" + name()
                    + "': invalid url " + config.url());
        }
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder rb = HttpRequest.newBuilder();
        config.headers().forEach(rb::header);
        return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(mapper)
                .requestBuilder(rb).connectTimeout(Duration.ofSeconds(10)).build();
    }

    // ------------------------------------------------------------------ tools

    /** Lists the server's tools again (all pages) and tells the tool listeners. */
    public CompletableFuture<List<McpTool>> refreshTools() {
        return request(client.listTools(), "tools/list", "tools").thenApply(r -> setTools(r.tools()));
    }

    private List<McpTool> setTools(List<McpSchema.Tool> list) {
        List<McpTool> out = new ArrayList<>();
        for (McpSchema.Tool t : list == null ? List.<McpSchema.Tool>of() : list) {
            out.add(new McpTool(name(), t.name(), t.title(), t.description(), tree(t.inputSchema()),
                    tree(t.outputSchema()), tree(t.annotations())));
        }
        tools = List.copyOf(out);
        for (Consumer<List<McpTool>> l : toolListeners) {
            try {
                l.accept(tools);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks the connection
            }
        }
        return tools;
    }

    private JsonNode tree(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(mapper.writeValueAsString(value));
        } catch (Exception e) {
            return null;
        }
    }

    /** The tools as last listed. */
    public List<McpTool> tools() {
        return tools;
    }

    public Optional<McpTool> tool(String toolName) {
        return tools.stream().filter(t -> t.name().equals(toolName)).findFirst();
    }

    /** Called with the new list whenever the tools are listed again (after a {@code list_changed}, too). */
    public void addToolsListener(Consumer<List<McpTool>> listener) {
        toolListeners.add(listener);
    }

    /**
     * Calls {@code toolName} with {@code arguments} (a JSON object, or null for none). Cancelling the future
     * sends {@code notifications/cancelled} to the server.
     *
     * @param label what the call belongs to, for the debug log ({@code chat step 2}…), or null
     * @return the result, also when the tool reports {@code isError}; fails with an {@link McpException} on
     *         a JSON-RPC error, a timeout, or a server that exits meanwhile
     */
    @SuppressWarnings("deprecation") // the legacy (2025-protocol) API: see start()
    public CompletableFuture<McpCallResult> call(String toolName, JsonNode arguments, String label) {
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return CompletableFuture.failedFuture(new McpException(name(), McpException.Reason.BAD_ARGUMENTS,
                    "the arguments of '" + toolName + "' on MCP server '" + name() + "' must be a JSON object, not "
                            + arguments));
        }
        Map<String, Object> args = arguments == null || arguments.isNull() ? Map.of()
                : Json.MAPPER.convertValue(arguments, new com.fasterxml.jackson.core.type.TypeReference<>() { });
        long start = System.nanoTime();
        String what = "tools/call '" + toolName + "'";
        CompletableFuture<McpSchema.CallToolResult> sent = request(client.callTool(
                new McpSchema.CallToolRequest(toolName, args)), what, label);
        CompletableFuture<McpCallResult> result = sent.thenApply(r -> {
            JsonNode tree = tree(r);
            JsonNode content = tree == null ? null : tree.get("content");
            return new McpCallResult(name(), toolName, Boolean.TRUE.equals(r.isError()),
                    content != null && content.isArray() ? (ArrayNode) content : Json.MAPPER.createArrayNode(),
                    tree == null ? null : tree.get("structuredContent"), (System.nanoTime() - start) / 1_000_000);
        });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                sent.cancel(true); // tells the server
            }
        });
        return result;
    }

    // ------------------------------------------------------------------ roots

    /** Replaces the folders offered to the server; it gets {@code notifications/roots/list_changed}. */
    @SuppressWarnings("deprecation") // the legacy (2025-protocol) API: see start()
    public CompletableFuture<Void> setRoots(List<McpRoot> folders) {
        if (options.roots() == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<Mono<Void>> steps = new ArrayList<>();
        synchronized (roots) {
            Map<String, McpRoot> wanted = new LinkedHashMap<>();
            folders.forEach(r -> wanted.put(r.uri(), r));
            for (String uri : List.copyOf(roots.keySet())) {
                if (!wanted.containsKey(uri)) {
                    roots.remove(uri);
                    steps.add(client.removeRoot(uri));
                }
            }
            for (McpRoot r : wanted.values()) {
                if (!roots.containsKey(r.uri())) {
                    roots.put(r.uri(), r);
                    steps.add(client.addRoot(new McpSchema.Root(r.uri(), r.name())));
                }
            }
        }
        return request(Flux.concat(steps).then(), "notifications/roots/list_changed", "roots").thenApply(v -> null);
    }

    // ------------------------------------------------------------------ requests and the end

    /**
     * Subscribes to {@code mono} as one tracked request: it fails at once when the server exits, and a
     * cancelled or timed-out request is cancelled on the server too.
     */
    private <T> CompletableFuture<T> request(Mono<T> mono, String what, String label) {
        CompletableFuture<T> out = new CompletableFuture<>();
        String tag = (label == null ? "call" : label) + " #" + TAGS.incrementAndGet();
        Inflight i = new Inflight(out, what);
        inflight.add(i);
        McpException end = ended;
        if (end != null) {
            inflight.remove(i);
            out.completeExceptionally(end);
            return out;
        }
        Mono<T> timed = what.equals("initialize") ? mono : mono.timeout(config.timeout());
        Disposable d = timed.contextWrite(Context.of(WireTap.TAG, tag)).subscribe(out::complete, e -> {
            McpException f = failure(e, what);
            if (f.reason() == McpException.Reason.TIMEOUT) {
                // before the caller hears of it: the server is told, and the log has the pair, first
                tap.cancel(tag, "no answer within " + McpErrors.seconds(config.timeout()));
            }
            out.completeExceptionally(f);
        }, () -> out.complete(null));
        out.whenComplete((v, e) -> {
            inflight.remove(i);
            if (out.isCancelled()) {
                d.dispose();
                tap.cancel(tag, "cancelled by the user");
            }
        });
        return out;
    }

    private McpException failure(Throwable e, String what) {
        McpException end = ended;
        if (end != null) {
            return ended(end, what);
        }
        McpException m = McpErrors.map(name(), e, what, config.timeout(), stderrLines());
        return m.reason() == McpException.Reason.EXITED ? ended(m, what) : m;
    }

    private List<String> stderrLines() {
        return stdio == null ? List.of() : stderr.last(StderrTail.ERROR_LINES);
    }

    private McpException ended(McpException end, String what) {
        String first = end.getMessage().lines().findFirst().orElse("MCP server '" + name() + "' ended");
        return new McpException(name(), end.reason(), first + " during " + what, null, end.stderrTail(), end);
    }

    private void exited(int code) {
        if (closing) {
            tap.abandonAll("disconnected");
            return;
        }
        McpException end = new McpException(name(), McpException.Reason.EXITED, "MCP server '" + name()
                + "' exited with code " + code, null, stderr.last(StderrTail.ERROR_LINES), null);
        end(end);
        for (Consumer<McpException> l : endListeners) {
            try {
                l.accept(end);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks the others
            }
        }
        client.close();
    }

    /** Marks the session ended and fails every request still waiting. */
    private void end(McpException end) {
        synchronized (this) {
            if (ended != null) {
                return;
            }
            ended = end;
        }
        tap.abandonAll(end.getMessage().lines().findFirst().orElse(""));
        for (Inflight i : List.copyOf(inflight)) {
            i.future().completeExceptionally(ended(end, i.what()));
        }
    }

    /** Called once if the server exits by itself (not after {@link #close()}), with why. */
    public void onEnd(Consumer<McpException> listener) {
        endListeners.add(listener);
    }

    /** Why the session ended, or null while it is open. */
    public McpException endedBecause() {
        return ended;
    }

    /**
     * Ends the session: an HTTP session is deleted, a subprocess gets its stdin closed, then (if still running
     * after a grace period) its process tree is ended. Requests still waiting fail. Idempotent.
     */
    public CompletableFuture<Void> close() {
        closing = true;
        if (tap != null) {
            end(new McpException(name(), McpException.Reason.EXITED, "MCP server '" + name()
                    + "' was disconnected"));
        }
        if (stdio == null) {
            return client == null ? CompletableFuture.completedFuture(null)
                    : client.closeGracefully().onErrorResume(e -> Mono.empty()).then().toFuture();
        }
        if (client != null) {
            client.close();
        }
        return stdio.shutdown();
    }

    // ------------------------------------------------------------------ facts

    public String name() {
        return config.name();
    }

    public McpServerConfig config() {
        return config;
    }

    /** The name and version the server reported, or null. */
    public String serverName() {
        return serverName;
    }

    /** The subprocess's stderr (empty for HTTP servers). */
    public StderrTail stderr() {
        return stderr;
    }

    /** The server process (stdio), or null for an HTTP server. */
    public ProcessHandle process() {
        Process p = stdio == null ? null : stdio.process();
        return p == null ? null : p.toHandle();
    }
}
