package dev.spoon.llm.mcp;

/** Where an MCP server stands. */
public enum McpServerStatus {
    /** {@code enabled = false} in the configuration. */
    DISABLED,
    /** Not started (or disconnected by the user). */
    DISCONNECTED,
    /** Starting and initializing. */
    CONNECTING,
    /** Initialized; its tools are listed. */
    CONNECTED,
    /** Failed to start, or exited; see the last error. */
    FAILED;

    /** The lower-case word the CLI prints. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
