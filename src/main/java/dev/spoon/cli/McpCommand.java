package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpConnection;
import dev.spoon.llm.mcp.McpException;
import dev.spoon.llm.mcp.McpServerState;
import dev.spoon.llm.mcp.McpServerStatus;
import dev.spoon.llm.mcp.McpTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spoon mcp}: the configured MCP tool servers ({@code [mcp_servers.NAME]}, DESIGN.md "MCP tool servers").
 * Every command starts the servers it needs and ends them (with their child processes) before it exits.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "MCP tool servers: list them, list a server's tools, call a tool.",
        subcommands = {McpCommand.ListServers.class, McpCommand.Tools.class, McpCommand.Call.class})
public final class McpCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(CliContext.get().err);
        return 2;
    }

    /**
     * {@code spoon mcp list [--json]}: every configured server, started to see its status and tool count (each
     * within its own {@code timeout_s}), with the last error. Exit status 1 when an enabled server failed.
     */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Configured MCP servers: status, tool count, last error.")
    public static final class ListServers implements Callable<Integer> {
        @Option(names = "--config", description = "Configuration file (TOML or JSON)")
        Path config;
        @Option(names = "--json", description = "Machine-readable output")
        boolean json;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.get();
            try (McpCli mcp = McpCli.open(ctx, config)) {
                List<CompletableFuture<?>> starts = new ArrayList<>();
                for (McpServerState s : mcp.servers.states()) {
                    if (s.status() != McpServerStatus.DISABLED) {
                        starts.add(mcp.servers.connect(s.name()).handle((c, e) -> null));
                    }
                }
                CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
                List<McpServerState> states = mcp.servers.states();
                if (json) {
                    ObjectNode root = Json.MAPPER.createObjectNode();
                    ArrayNode a = root.putArray("servers");
                    for (McpServerState s : states) {
                        ObjectNode o = a.addObject();
                        o.put("name", s.name());
                        o.put("transport", s.transport());
                        o.put(s.config().isStdio() ? "command" : "url", s.target());
                        o.put("status", s.status().word());
                        o.put("tool_count", s.tools().size());
                        o.put("server_info", s.serverName());
                        o.put("last_error", s.lastError());
                    }
                    ctx.out.println(Json.write(root));
                } else if (states.isEmpty()) {
                    ctx.err.println("No MCP servers configured. Add one to " + (mcp.configuration.file() == null
                            ? "the configuration file" : mcp.configuration.file()) + ", e.g.\n"
                            + "  [mcp_servers.everything]\n  command = \"npx\"\n"
                            + "  args = [\"-y\", \"@modelcontextprotocol/server-everything\"]");
                } else {
                    ctx.out.printf("%-16s %-9s %-12s %5s  %s%n", "SERVER", "TRANSPORT", "STATUS", "TOOLS",
                            "COMMAND / URL");
                    for (McpServerState s : states) {
                        ctx.out.printf("%-16s %-9s %-12s %5s  %s%n", s.name(), s.transport(), s.status().word(),
                                s.status() == McpServerStatus.CONNECTED ? Integer.toString(s.tools().size()) : "-",
                                s.target());
                        if (s.lastError() != null) {
                            s.lastError().lines().forEach(l -> ctx.out.println("    " + l));
                        }
                    }
                }
                return states.stream().anyMatch(s -> s.status() == McpServerStatus.FAILED) ? 1 : 0;
            } catch (LlmException e) {
                return McpCli.fail(ctx, e, json);
            }
        }
    }

    /** {@code spoon mcp tools SERVER [--json]}: {@code {"server", "tools": [{"name", "description", "input_schema"}]}}. */
    @Command(name = "tools", mixinStandardHelpOptions = true, description = "The tools of one MCP server.")
    public static final class Tools implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The server's name ([mcp_servers.NAME])")
        String server;
        @Option(names = "--config", description = "Configuration file (TOML or JSON)")
        Path config;
        @Option(names = "--json", description = "Machine-readable output")
        boolean json;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.get();
            try (McpCli mcp = McpCli.open(ctx, config)) {
                McpConnection c = mcp.connect(List.of(server)).get(server);
                if (json) {
                    ObjectNode root = Json.MAPPER.createObjectNode();
                    root.put("server", server);
                    ArrayNode a = root.putArray("tools");
                    c.tools().forEach(t -> a.add(t.toJson()));
                    ctx.out.println(Json.write(root));
                } else {
                    for (McpTool t : c.tools()) {
                        ctx.out.println(t.name() + argumentsSummary(t.inputSchema()));
                        if (t.description() != null && !t.description().isBlank()) {
                            ctx.out.println("    " + t.description().strip().replace("\n", "\n    "));
                        }
                    }
                }
                return 0;
            } catch (LlmException e) {
                return McpCli.fail(ctx, e, json);
            }
        }

        /** {@code (a: number, b: number, unit?: string)}. */
        static String argumentsSummary(JsonNode schema) {
            List<String> parts = new ArrayList<>();
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.path("properties").properties().forEach(e -> parts.add(e.getKey()
                    + (required.contains(e.getKey()) ? "" : "?") + ": " + e.getValue().path("type").asText("any")));
            return "(" + String.join(", ", parts) + ")";
        }
    }

    /**
     * {@code spoon mcp call SERVER TOOL [--args JSON] [--json]}:
     * {@code {"server", "tool", "is_error", "content", "structured_content"}}. Exit status 1 when the tool
     * reports an error ({@code is_error}), as for any failed request.
     */
    @Command(name = "call", mixinStandardHelpOptions = true, description = "Call a tool of an MCP server.")
    public static final class Call implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SERVER", description = "The server's name ([mcp_servers.NAME])")
        String server;
        @Parameters(index = "1", paramLabel = "TOOL", description = "The tool's name")
        String tool;
        @Option(names = "--args", paramLabel = "JSON", converter = JsonObjectValue.class,
                description = "The arguments, a JSON object (default {})")
        JsonNode args;
        @Option(names = "--config", description = "Configuration file (TOML or JSON)")
        Path config;
        @Option(names = "--json", description = "Machine-readable output")
        boolean json;

        @Override
        public Integer call() {
            CliContext ctx = CliContext.get();
            try (McpCli mcp = McpCli.open(ctx, config)) {
                McpConnection c = mcp.connect(List.of(server)).get(server);
                if (c.tool(tool).isEmpty()) {
                    throw new McpException(server, McpException.Reason.UNKNOWN_TOOL, "MCP server '" + server
                            + "' has no tool '" + tool + "' (it has: " + String.join(", ", c.tools().stream()
                            .map(McpTool::name).toList()) + ")");
                }
                McpCallResult r = McpCli.await(c.call(tool, args, "cli"));
                if (json) {
                    ctx.out.println(Json.write(r.toJson()));
                } else {
                    String text = r.textForModel();
                    (r.isError() ? ctx.err : ctx.out).println(r.isError() ? "error: McpError (" + server + "): tool '"
                            + tool + "' reported an error: " + text : text);
                }
                if (r.isError()) {
                    c.stderr().last(dev.spoon.llm.mcp.StderrTail.ERROR_LINES).forEach(l -> ctx.err.println(
                            "  [" + server + " stderr] " + l));
                }
                return r.isError() ? 1 : 0;
            } catch (LlmException e) {
                return McpCli.fail(ctx, e, json);
            }
        }
    }

    /** {@code --args}: a JSON object, else a usage error. */
    static final class JsonObjectValue implements picocli.CommandLine.ITypeConverter<JsonNode> {
        @Override
        public JsonNode convert(String value) {
            JsonNode n = Json.tryParse(value);
            if (n == null || !n.isObject()) {
                throw new picocli.CommandLine.TypeConversionException("--args must be a JSON object, like "
                        + "'{\"a\": 2}'; got: " + value);
            }
            return n;
        }
    }
}
