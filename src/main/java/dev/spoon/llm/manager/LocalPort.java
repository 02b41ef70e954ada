package dev.spoon.llm.manager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/** Whether a server on this machine accepts connections at a base URL's host and port (a TCP connect, no request). */
final class LocalPort {
    /** A loopback connect is answered at once; the limit only guards against a host name that resolves oddly. */
    private static final int CONNECT_TIMEOUT_MS = 250;

    private LocalPort() {
    }

    /** Whether something accepts a connection at {@code baseUrl}'s host and port; false for a malformed URL. */
    static boolean listening(String baseUrl) {
        URI u;
        try {
            u = URI.create(baseUrl.strip());
        } catch (RuntimeException e) {
            return false;
        }
        if (u.getHost() == null) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port(u)), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
