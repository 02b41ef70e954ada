package dev.spoon.llm.mcp;

import dev.spoon.llm.config.McpServerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The configured MCP servers ({@code [mcp_servers.NAME]}) and their live connections: connect, disconnect,
 * status, tools and last error of each, one stderr tail per server that survives reconnects, the folders
 * offered as roots, and the sampling handler. The workbench keeps one; a CLI command makes one for its run.
 *
 * <p>Thread-safe. Listeners are called on whatever thread changed the state (a transport thread, the
 * caller's): hop to your UI thread yourself.
 */
public final class McpServers implements AutoCloseable {

    private static final class Slot {
        McpServerConfig config;
        McpServerStatus status;
        CompletableFuture<McpConnection> connecting;
        McpConnection connection;
        String lastError;
        final StderrTail stderr = new StderrTail();

        Slot(McpServerConfig config) {
            this.config = config;
            this.status = config.enabled() ? McpServerStatus.DISCONNECTED : McpServerStatus.DISABLED;
        }
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<Consumer<McpServerState>> listeners = new CopyOnWriteArrayList<>();
    private volatile McpClientOptions options;

    public McpServers(Map<String, McpServerConfig> configs, McpClientOptions options) {
        this.options = Objects.requireNonNull(options);
        configs.values().forEach(c -> slots.put(c.name(), new Slot(c)));
    }

    /** Every configured server, in configuration order. */
    public synchronized List<McpServerState> states() {
        List<McpServerState> out = new ArrayList<>();
        slots.values().forEach(s -> out.add(state(s)));
        return out;
    }

    /**
     * The state of {@code name}.
     *
     * @throws McpException ({@link McpException.Reason#UNKNOWN_SERVER}) naming the configured servers
     */
    public synchronized McpServerState state(String name) {
        return state(slot(name));
    }

    private McpServerState state(Slot s) {
        McpConnection c = s.connection;
        return new McpServerState(s.config, s.status, c == null ? List.of() : c.tools(),
                c == null ? null : c.serverName(), s.lastError);
    }

    private Slot slot(String name) {
        Slot s = slots.get(name);
        if (s == null) {
            throw new McpException(name, McpException.Reason.UNKNOWN_SERVER, "no MCP server '" + name
                    + "' in the configuration" + (slots.isEmpty() ? "; add one as [mcp_servers." + name + "]"
                    : " (configured: " + String.join(", ", slots.keySet()) + ")"));
        }
        return s;
    }

    /** The live connection of {@code name}, if it is connected. */
    public synchronized Optional<McpConnection> connection(String name) {
        Slot s = slots.get(name);
        return s == null || s.status != McpServerStatus.CONNECTED ? Optional.empty()
                : Optional.ofNullable(s.connection);
    }

    /** The stderr of {@code name}'s process across its connections. */
    public synchronized StderrTail stderr(String name) {
        return slot(name).stderr;
    }

    /**
     * Connects {@code name} (or returns the connection under way or made). Fails with an {@link McpException}
     * for an unknown or disabled server, or one that cannot start.
     */
    public CompletableFuture<McpConnection> connect(String name) {
        Slot s;
        CompletableFuture<McpConnection> f;
        synchronized (this) {
            try {
                s = slot(name);
            } catch (McpException e) {
                return CompletableFuture.failedFuture(e);
            }
            if (!s.config.enabled()) {
                return CompletableFuture.failedFuture(new McpException(name, McpException.Reason.UNKNOWN_SERVER,
                        "MCP server '" + name + "' is disabled (enabled = false in [mcp_servers." + name + "])"));
            }
            if (s.connecting != null) {
                return s.connecting;
            }
            s.status = McpServerStatus.CONNECTING;
            s.lastError = null;
            f = McpConnection.open(s.config, options, s.stderr);
            s.connecting = f;
        }
        changed(s);
        f.whenComplete((c, e) -> {
            synchronized (this) {
                if (s.connecting != f) {
                    if (c != null) {
                        c.close(); // disconnected (or reconfigured) while it was starting
                    }
                    return;
                }
                if (e != null) {
                    s.connecting = null;
                    s.status = McpServerStatus.FAILED;
                    s.lastError = McpErrors.map(name, e, "connect", s.config.timeout(), List.of()).getMessage();
                } else {
                    s.connection = c;
                    s.status = McpServerStatus.CONNECTED;
                    c.addToolsListener(tools -> changed(s));
                    c.onEnd(end -> ended(s, c, end));
                }
            }
            changed(s);
        });
        return f;
    }

    private void ended(Slot s, McpConnection c, McpException end) {
        synchronized (this) {
            if (s.connection != c) {
                return;
            }
            s.connection = null;
            s.connecting = null;
            s.status = McpServerStatus.FAILED;
            s.lastError = end.getMessage();
        }
        changed(s);
    }

    /** Disconnects {@code name} (ends its process); completes when it has ended. */
    public CompletableFuture<Void> disconnect(String name) {
        McpConnection c;
        CompletableFuture<McpConnection> pending;
        Slot s;
        synchronized (this) {
            s = slots.get(name);
            if (s == null) {
                return CompletableFuture.completedFuture(null);
            }
            c = s.connection;
            pending = s.connecting;
            s.connection = null;
            s.connecting = null;
            s.status = s.config.enabled() ? McpServerStatus.DISCONNECTED : McpServerStatus.DISABLED;
        }
        changed(s);
        if (c != null) {
            return c.close();
        }
        if (pending != null) {
            return pending.handle((x, e) -> x == null ? null : x).thenCompose(x -> x == null
                    ? CompletableFuture.completedFuture(null) : x.close());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Applies a new configuration: servers whose entry changed or disappeared are disconnected (a changed one
     * can be connected again), new ones are added.
     */
    public CompletableFuture<Void> reconfigure(Map<String, McpServerConfig> configs) {
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        synchronized (this) {
            for (String name : List.copyOf(slots.keySet())) {
                McpServerConfig now = configs.get(name);
                if (now == null || !now.equals(slots.get(name).config)) {
                    ends.add(disconnect(name));
                    if (now == null) {
                        gone.add(name);
                    }
                }
            }
            gone.forEach(slots::remove);
            for (McpServerConfig c : configs.values()) {
                Slot s = slots.get(c.name());
                if (s == null) {
                    slots.put(c.name(), new Slot(c));
                } else if (!s.config.equals(c)) {
                    s.config = c;
                    s.status = c.enabled() ? McpServerStatus.DISCONNECTED : McpServerStatus.DISABLED;
                    s.lastError = null;
                }
            }
        }
        for (String name : gone) {
            McpServerConfig removed = new McpServerConfig(name, "-", null, null, null, null, null, null, false);
            listeners.forEach(l -> l.accept(new McpServerState(removed, McpServerStatus.DISABLED, List.of(), null,
                    "removed")));
        }
        configs.keySet().forEach(n -> changed(slots.get(n)));
        return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
    }

    /** Offers {@code folders} to every connected server (and to servers connected later). */
    public CompletableFuture<Void> setRoots(List<McpRoot> folders) {
        options = options.withRoots(folders);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            slots.values().stream().filter(s -> s.connection != null)
                    .forEach(s -> all.add(s.connection.setRoots(folders)));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** The folders offered now (empty when none). */
    public List<McpRoot> roots() {
        List<McpRoot> r = options.roots();
        return r == null ? List.of() : r;
    }

    /** Called with a server's new state on every change (status, tools, error). */
    public void addListener(Consumer<McpServerState> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<McpServerState> listener) {
        listeners.remove(listener);
    }

    private void changed(Slot s) {
        if (s == null) {
            return;
        }
        McpServerState st;
        synchronized (this) {
            st = state(s);
        }
        for (Consumer<McpServerState> l : listeners) {
            try {
                l.accept(st);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks the others
            }
        }
    }

    /** Disconnects every server; completes when all have ended. */
    public CompletableFuture<Void> closeAll() {
        List<String> names;
        synchronized (this) {
            names = List.copyOf(slots.keySet());
        }
        return CompletableFuture.allOf(names.stream().map(this::disconnect).toArray(CompletableFuture[]::new));
    }

    /** Starts disconnecting every server (does not wait; the JVM's shutdown hook ends what is left). */
    @Override
    public void close() {
        closeAll();
    }
}
