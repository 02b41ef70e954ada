package dev.spoon.llm.mcp;

import dev.spoon.llm.LlmException;

import java.util.List;

/**
 * A failure talking to an MCP server ({@code McpError} on the command line). The message names the server and,
 * for a subprocess, ends with the last lines of its stderr, so the user sees why without opening a log.
 */
public final class McpException extends LlmException {

    /** What went wrong. */
    public enum Reason {
        /** No {@code [mcp_servers.NAME]} by that name, or it is disabled. */
        UNKNOWN_SERVER,
        /** The server has no tool by that name. */
        UNKNOWN_TOOL,
        /** The command could not be started, the URL could not be reached, or {@code initialize} failed. */
        START_FAILED,
        /** The subprocess exited (or the connection closed) while a request was waiting. */
        EXITED,
        /** No answer within {@code timeout_s}. */
        TIMEOUT,
        /** The server answered with a JSON-RPC error. */
        RPC_ERROR,
        /** The tool ran and reported {@code isError: true}. */
        TOOL_ERROR,
        /** The arguments are not a JSON object. */
        BAD_ARGUMENTS,
        /** The caller cancelled the request. */
        CANCELLED
    }

    private final String server;
    private final Reason reason;
    private final Integer rpcCode;
    private final List<String> stderrTail;

    /**
     * @param message    what happened, naming the server (the stderr tail is appended here)
     * @param rpcCode    the JSON-RPC error code, for {@link Reason#RPC_ERROR}; else null
     * @param stderrTail the last lines the subprocess wrote to stderr (empty for HTTP servers)
     */
    public McpException(String server, Reason reason, String message, Integer rpcCode, List<String> stderrTail,
                        Throwable cause) {
        super(withTail(message, stderrTail), null, null, null, reason == Reason.TIMEOUT || reason == Reason.EXITED,
                null, cause);
        this.server = server;
        this.reason = reason;
        this.rpcCode = rpcCode;
        this.stderrTail = stderrTail == null ? List.of() : List.copyOf(stderrTail);
    }

    public McpException(String server, Reason reason, String message) {
        this(server, reason, message, null, List.of(), null);
    }

    private static String withTail(String message, List<String> tail) {
        if (tail == null || tail.isEmpty()) {
            return message;
        }
        return message + "\nLast lines of its stderr:\n  " + String.join("\n  ", tail);
    }

    @Override
    public String errorType() {
        return "McpError";
    }

    /** The server's name ({@code [mcp_servers.NAME]}). */
    public String server() {
        return server;
    }

    public Reason reason() {
        return reason;
    }

    /** The JSON-RPC error code, or null when the failure was not a JSON-RPC error. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /** The last lines of the subprocess's stderr (empty for HTTP servers or when it wrote none). */
    public List<String> stderrTail() {
        return stderrTail;
    }

    @Override
    public String hint() {
        return switch (reason) {
            case UNKNOWN_SERVER -> "List the configured servers with: spoon mcp list";
            case UNKNOWN_TOOL -> "List the server's tools with: spoon mcp tools " + server;
            case START_FAILED -> "Check command/args (or url) of [mcp_servers." + server + "]; try the command in a "
                    + "terminal.";
            case TIMEOUT -> "Raise timeout_s in [mcp_servers." + server + "] if the tool is slow.";
            default -> null;
        };
    }
}
