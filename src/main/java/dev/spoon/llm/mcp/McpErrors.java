package dev.spoon.llm.mcp;

import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/** Turns whatever the SDK or the transport threw into an {@link McpException} that names the server. */
final class McpErrors {
    private McpErrors() {
    }

    /**
     * @param what    the request, for the message ({@code tools/call 'echo'}, {@code initialize})
     * @param timeout the server's request timeout, named when it ran out
     * @param stderr  the tail to quote (empty for HTTP servers)
     */
    static McpException map(String server, Throwable e, String what, Duration timeout, List<String> stderr) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof McpException m) {
                return m;
            }
            if (t instanceof McpError err && err.getJsonRpcError() != null) {
                var j = err.getJsonRpcError();
                return new McpException(server, McpException.Reason.RPC_ERROR, "MCP server '" + server
                        + "' answered " + what + " with JSON-RPC error " + j.code() + ": " + j.message()
                        + (j.data() == null ? "" : " (" + j.data() + ")"), j.code(), stderr, e);
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return new McpException(server, McpException.Reason.TIMEOUT, "MCP server '" + server
                        + "' did not answer " + what + " within " + seconds(timeout) + " (timeout_s)", null, stderr,
                        e);
            }
            if (t instanceof CancellationException) {
                return new McpException(server, McpException.Reason.CANCELLED, what + " on MCP server '" + server
                        + "' was cancelled", null, List.of(), e);
            }
            if (t instanceof McpHttpClientTransportAuthorizationException auth) {
                int status = auth.getResponseInfo() == null ? 401 : auth.getResponseInfo().statusCode();
                return new McpException(server, McpException.Reason.START_FAILED, "MCP server '" + server
                        + "' refused the request (HTTP " + status + "): check the headers (Authorization) of "
                        + "[mcp_servers." + server + "]", null, stderr, e);
            }
            if (t instanceof ConnectException) {
                return new McpException(server, McpException.Reason.START_FAILED, "MCP server '" + server
                        + "': cannot connect (" + (t.getMessage() == null ? "connection refused" : t.getMessage())
                        + ")", null, stderr, e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new McpException(server, McpException.Reason.START_FAILED, "MCP server '" + server + "' failed "
                + what + ": " + msg, null, stderr, e);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
