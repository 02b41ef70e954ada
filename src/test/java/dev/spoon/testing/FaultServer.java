package dev.spoon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP/1.1 server on a loopback raw socket, for fault-injection tests: it reads each request
 * (head and {@code Content-Length} body), records it, and answers however the test's {@link Behavior} says,
 * byte by byte if need be: stall forever, send headers and stall, send events then close (FIN) or reset (RST),
 * drip, send an HTML page or a redirect. A stalled connection stays stalled until {@link #close()}, so a test
 * that expects a timeout gets it on any machine, however slow. One daemon thread per connection.
 */
public final class FaultServer implements AutoCloseable {

    /** How to answer the {@code index}-th request (0-based) on connection {@code c}. */
    @FunctionalInterface
    public interface Behavior {
        void serve(Exchange c, int index) throws IOException, InterruptedException;
    }

    /** One request and the means to answer it. */
    public final class Exchange {
        public final String requestLine;
        /** Request headers, names lower-cased. */
        public final Map<String, String> headers;
        public final String body;
        private final Socket socket;
        private final OutputStream out;

        Exchange(Socket socket, String requestLine, Map<String, String> headers, String body) throws IOException {
            this.socket = socket;
            this.requestLine = requestLine;
            this.headers = headers;
            this.body = body;
            this.out = socket.getOutputStream();
        }

        /** Writes and flushes {@code text} (UTF-8). */
        public Exchange write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** A status line and headers ({@code Connection: close}); the body is close-delimited unless a header says otherwise. */
        public Exchange head(int status, String... headerLines) throws IOException {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                    .append("\r\n");
            for (String h : headerLines) {
                sb.append(h).append("\r\n");
            }
            sb.append("Connection: close\r\n\r\n");
            return write(sb.toString());
        }

        /** A whole answer with a {@code Content-Length}. */
        public void respond(int status, String contentType, String body, String... headerLines) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            List<String> h = new ArrayList<>(List.of(headerLines));
            h.add("Content-Type: " + contentType);
            h.add("Content-Length: " + b.length);
            head(status, h.toArray(String[]::new));
            out.write(b);
            out.flush();
        }

        /** One chunk of a {@code Transfer-Encoding: chunked} body. */
        public Exchange chunk(String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return this;
        }

        /** Blocks until the server is closed: the client hears nothing more. */
        public void stall() throws InterruptedException {
            closed.await();
        }

        /** Closes the connection normally (FIN). */
        public void fin() throws IOException {
            out.flush();
            socket.shutdownOutput();
            socket.close();
        }

        /** Resets the connection (RST): the client's next read fails with "connection reset". */
        public void rst() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Behavior behavior;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Exchange> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger count = new AtomicInteger();

    /** A server on {@code 127.0.0.1}. */
    public FaultServer(Behavior behavior) throws IOException {
        this("127.0.0.1", behavior);
    }

    /** A server on loopback address {@code host} (e.g. {@code 127.0.0.2}: another origin). */
    public FaultServer(String host, Behavior behavior) throws IOException {
        this.behavior = behavior;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        Thread t = new Thread(this::acceptLoop, "fault-server-accept");
        t.setDaemon(true);
        t.start();
    }

    /** {@code http://host:port} + {@code path}. */
    public String url(String path) {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + path;
    }

    /** The requests received so far, in order. */
    public List<Exchange> requests() {
        return List.copyOf(requests);
    }

    /** Errors the behavior threw (other than the client going away). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> handle(s), "fault-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) {
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                Exchange ex = new Exchange(s, lines[0], headers, new String(body, StandardCharsets.UTF_8));
                requests.add(ex);
                behavior.serve(ex, count.getAndIncrement());
                if (s.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away (timeout, cancel): expected in these tests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 401 -> "Unauthorized";
            case 407 -> "Proxy Authentication Required";
            case 502 -> "Bad Gateway";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
