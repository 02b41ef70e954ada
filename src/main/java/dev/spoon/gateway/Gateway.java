package dev.spoon.gateway;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.GatewayConfig;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The local gateway (DESIGN.md "Local gateway"): an HTTP server that speaks the OpenAI Chat Completions and
 * Anthropic Messages APIs to any application and answers through a core's {@link dev.spoon.llm.manager.LlmManager},
 * so every call is routed, retried and balanced like the core's own, recorded in its debug log (tags
 * {@code origin=gateway}, {@code client=<User-Agent>}) and counted in its metrics.
 *
 * <p>Security: it listens on {@code 127.0.0.1} unless told otherwise and refuses any other address without a
 * token; with a token, requests need {@code Authorization: Bearer TOKEN} or {@code x-api-key: TOKEN}. A
 * client's own key is never sent upstream (upstream keys come from the configuration). Bodies larger than
 * {@code max_request_mb} get 413.
 *
 * <p>Embeddable: {@link #start} returns once the server accepts connections; {@link #close} stops accepting,
 * gives calls in flight up to {@link #GRACE} to finish, then closes. The core stays the caller's to close.
 * Built on Jetty's core handlers (no servlet layer): reads and writes are asynchronous, so a server thread is
 * never held while an upstream thinks.
 */
public final class Gateway implements AutoCloseable {
    /** How long calls in flight may run on after {@link #close}. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    /** Longest silence on a client connection; above every provider timeout, so a slow upstream is not cut. */
    private static final Duration IDLE = Duration.ofMinutes(15);

    private final Server server;
    private final ServerConnector connector;
    private final GatewayStats stats;
    private final GatewayConfig settings;

    private Gateway(Server server, ServerConnector connector, GatewayStats stats, GatewayConfig settings) {
        this.server = server;
        this.connector = connector;
        this.stats = stats;
        this.settings = settings;
    }

    /**
     * Starts a gateway over {@code core} with {@code settings} (host, port — 0 picks a free one —, token, size
     * limit) and returns once it accepts connections.
     *
     * @throws ConfigurationException for a non-loopback host without a token, or an unknown host
     * @throws LlmException           when the address cannot be bound (e.g. the port is taken)
     */
    public static Gateway start(SpoonCore core, GatewayConfig settings) {
        String host = settings.host() == null || settings.host().isBlank() ? "127.0.0.1" : settings.host();
        boolean hasToken = settings.token() != null && !settings.token().isEmpty();
        if (!isLoopback(host) && !hasToken) {
            throw new ConfigurationException("refusing to listen on " + host + " without a token: anyone who can "
                    + "reach it could spend your provider keys. Pass --token TOKEN (or set gateway.token), or "
                    + "listen on 127.0.0.1", null);
        }
        GatewayStats stats = new GatewayStats();
        GatewayContext context = new GatewayContext(core.manager(), core.configuration(), core.redactor(), stats,
                new ThoughtSignatures(), core.debugLogger());
        QueuedThreadPool pool = new QueuedThreadPool(200, 2);
        pool.setName("spoon-gateway");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(settings.port());
        connector.setIdleTimeout(IDLE.toMillis());
        server.addConnector(connector);
        server.setHandler(new GracefulHandler(new GatewayHandler(context, settings.token(), settings.maxRequestMb())));
        server.setStopTimeout(GRACE.toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            throw new LlmException("cannot listen on " + host + ":" + settings.port() + ": " + cause.getMessage(),
                    null, null, null, false, null, e);
        }
        return new Gateway(server, connector, stats,
                new GatewayConfig(host, connector.getLocalPort(), settings.token(), settings.maxRequestMb()));
    }

    /** Whether {@code host} names this machine's loopback interface only. */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new ConfigurationException("unknown host '" + host + "' for the gateway: " + e.getMessage(), null);
        }
    }

    /** {@code http://HOST:PORT}, the base clients use (OpenAI clients add {@code /v1}). */
    public URI url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + settings.port());
    }

    /** The settings in force: the port is the bound one (also when 0 was asked for). */
    public GatewayConfig settings() {
        return settings;
    }

    public GatewayStats stats() {
        return stats;
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /** Stops accepting, lets calls in flight finish (at most {@link #GRACE}), then closes every connection. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping is best effort: the process or the toggle moves on either way
        }
    }

}
