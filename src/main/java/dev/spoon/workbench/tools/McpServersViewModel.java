package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.Version;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.config.McpServerConfig;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpClientOptions;
import dev.spoon.llm.mcp.McpConnection;
import dev.spoon.llm.mcp.McpDebugRecords;
import dev.spoon.llm.mcp.McpException;
import dev.spoon.llm.mcp.McpRoot;
import dev.spoon.llm.mcp.McpServerState;
import dev.spoon.llm.mcp.McpServerStatus;
import dev.spoon.llm.mcp.McpServers;
import dev.spoon.llm.mcp.McpTool;
import dev.spoon.llm.mcp.McpToolset;
import dev.spoon.llm.mcp.StderrTail;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The MCP servers section of the Tools pane: the configured servers with status, tool count and last error;
 * connect, disconnect, add, edit and remove (saved to the configuration file through its typed edit); the
 * selected server's stderr; the connected servers' tools (offered in runs and callable from a form); the
 * folders offered as roots; and the servers' sampling requests ({@link McpSamplingInbox}).
 *
 * <p>Thread rules: FX thread only. Server events arrive on transport threads and are applied in one queued UI
 * update at a time; stderr lines are batched the same way.
 */
public final class McpServersViewModel implements AutoCloseable {
    /** Lines of the selected server's stderr kept on screen. */
    static final int STDERR_LINES = StderrTail.MAX_LINES;

    private final WorkbenchContext context;
    private final TaskExecutor executor;
    private final McpSamplingInbox sampling;
    private final McpServers servers;
    private final ObservableList<McpServerState> rows = FXCollections.observableArrayList();
    private final ObservableList<McpTool> tools = FXCollections.observableArrayList();
    private final ObservableList<Path> roots = FXCollections.observableArrayList();
    private final ObservableList<String> stderrLines = FXCollections.observableArrayList();
    private final StringProperty selected = new SimpleStringProperty(this, "selected");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> stderrQueue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stderrQueued = new AtomicBoolean();
    private final Consumer<McpServerState> serverListener = s -> queueRefresh();
    private final Consumer<SpoonConfig> configListener;
    private final Consumer<String> stderrListener = this::stderrLine;
    private StderrTail watchedTail;

    /** @param defaultProvider the provider that answers sampling requests unless another is chosen */
    public McpServersViewModel(WorkbenchContext context, Supplier<String> defaultProvider) {
        this.context = context;
        this.executor = context.executor();
        this.sampling = new McpSamplingInbox(context, defaultProvider);
        this.servers = new McpServers(context.configuration().config().mcpServers(),
                new McpClientOptions("spoon-workbench", Version.get(), sampling, List.of(),
                        McpDebugRecords.into(context.debugLogger(), "workbench")));
        servers.addListener(serverListener);
        configListener = cfg -> servers.reconfigure(cfg.mcpServers());
        context.configuration().addListener(configListener);
        selected.addListener((o, a, b) -> watch(b));
        refresh();
        if (!rows.isEmpty()) {
            selected.set(rows.get(0).name());
        }
    }

    private void queueRefresh() {
        if (refreshQueued.compareAndSet(false, true)) {
            executor.ui(this::refresh);
        }
    }

    /** Mirrors the servers' states (FX thread). */
    void refresh() {
        refreshQueued.set(false);
        List<McpServerState> now = servers.states();
        rows.setAll(now);
        List<McpTool> all = new ArrayList<>();
        now.stream().filter(s -> s.status() == McpServerStatus.CONNECTED).forEach(s -> all.addAll(s.tools()));
        tools.setAll(all);
        if (selected.get() != null && now.stream().noneMatch(s -> s.name().equals(selected.get()))) {
            selected.set(now.isEmpty() ? null : now.get(0).name());
        }
    }

    // ------------------------------------------------------------------ stderr of the selected server

    private void watch(String name) {
        if (watchedTail != null) {
            watchedTail.removeListener(stderrListener);
        }
        stderrQueue.clear();
        watchedTail = null;
        if (name == null || rows.stream().noneMatch(s -> s.name().equals(name))) {
            stderrLines.clear();
            return;
        }
        watchedTail = servers.stderr(name);
        stderrLines.setAll(watchedTail.lines());
        watchedTail.addListener(stderrListener);
    }

    private void stderrLine(String line) {
        stderrQueue.add(line);
        if (stderrQueued.compareAndSet(false, true)) {
            executor.ui(this::drainStderr);
        }
    }

