package dev.spoon.llm.mcp;

import dev.spoon.llm.config.McpServerConfig;

import java.util.List;

/**
 * A snapshot of one configured MCP server: its configuration, status, tools and last error.
 *
 * @param serverName the name and version the server reported at initialization, or null
 * @param lastError  why it failed or exited (naming the server, with its stderr tail), or null
 */
public record McpServerState(McpServerConfig config, McpServerStatus status, List<McpTool> tools,
                             String serverName, String lastError) {

    public McpServerState {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public String name() {
        return config.name();
    }

    /** {@code stdio} or {@code http}. */
    public String transport() {
        return config.isStdio() ? "stdio" : "http";
    }

    /** The command line (stdio) or the URL (HTTP), for display. */
    public String target() {
        if (!config.isStdio()) {
            return config.url();
        }
        StringBuilder sb = new StringBuilder(config.command());
        for (String a : config.args()) {
            sb.append(' ').append(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return sb.toString();
    }
}
