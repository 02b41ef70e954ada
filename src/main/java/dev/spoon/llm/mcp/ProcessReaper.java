package dev.spoon.llm.mcp;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ends MCP server processes with everything they started, and makes sure none outlives this JVM: every live
 * server process is registered here, and one shutdown hook ends them all when the JVM exits (normally, on
 * Ctrl+C, SIGTERM or an uncaught error). A JVM killed outright runs no hook; its servers then see their
 * stdin close, which well-behaved MCP servers treat as the signal to exit.
 */
final class ProcessReaper {
    /** How long a server gets to exit by itself after its stdin closes, and again after SIGTERM. */
    static final long GRACE_MS = 2_000;

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::reapAll, "spoon-mcp-reaper"));
    }

    private ProcessReaper() {
    }

    static void register(Process p) {
        LIVE.add(p);
    }

    static void unregister(Process p) {
        LIVE.remove(p);
    }

    /** The processes registered now (tests). */
    static Set<Process> live() {
        return Set.copyOf(LIVE);
    }

    private static void reapAll() {
        List<CompletableFuture<Void>> ends = LIVE.stream().map(p -> {
            List<ProcessHandle> children = p.descendants().toList();
            closeStdin(p);
            return terminateTree(p, children);
        }).toList();
        try {
            CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).get(2 * GRACE_MS + 500,
                    TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // the JVM is exiting: what could be ended was
        }
    }

    static void closeStdin(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /**
     * Ends {@code p} and its descendants: SIGTERM to the whole tree (the descendants are listed first, since a
     * child whose parent died is no longer a descendant), then SIGKILL to whatever is still alive after
     * {@link #GRACE_MS}. The future completes when all of them have exited.
     *
     * @param known descendants listed earlier (before stdin was closed), ended too if still alive
     */
    static CompletableFuture<Void> terminateTree(Process p, List<ProcessHandle> known) {
        java.util.LinkedHashSet<ProcessHandle> all = new java.util.LinkedHashSet<>();
        all.add(p.toHandle());
        all.addAll(p.descendants().toList());
        all.addAll(known);
        return terminate(List.copyOf(all)).whenComplete((v, e) -> unregister(p));
    }

    /**
     * Ends the processes of {@code tree} that are still alive: SIGTERM, then SIGKILL after {@link #GRACE_MS}.
     * A handle stands for the process it was taken from, never a later one given the same pid. The future
     * completes when all of them have exited.
     */
    static CompletableFuture<Void> terminate(List<ProcessHandle> tree) {
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        CompletableFuture<?>[] exits = tree.stream().map(ProcessReaper::exitOf).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(exits).orTimeout(GRACE_MS, TimeUnit.MILLISECONDS).handle((v, e) -> {
            if (e != null) {
                tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }
            return null;
        }).thenCompose(v -> CompletableFuture.allOf(tree.stream().map(ProcessReaper::exitOf)
                .toArray(CompletableFuture[]::new)));
    }

    private static CompletableFuture<?> exitOf(ProcessHandle h) {
        return h.isAlive() ? h.onExit() : CompletableFuture.completedFuture(h);
    }
}