    private void drainStderr() {
        stderrQueued.set(false);
        List<String> batch = new ArrayList<>();
        String l;
        while ((l = stderrQueue.poll()) != null) {
            batch.add(l);
        }
        stderrLines.addAll(batch);
        if (stderrLines.size() > STDERR_LINES) {
            stderrLines.remove(0, stderrLines.size() - STDERR_LINES);
        }
    }

    // ------------------------------------------------------------------ commands

    /** Starts (or reaches) {@code name}; the status says how it went. */
    public CompletableFuture<McpConnection> connect(String name) {
        status.set("Connecting " + name + "\u2026");
        return servers.connect(name).whenComplete((c, e) -> executor.ui(() -> status.set(e == null
                ? name + ": connected, " + c.tools().size() + " tools" + (c.serverName() == null ? ""
                : " (" + c.serverName() + ")") : describe(e))));
    }

    /** Ends {@code name}'s session (and its process tree). */
    public CompletableFuture<Void> disconnect(String name) {
        return servers.disconnect(name).whenComplete((v, e) -> executor.ui(() -> status.set(name
                + ": disconnected.")));
    }

    /**
     * Saves {@code server} as {@code [mcp_servers.NAME]} (replacing {@code previousName} when renamed) in the
     * configuration file, in the background; the servers follow the reloaded configuration.
     */
    public CompletableFuture<Void> save(McpServerConfig server, String previousName) {
        return executor.submit(() -> {
            context.configuration().edit(e -> {
                if (previousName != null && !previousName.equals(server.name())) {
                    e.removeMcpServer(previousName);
                }
                e.mcpServer(server);
            });
            return (Void) null;
        }).whenComplete((v, e) -> executor.ui(() -> {
            status.set(e == null ? "Saved " + server.name() + " to " + context.configuration().file() + "."
                    : "Could not save " + server.name() + ": " + describe(e));
            if (e == null) {
                selected.set(server.name());
            }
        }));
    }

    /** Removes {@code name} from the configuration file (its process is ended first). */
    public CompletableFuture<Void> remove(String name) {
        return servers.disconnect(name).thenCompose(v -> executor.submit(() -> {
            context.configuration().edit(e -> e.removeMcpServer(name));
            return (Void) null;
        })).whenComplete((v, e) -> executor.ui(() -> status.set(e == null ? "Removed " + name + "."
                : "Could not remove " + name + ": " + describe(e))));
    }

    /** Offers {@code folders} to the servers as roots ({@code notifications/roots/list_changed}). */
    public void setRoots(List<Path> folders) {
        roots.setAll(folders);
        servers.setRoots(folders.stream().map(McpRoot::of).toList());
        status.set(folders.isEmpty() ? "No folders offered to the servers." : "Offering " + folders.size()
                + " folder" + (folders.size() == 1 ? "" : "s") + " to the servers.");
    }

    /** Calls {@code tool} with {@code arguments}; completes on a background thread. */
    public CompletableFuture<McpCallResult> call(McpTool tool, JsonNode arguments, String label) {
        return servers.connection(tool.server()).map(c -> c.call(tool.name(), arguments, label))
                .orElseGet(() -> CompletableFuture.failedFuture(new McpException(tool.server(),
                        McpException.Reason.EXITED, "MCP server '" + tool.server() + "' is not connected")));
    }

    /** The connected servers' tools as a run offers them, next to tools named {@code reserved}. */
    public McpToolset toolset(Set<String> reserved) {
        return McpToolset.of(List.copyOf(tools), reserved);
    }

    static String describe(Throwable e) {
        LlmException le = LlmProvider.unwrap(e);
        return le.getMessage().lines().findFirst().orElse(le.getMessage());
    }

    @Override
    public void close() {
        context.configuration().removeListener(configListener);
        servers.removeListener(serverListener);
        if (watchedTail != null) {
            watchedTail.removeListener(stderrListener);
        }
        sampling.declineAll();
        servers.close();
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<McpServerState> rows() {
        return rows;
    }

    /** The connected servers' tools, server by server. */
    public ObservableList<McpTool> tools() {
        return tools;
    }

    public ObservableList<Path> roots() {
        return roots;
    }

    /** The last lines of the selected server's stderr. */
    public ObservableList<String> stderrLines() {
        return stderrLines;
    }

    /** The name of the selected server, or null. */
    public StringProperty selectedProperty() {
        return selected;
    }

    public StringProperty statusProperty() {
        return status;
    }

    McpSamplingInbox sampling() {
        return sampling;
    }

    /** The registry itself (tests, and the run's MCP calls). */
    McpServers servers() {
        return servers;
    }
}
