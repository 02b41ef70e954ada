package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpClientOptions;
import dev.spoon.llm.mcp.McpConnection;
import dev.spoon.llm.mcp.McpDebugRecords;
import dev.spoon.llm.mcp.McpException;
import dev.spoon.llm.mcp.McpServers;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the MCP commands share: the configured servers for one CLI run (their JSON-RPC traffic goes to the debug
 * log when it is on), connecting the named ones, and the error object with the server and its stderr tail.
 * Close it when the command ends: every server process is ended (the JVM's shutdown hook ends them on Ctrl+C).
 */
final class McpCli implements AutoCloseable {
    /** How long the end of a command waits for its servers to exit (they are ended forcibly before that). */
    private static final long CLOSE_WAIT_S = 10;

    final ConfigurationManager configuration;
    final McpServers servers;
    private final DebugLogger debugLog;
    private final boolean ownsLog;

    private McpCli(ConfigurationManager configuration, DebugLogger debugLog, boolean ownsLog) {
        this.configuration = configuration;
        this.debugLog = debugLog;
        this.ownsLog = ownsLog;
        this.servers = new McpServers(configuration.config().mcpServers(),
                McpClientOptions.basic(McpDebugRecords.into(debugLog, "cli")));
    }

    /** For the {@code spoon mcp} commands: reads the configuration and opens the debug log when it is on. */
    static McpCli open(CliContext ctx, Path config) {
        ConfigurationManager cm = ctx.configuration(config, CliOverrides.NONE);
        return new McpCli(cm, CliContext.debugLog(cm), true);
    }

    /** For {@code chat --mcp}: the chat's configuration and debug log (which the chat closes). */
    static McpCli forChat(ConfigurationManager cm, DebugLogger debugLog) {
        return new McpCli(cm, debugLog, false);
    }

    /**
     * Connects {@code names} concurrently and waits for all of them.
     *
     * @return the connections by name, in the order given
     * @throws McpException the first failure (naming the server, with its stderr tail)
     */
    Map<String, McpConnection> connect(List<String> names) {
        Map<String, CompletableFuture<McpConnection>> pending = new LinkedHashMap<>();
        for (String n : names) {
            pending.putIfAbsent(n, servers.connect(n));
        }
        Map<String, McpConnection> out = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<McpConnection>> e : pending.entrySet()) {
            out.put(e.getKey(), await(e.getValue()));
        }
        return out;
    }

    /** Waits for {@code f}; an {@link LlmException} inside comes out unwrapped. */
    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof LlmException le) {
                throw le;
            }
            throw e;
        }
    }

    /**
     * Reports an error as the contract says; for an MCP error the JSON object also has {@code server},
     * {@code reason}, {@code code} (JSON-RPC) and {@code stderr_tail}.
     */
    static int fail(CliContext ctx, LlmException e, boolean json) {
        if (!(e instanceof McpException m) || !json) {
            return ctx.fail(e, json);
        }
        ObjectNode root = LlmJson.error(e);
        ObjectNode o = (ObjectNode) root.get("error");
        o.put("server", m.server());
        o.put("reason", m.reason().name().toLowerCase(java.util.Locale.ROOT));
        if (m.rpcCode() != null) {
            o.put("code", m.rpcCode());
        }
        o.set("stderr_tail", Json.MAPPER.valueToTree(m.stderrTail()));
        ctx.out.println(Json.write(root));
        ctx.out.flush();
        return 1;
    }

    @Override
    public void close() {
        try {
            servers.closeAll().get(CLOSE_WAIT_S, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the shutdown hook ends what is left
        }
        if (ownsLog && debugLog != null) {
            debugLog.close();
        }
    }
}
