package dev.spoon.testing.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * A real MCP server built with the same official SDK, for the tests: a {@link #main stdio server} started as a
 * subprocess with the test class path, and a {@link #startHttp streamable-HTTP server} in an embedded Jetty.
 *
 * <p>Tools: {@code echo}, {@code add} (with structured content), {@code fail} ({@code isError}), {@code crash}
 * (writes its message to stderr and exits with code 3), {@code hang} (never answers; says "hang started" on
 * stderr first), {@code image} (an image and an embedded resource), {@code sample} (asks the client's model),
 * {@code roots} (lists the client's roots), {@code add_tool} (adds a tool: {@code tools/list_changed}),
 * {@code env} (an environment variable and the working folder).
 *
 * <p>The stdio server exits when its stdin closes, writes its pid to {@code $SPOON_TEST_PIDFILE} when set, and
 * with {@code --spawn-child} starts a child process (a {@code sleep}) to test that process trees are ended.
 */
@SuppressWarnings("deprecation") // a 2025-protocol server on the SDK's legacy API, like the servers users run
public final class TestMcpServer {
    /** A 1×1 PNG. */
    public static final String TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
            + "awAAAABJRU5ErkJggg==";

    private TestMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        String pidFile = System.getenv("SPOON_TEST_PIDFILE");
        if (pidFile != null) {
            Files.writeString(Path.of(pidFile), Long.toString(ProcessHandle.current().pid()));
        }
        if (List.of(args).contains("--spawn-child")) {
            Process child = new ProcessBuilder("sleep", "600").start();
            String childFile = System.getenv("SPOON_TEST_CHILD_PIDFILE");
            if (childFile != null) {
                Files.writeString(Path.of(childFile), Long.toString(child.pid()));
            }
        }
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    Runtime.getRuntime().halt(0); // stdin closed: the client is gone
                }
                return n;
            }
        };
        McpAsyncServer server = build(McpServer.async(new StdioServerTransportProvider(mapper, in, System.out)));
        System.err.println("test server ready");
        Thread.currentThread().join(); // the transport's threads serve; this one waits for the end
        server.close();
    }

    /** A running HTTP server; {@link #close()} stops it. */
    public record Http(Server jetty, String url) implements AutoCloseable {
        @Override
        public void close() {
            try {
                jetty.stop();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the test MCP server", e);
            }
        }
    }

    /**
     * Starts the streamable-HTTP server on a free loopback port.
     *
     * @param requiredAuthorization the {@code Authorization} header every request must carry (else 401), or null
     */
    public static Http startHttp(String requiredAuthorization) throws Exception {
        HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint("/mcp").build();
        build(McpServer.async(provider));
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        ServletHolder holder = new ServletHolder(provider);
        holder.setAsyncSupported(true);
        ctx.addServlet(holder, "/*");
        if (requiredAuthorization != null) {
            Filter auth = (req, res, chain) -> {
                String got = ((HttpServletRequest) req).getHeader("Authorization");
                if (!requiredAuthorization.equals(got)) {
                    ((HttpServletResponse) res).sendError(401, "missing or wrong Authorization");
                    return;
                }
                chain.doFilter(req, res);
            };
            FilterHolder fh = new FilterHolder(auth);
            fh.setAsyncSupported(true);
            ctx.addFilter(fh, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        jetty.setHandler(ctx);
        jetty.start();
        return new Http(jetty, "http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    }

    private static McpAsyncServer build(McpServer.AsyncSpecification<?> spec) {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        AtomicReference<McpAsyncServer> self = new AtomicReference<>();
        List<AsyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool(mapper, "echo", "Echoes its text", """
                {"type":"object","properties":{"text":{"type":"string","description":"what to echo"}},
                 "required":["text"]}""", (ex, req) -> text("echo: " + req.arguments().get("text"))));
        tools.add(new AsyncToolSpecification(McpSchema.Tool.builder().name("add").description("Adds two numbers")
                .inputSchema(mapper, """
                        {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                         "required":["a","b"]}""")
                .outputSchema(mapper, """
                        {"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""").build(),
                (ex, req) -> {
                    double sum = ((Number) req.arguments().get("a")).doubleValue()
                            + ((Number) req.arguments().get("b")).doubleValue();
                    Object value = sum == Math.rint(sum) ? (Object) (long) sum : (Object) sum;
                    return Mono.just(McpSchema.CallToolResult.builder().addTextContent(String.valueOf(value))
                            .structuredContent(Map.of("sum", value)).build());
                }));
        tools.add(tool(mapper, "fail", "Reports a failure", """
                {"type":"object","properties":{"message":{"type":"string"}}}""",
                (ex, req) -> Mono.just(McpSchema.CallToolResult.builder().isError(true)
                        .addTextContent("failed: " + req.arguments().get("message")).build())));
        tools.add(tool(mapper, "crash", "Writes its message to stderr and exits with code 3", """
                {"type":"object","properties":{"message":{"type":"string"}}}""", (ex, req) -> {
                    System.err.println(req.arguments().get("message"));
                    System.err.flush();
                    Runtime.getRuntime().halt(3);
                    return Mono.never();
                }));
        tools.add(tool(mapper, "hang", "Never answers", """
                {"type":"object","properties":{}}""", (ex, req) -> {
                    System.err.println("hang started");
                    System.err.flush();
                    return Mono.never();
                }));
        tools.add(tool(mapper, "image", "An image and a resource", """
                {"type":"object","properties":{}}""", (ex, req) -> Mono.just(McpSchema.CallToolResult.builder()
                        .addTextContent("a tiny image")
                        .addContent(new McpSchema.ImageContent(null, TINY_PNG, "image/png"))
                        .addContent(new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents(
                                "test://notes/1", "text/plain", "resource text")))
                        .build())));
        tools.add(tool(mapper, "sample", "Asks the client's model", """
                {"type":"object","properties":{"prompt":{"type":"string"}},"required":["prompt"]}""",
                (ex, req) -> ex.createMessage(McpSchema.CreateMessageRequest.builder()
                                .messages(List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER,
                                        new McpSchema.TextContent(String.valueOf(req.arguments().get("prompt"))))))
                                .systemPrompt("You are a test.").maxTokens(50).build())
                        .map(r -> McpSchema.CallToolResult.builder().addTextContent("model said: "
                                + ((McpSchema.TextContent) r.content()).text() + " (" + r.model() + ")").build())));
        tools.add(tool(mapper, "roots", "Lists the client's roots", """
                {"type":"object","properties":{}}""", (ex, req) -> ex.listRoots().flatMap(r -> text(String.join(" ",
                        r.roots().stream().map(McpSchema.Root::uri).toList())))));
        tools.add(tool(mapper, "add_tool", "Adds a tool by that name", """
                {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""", (ex, req) -> {
                    String name = String.valueOf(req.arguments().get("name"));
                    return self.get().addTool(tool(mapper, name, "Added at run time", """
                            {"type":"object","properties":{}}""", (e2, r2) -> text("I am " + name)))
                            .then(text("added " + name));
                }));
        tools.add(tool(mapper, "env", "An environment variable and the working folder", """
                {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""",
                (ex, req) -> text(System.getenv(String.valueOf(req.arguments().get("name"))) + " cwd="
                        + Path.of("").toAbsolutePath())));
        McpAsyncServer server = spec.serverInfo("spoon-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).logging().build())
                .tools(tools).build();
        self.set(server);
        return server;
    }

    private static AsyncToolSpecification tool(McpJsonMapper mapper, String name, String description, String schema,
            BiFunction<McpAsyncServerExchange, McpSchema.CallToolRequest, Mono<McpSchema.CallToolResult>> call) {
        return new AsyncToolSpecification(McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(mapper, schema).build(), call);
    }

    private static Mono<McpSchema.CallToolResult> text(String s) {
        return Mono.just(McpSchema.CallToolResult.builder().addTextContent(s).build());
    }

    /** The command line that starts the stdio server with this JVM and class path. */
    public static List<String> stdioCommand(String... extraArgs) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                TestMcpServer.class.getName()));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A stdio server configuration that starts this server. */
    public static dev.spoon.llm.config.McpServerConfig stdio(String name, java.time.Duration timeout,
                                                               Map<String, String> env, String cwd,
                                                               String... extraArgs) {
        List<String> cmd = stdioCommand(extraArgs);
        return new dev.spoon.llm.config.McpServerConfig(name, cmd.get(0), cmd.subList(1, cmd.size()), env, cwd, null,
                null, timeout, true);
    }

    /** An HTTP server configuration for {@code url}. */
    public static dev.spoon.llm.config.McpServerConfig http(String name, String url, Map<String, String> headers) {
        return new dev.spoon.llm.config.McpServerConfig(name, null, null, null, null, url, headers, null, true);
    }
}
