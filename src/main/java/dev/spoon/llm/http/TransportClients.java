package dev.spoon.llm.http;

import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.Redactor;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionSpec;
import okhttp3.Credentials;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OkHttp clients of the transport. One process-wide base client holds the connection pool and a dispatcher
 * with daemon threads and no 5-per-host cap; each provider derives its own with {@link #forProvider}: its
 * connect and read timeouts, its proxy (with {@code Proxy-Authorization} from the proxy URL's
 * {@code user:password}), and {@link SameOriginRedirects} (OkHttp's own redirect following is off: it would
 * carry custom headers such as {@code x-api-key} to another host). The whole-call limit is the transport's
 * own timer, not OkHttp's, so that a timeout is never mistaken for a cancellation.
 */
final class TransportClients {
    private TransportClients() {
    }

    private static final class Base {
        static final OkHttpClient CLIENT = newBase();

        private static OkHttpClient newBase() {
            AtomicInteger n = new AtomicInteger();
            ExecutorService exec = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "spoon-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            Dispatcher d = new Dispatcher(exec);
            d.setMaxRequests(4096);
            d.setMaxRequestsPerHost(4096);
            // cleartext only: OkHttp sets up TLS (the JDK's trust store, an SSLContext: about 400 classes and
            // 0.15-0.2 s of a command's start) when a client allows it, so only clients that need it do
            return new OkHttpClient.Builder().dispatcher(d).retryOnConnectionFailure(true)
                    .followRedirects(false).followSslRedirects(false)
                    .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                    .eventListenerFactory(call -> PHASES).build();
        }
    }

    /** The platform's TLS set-up, made once, when the first client that may use https is built. */
    private static final class Tls {
        static final OkHttpClient DEFAULTS = new OkHttpClient();
    }

    /** Marks a call's {@link CallPhase} connected once OkHttp has a connection for it. */
    private static final EventListener PHASES = new EventListener() {
        @Override
        public void connectionAcquired(Call call, Connection connection) {
            CallPhase phase = call.request().tag(CallPhase.class);
            if (phase != null) {
                phase.connected = true;
            }
        }
    };

    /** How far a call got: read by the transport to tell a connect timeout from a read timeout. */
    static final class CallPhase {
        volatile boolean connected;
    }

    /**
     * The client of one provider instance; it speaks TLS (OkHttp's default connection specs) unless
     * {@code cleartextOnly}, which a provider whose base URL is {@code http://} asks for (a local server, a
     * loopback stub), so that it never pays for setting TLS up.
     *
     * @throws IllegalArgumentException for a malformed proxy URL or a timeout that is not positive (the message
     *                                  holds no credential)
     */
    static OkHttpClient forProvider(ProviderConfig config, boolean cleartextOnly) {
        long connectMs = millis(config.connectTimeout(), "connect_timeout_s");
        long readMs = millis(config.readTimeout(), "read_timeout_s");
        OkHttpClient.Builder b = Base.CLIENT.newBuilder()
                .connectTimeout(connectMs, TimeUnit.MILLISECONDS)
                .readTimeout(readMs, TimeUnit.MILLISECONDS)
                .writeTimeout(readMs, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .addInterceptor(new SameOriginRedirects());
        if (!cleartextOnly) {
            b.connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                    .sslSocketFactory(Tls.DEFAULTS.sslSocketFactory(), Tls.DEFAULTS.x509TrustManager());
        }
        if (config.proxy() != null && !config.proxy().isBlank()) {
            URI u = proxyUri(config.proxy());
            b.proxy(proxy(u));
            String info = u.getRawUserInfo();
            if (info != null) {
                if (scheme(u).startsWith("socks")) {
                    throw new IllegalArgumentException("proxy " + Redactor.url(config.proxy()) + ": a SOCKS proxy with"
                            + " user:password is not supported; use an http:// proxy, or a SOCKS proxy without"
                            + " credentials");
                }
                int colon = info.indexOf(':');
                String user = decode(colon < 0 ? info : info.substring(0, colon));
                String pass = colon < 0 ? "" : decode(info.substring(colon + 1));
                String credential = Credentials.basic(user, pass, StandardCharsets.UTF_8);
                // HTTPS targets: OkHttp asks before opening the tunnel (a preemptive challenge) and on a 407
                b.proxyAuthenticator((route, response) ->
                        response.request().header("Proxy-Authorization") != null ? null
                                : response.request().newBuilder().header("Proxy-Authorization", credential).build());
                // plain-HTTP targets: the request itself goes to the proxy, so it carries the header
                b.addNetworkInterceptor(chain -> {
                    Request r = chain.request();
                    return chain.proceed(r.isHttps() || r.header("Proxy-Authorization") != null ? r
                            : r.newBuilder().header("Proxy-Authorization", credential).build());
                });
            }
        }
        return b.build();
    }

    /** The shared base client (model lists and tests may use it directly). */
    static OkHttpClient base() {
        return Base.CLIENT;
    }

    /** A positive duration in whole milliseconds, rounded up: a tiny limit stays a limit, never "none". */
    static long millis(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be more than 0 s");
        }
        long ms = d.toMillis();
        return d.minusMillis(ms).isZero() ? Math.max(1, ms) : ms + 1;
    }

    private static URI proxyUri(String url) {
        URI u;
        try {
            u = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy " + Redactor.url(url) + " is not a URL, e.g."
                    + " http://127.0.0.1:3128");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("proxy " + Redactor.url(url) + " needs a host, e.g."
                    + " http://127.0.0.1:3128");
        }
        return u;
    }

    private static String scheme(URI u) {
        return u.getScheme() == null ? "http" : u.getScheme().toLowerCase(Locale.ROOT);
    }

    static Proxy proxy(URI u) {
        Proxy.Type type = scheme(u).startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        int port = u.getPort() > 0 ? u.getPort() : type == Proxy.Type.SOCKS ? 1080 : 8080;
        return new Proxy(type, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
