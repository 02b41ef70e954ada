package dev.spoon.llm.mcp;

import dev.spoon.llm.config.McpServerConfig;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import reactor.core.publisher.Mono;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The stdio transport of one MCP server: a subprocess started with the configured command, arguments,
 * environment and working folder, spoken to in newline-delimited JSON-RPC on its stdin and stdout, its stderr
 * kept in a {@link StderrTail}. Used instead of the SDK's {@code StdioClientTransport}, which cannot set the
 * working folder, hides the process (so its exit cannot be seen and its children cannot be ended) and drops
 * stderr after an error.
 *
 * <p>{@link #exited()} completes with the exit code once the process has exited and both its streams are read
 * to the end, so the stderr tail holds the last words of a crashed server. Closing closes stdin first, gives
 * the server {@link ProcessReaper#GRACE_MS} to exit, then ends its process tree.
 *
 * <p>Threads: two daemon readers (stdout, stderr) and one writer per server; inbound messages are handed to the
 * SDK's handler on the stdout reader.
 */
final class StdioTransport implements McpClientTransport {
    /** The longest line accepted from the server (the SDK's own limit). */
    static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private final String server;
    private final McpServerConfig config;
    private final McpJsonMapper mapper;
    private final StderrTail stderr;
    private final ExecutorService writer;
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrDone = new CompletableFuture<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile Process process;
    private volatile boolean closing;
    /** The server's descendants as last seen, ended too if the server dies without ending them. */
    private volatile List<ProcessHandle> children = List.of();
    private volatile long childrenSeenNanos;
    private CompletableFuture<Void> closed;

    StdioTransport(String server, McpServerConfig config, McpJsonMapper mapper, StderrTail stderr) {
        this.server = server;
        this.config = config;
        this.mapper = mapper;
        this.stderr = stderr;
        this.writer = Executors.newSingleThreadExecutor(r -> daemon(r, "spoon-mcp-" + server + "-in"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The command line as started: command, then the arguments. */
    List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.command());
        cmd.addAll(config.args());
        return cmd;
    }

    /**
     * Starts the process and its stderr reader.
     *
     * @throws McpException ({@link McpException.Reason#START_FAILED}) when the command cannot be run
     */
    void start() {
        ProcessBuilder pb = new ProcessBuilder(commandLine());
        pb.environment().putAll(config.env());
        if (config.cwd() != null && !config.cwd().isBlank()) {
            Path dir = Path.of(config.cwd());
            if (!dir.toFile().isDirectory()) {
                throw new McpException(server, McpException.Reason.START_FAILED, "MCP server '" + server
                        + "': its working folder (cwd) " + dir + " does not exist");
            }
            pb.directory(dir.toFile());
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("error=2")
                    ? "no such program (is it installed and on the PATH?)" : e.getMessage();
            throw new McpException(server, McpException.Reason.START_FAILED, "MCP server '" + server
                    + "': cannot start '" + String.join(" ", commandLine()) + "': " + why, null, List.of(), e);
        }
        ProcessReaper.register(process);
        Process p = process;
        Thread err = daemon(() -> readStderr(p.getErrorStream()), "spoon-mcp-" + server + "-err");
        err.start();
        p.onExit().thenRun(() -> {
            if (!closing) {
                // died by itself (crash, exit): what it started is no longer its descendant, but was seen
                ProcessReaper.terminate(children);
            }
        });
        CompletableFuture.allOf(stdoutDone, stderrDone, p.onExit()).whenComplete((v, e) -> {
            ProcessReaper.unregister(p);
            exited.complete(p.exitValue());
        });
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stderr.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            stderrDone.complete(null);
        }
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            Process p = process;
            if (p == null) {
                throw new IllegalStateException("start() first");
            }
            daemon(() -> readStdout(p.getInputStream(), handler), "spoon-mcp-" + server + "-out").start();
        });
    }

    private void readStdout(InputStream in, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = readLine(r)) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (Exception e) {
                    // a server that prints logs on stdout: keep the line where the user looks for logs
                    stderr.add("[stdout, not JSON-RPC] " + line);
                    continue;
                }
                try {
                    handler.apply(Mono.just(message)).subscribe(x -> { }, e -> { });
                } catch (RuntimeException ignored) {
                    // the SDK reports its own failures to the waiting request
                }
                noteChildren();
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            stdoutDone.complete(null);
        }
    }

    /**
     * Remembers the server's descendants when it answers (the first time, then at most once a second: listing
     * them reads every process of the system), so they can be ended if the server dies without ending them.
     */
    private void noteChildren() {
        Process p = process;
        long now = System.nanoTime();
        if (p != null && p.isAlive() && (childrenSeenNanos == 0 || now - childrenSeenNanos > 1_000_000_000L)) {
            childrenSeenNanos = now;
            children = p.descendants().toList();
        }
    }

    /** A line of at most {@link #MAX_LINE_CHARS} characters (a longer one is read on and reported). */
    private String readLine(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        boolean tooLong = false;
        while ((c = r.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (sb.length() < MAX_LINE_CHARS) {
                sb.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c == -1 && sb.isEmpty()) {
            return null;
        }
        if (tooLong) {
            stderr.add("[a message of more than " + MAX_LINE_CHARS + " characters on stdout was dropped]");
            return "";
        }
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.defer(() -> {
            Process p = process;
            if (p == null || closing) {
                return Mono.error(new McpException(server, McpException.Reason.EXITED, "MCP server '" + server
                        + "' is not running", null, stderr.last(StderrTail.ERROR_LINES), null));
            }
            if (exited.isDone() || !p.isAlive()) {
                return Mono.fromFuture(gone(null)); // e.g. died at start, before the first message
            }
            String json;
            try {
                json = mapper.writeValueAsString(message);
            } catch (IOException e) {
                return Mono.error(e);
            }
            // one message per line: the JSON writer escapes newlines inside strings, so none are left here
            byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream os = p.getOutputStream();
                    os.write(bytes);
                    os.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, writer);
            // a write fails when the process is going away
            CompletableFuture<Void> sent = written.handle((v, e) -> e).thenCompose(e -> e == null
                    ? CompletableFuture.completedFuture(null) : gone(e));
            return Mono.fromFuture(sent);
        });
    }

    /**
     * Fails a message the server can no longer take, once its exit is complete (waited for up to
     * {@link ProcessReaper#GRACE_MS}), so the error has its exit code and the last lines of its stderr.
     */
    private CompletableFuture<Void> gone(Throwable cause) {
        return exited.copy().completeOnTimeout(null, ProcessReaper.GRACE_MS, TimeUnit.MILLISECONDS)
                .thenCompose(code -> CompletableFuture.failedFuture(new McpException(server,
                        McpException.Reason.EXITED, "MCP server '" + server + "' " + (code == null
                        ? "stopped reading its input" : "exited with code " + code), null,
                        stderr.last(StderrTail.ERROR_LINES), cause)));
    }

    /** Completes with the exit code once the process has exited and its output is read to the end. */
    CompletableFuture<Integer> exited() {
        return exited;
    }

    /** The server process, or null before {@link #start()}. */
    Process process() {
        return process;
    }

    /**
     * Closes stdin, waits up to {@link ProcessReaper#GRACE_MS} for the server to exit, then ends its process
     * tree. Idempotent; the future completes when every process of the tree has exited.
     */
    synchronized CompletableFuture<Void> shutdown() {
        if (closed != null) {
            return closed;
        }
        closing = true;
        Process p = process;
        if (p == null) {
            writer.shutdownNow();
            closed = CompletableFuture.completedFuture(null);
            return closed;
        }
        writer.shutdown();
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.addAll(children);
        ProcessReaper.closeStdin(p);
        closed = p.onExit().orTimeout(ProcessReaper.GRACE_MS, TimeUnit.MILLISECONDS)
                .handle((x, e) -> null)
                .thenCompose(x -> ProcessReaper.terminateTree(p, tree))
                .whenComplete((x, e) -> writer.shutdownNow());
        return closed;
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.defer(() -> Mono.fromFuture(shutdown()));
    }

    @Override
    public void close() {
        shutdown();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}
