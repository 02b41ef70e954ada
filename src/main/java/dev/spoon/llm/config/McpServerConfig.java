package dev.spoon.llm.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Model Context Protocol server ({@code [mcp_servers.NAME]}, DESIGN.md "MCP tool servers"): either a
 * subprocess spoken to over stdio ({@code command}, {@code args}, {@code env}, {@code cwd}) or a
 * streamable-HTTP server ({@code url}, {@code headers}); exactly one of {@code command} and {@code url} is set.
 *
 * @param timeout how long one request to the server may take ({@code timeout_s}, default 60 s)
 * @param enabled {@code enabled = false} keeps the entry without starting it
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env, String cwd,
                              String url, Map<String, String> headers, Duration timeout, boolean enabled) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public McpServerConfig {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** Whether the server is started as a subprocess (stdio) rather than reached over HTTP. */
    public boolean isStdio() {
        return command != null;
    }
}
