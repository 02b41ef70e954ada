package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpToolLoop;
import dev.spoon.llm.mcp.McpToolset;
import dev.spoon.workbench.TaskExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The MCP side of a tool-inspector run: the connected servers' tools are offered next to the defined ones (a
 * clashing name gets its server's prefix, as in {@code spoon chat --mcp}), a call of one of them is marked on
 * its {@link ToolCallItem}, and the server answers it when the user asks (or on auto-continue) — with the
 * arguments as edited. Calls pause, can be edited, continued or re-run like any other tool call.
 *
 * <p>FX thread only; server calls run in the background and report back through the {@link TaskExecutor}.
 */
final class McpRunCalls {
    private final McpServersViewModel servers;
    private final TaskExecutor executor;
    private McpToolset toolset = McpToolset.of(List.of(), java.util.Set.of());

    McpRunCalls(McpServersViewModel servers, TaskExecutor executor) {
        this.servers = servers;
        this.executor = executor;
    }

    /** The tools a new run offers: {@code defined}, then the connected servers' tools. */
    List<Tool> offered(List<Tool> defined) {
        toolset = servers.toolset(McpToolLoop.names(defined));
        List<Tool> all = new ArrayList<>(defined);
        all.addAll(toolset.tools());
        return all;
    }

    /** Marks {@code item} as an MCP call when the model called one of the servers' tools. */
    void mark(ToolCallItem item) {
        toolset.resolve(item.name()).ifPresent(item::mcp);
    }

    /**
     * Calls the server behind {@code item} with its current (possibly edited) arguments; the result's text
     * becomes the item's result, its content blocks {@link ToolCallItem#mcpResultProperty()}.
     *
     * @return completes (on the FX thread's turn) when the result is in; fails with the server's error
     */
    CompletableFuture<McpCallResult> call(ToolCallItem item, String label) {
        McpToolset.Entry e = item.mcp().orElseThrow();
        JsonNode args = Json.tryParse(item.argumentsProperty().get());
        if (args == null || !args.isObject()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the arguments of " + item.name()
                    + " are not a JSON object: fix them first"));
        }
        CompletableFuture<McpCallResult> done = new CompletableFuture<>();
        servers.call(e.tool(), args, label).whenComplete((r, ex) -> executor.ui(() -> {
            if (ex != null) {
                done.completeExceptionally(ex);
                return;
            }
            item.mcpResultProperty().set(r);
            item.resultProperty().set((r.isError() ? "Error: " : "") + r.textForModel());
            done.complete(r);
        }));
        return done;
    }

    /** Calls every MCP item of {@code items} (one after another); completes when all have their results. */
    CompletableFuture<Void> callAll(List<ToolCallItem> items, String label) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (ToolCallItem item : items) {
            if (item.mcp().isPresent()) {
                chain = chain.thenCompose(v -> call(item, label).thenApply(r -> null));
            }
        }
        return chain;
    }
}
