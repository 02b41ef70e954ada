package dev.spoon.llm.http;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.exchange.ExchangeResult;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP transport every real provider shares. One process-wide {@link OkHttpClient} (one connection pool,
 * one dispatcher with daemon threads and no 5-per-host cap); each provider instance derives its own client
 * with {@link OkHttpClient#newBuilder()} for its timeouts and proxy.
 *
 * <p>For each call it builds the request, reports it to a listener from the owner's {@link ExchangeListeners}
 * (headers and URL redacted with the owner's {@link Redactor}, bodies raw), and reads the answer on the OkHttp thread: a non-2xx status goes to the
 * provider's {@link ResponseReader#error}, a body to {@link ResponseReader#body}, and a stream is fed through
 * an {@link SseDecoder} into the provider's {@link EventReader}. Connect and read failures become
 * {@link NetworkException}s. Cancelling the returned future cancels the call and closes its connection.
 * Thread-safe.
 */
public final class HttpTransport {

    /** One request. {@code timeout} overrides the provider's when not null. */
    public record Call(String method, String url, Map<String, String> headers, String body, String model,
                       boolean stream, Map<String, String> tags, Duration timeout) {
    }

    /** The provider's half of a call: how to read its answers. Called on the transport thread. */
    public interface ResponseReader {
        /** The exception for an error response (never null). */
        LlmException error(int status, Headers headers, String body);

        /**
         * The normalized response of a non-streamed body (timing is filled in by the transport).
         *
         * @throws LlmException when the body is an error after all
         */
        LlmResponse body(String body);

        /** A new reader for one streamed answer. */
        EventReader events();

        /** A reader made of its three parts. */
        static ResponseReader of(ErrorMapper errors, java.util.function.Function<String, LlmResponse> body,
                                 java.util.function.Supplier<EventReader> events) {
            return new ResponseReader() {
                @Override
                public LlmException error(int status, Headers headers, String text) {
                    return errors.error(status, headers, text);
                }

                @Override
                public LlmResponse body(String text) {
                    return body.apply(text);
                }

                @Override
                public EventReader events() {
                    return events.get();
                }
            };
        }
    }

    /** Reads the events of one streamed answer. One instance per call, one thread. */
    public interface EventReader {
        /**
         * One event; chunks go to the caller's stream handler from here.
         *
         * @throws LlmException for an error event inside the stream
         */
        void onEvent(String name, byte[] data, int length, long arrivalNanos);

        /** The provider sent its end marker ({@code [DONE]}, {@code message_stop}): stop reading. */
        boolean done();

        /** The answer is complete (a finish reason or end marker arrived), so the stream may end here. */
        boolean complete();

        /** The assembled response after a normal end (timing is filled in by the transport). */
        LlmResponse response();

        /** What arrived before {@code cause} ended the stream, with finish reason ERROR. */
        LlmResponse partial(LlmException cause);

        /** {@link System#nanoTime()} of the first content, reasoning or tool token, or 0. */
        long firstTokenNanos();

        /** Whether any event arrived. */
        boolean started();
    }

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_ERROR_BODY = 1 << 20;

    private static final class Shared {
        static final OkHttpClient BASE = newBase();

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
            return new OkHttpClient.Builder().dispatcher(d).retryOnConnectionFailure(true).build();
        }
    }

    private final String provider;
    private final OkHttpClient client;
    private final ExchangeListeners listeners;
    private final Redactor redactor;

    /**
     * A transport for provider instance {@code config.name()}: call timeout from {@code config.timeout()},
     * connect timeout at most 30 s, and {@code config.proxy()} ({@code http://} or {@code socks5://}).
     * Exchanges go to {@code context.listeners()}; {@code redactor} hides secrets in what they carry.
     *
     * @throws IllegalArgumentException for a malformed proxy URL
     */
    public HttpTransport(ProviderConfig config, ProviderContext context, Redactor redactor) {
        this.provider = config.name();
        this.listeners = context.listeners();
        this.redactor = redactor;
        Duration timeout = config.timeout();
        Duration connect = timeout.compareTo(Duration.ofSeconds(30)) < 0 ? timeout : Duration.ofSeconds(30);
        OkHttpClient.Builder b = Shared.BASE.newBuilder()
                .connectTimeout(connect)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout);
        if (config.proxy() != null && !config.proxy().isBlank()) {
            b.proxy(proxy(config.proxy()));
        }
        this.client = b.build();
    }

    static Proxy proxy(String url) {
        URI u = URI.create(url.trim());
        if (u.getHost() == null) {
            throw new IllegalArgumentException("proxy '" + url + "' needs a host, e.g. http://127.0.0.1:3128");
        }
        String scheme = u.getScheme() == null ? "http" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        Proxy.Type type = scheme.startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        int port = u.getPort() > 0 ? u.getPort() : type == Proxy.Type.SOCKS ? 1080 : 8080;
        return new Proxy(type, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    /**
     * Sends a chat call and reads its answer with {@code reader}: the whole body, or the event stream when
     * {@code call.stream()}.
     */
    public CompletableFuture<LlmResponse> send(Call call, ResponseReader reader) {
        Request request = build(call);
        long start = System.nanoTime();
        Exchange ex = new Exchange(Exchange.newId(), provider, call.model(), call.method(),
                redactor.redact(call.url()), redactor.headers(multimap(request.headers())), call.body(),
                call.stream(), call.tags(), Instant.now(), start);
        ExchangeListener listener = listeners.create(ex);
        listener.onRequest(ex);
        okhttp3.Call okCall = client.newCall(request);
        if (call.timeout() != null) {
            okCall.timeout().timeout(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        Run run = new Run(ex, listener, okCall, reader, future, call.stream());
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                okCall.cancel();
                run.report(null, null, true);
            }
        });
        okCall.enqueue(run);
        return future;
    }

    /**
     * A plain GET (model lists). Completes with the body of a 2xx answer, or exceptionally with
     * {@code errors}' exception or a {@link NetworkException}. Not reported to the listeners.
     */
    public CompletableFuture<String> get(String url, Map<String, String> headers, ErrorMapper errors) {
        Request.Builder rb = new Request.Builder().url(url).get();
        headers.forEach(rb::header);
        okhttp3.Call okCall = client.newCall(rb.build());
        CompletableFuture<String> future = new CompletableFuture<>();
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                okCall.cancel();
            }
        });
        okCall.enqueue(new Callback() {
            @Override
            public void onFailure(okhttp3.Call c, IOException e) {
                future.completeExceptionally(network(e, c.isCanceled()));
            }

            @Override
            public void onResponse(okhttp3.Call c, Response response) {
                try (response) {
                    String body = response.body().string();
                    if (response.isSuccessful()) {
                        future.complete(body);
                    } else {
                        future.completeExceptionally(errors.error(response.code(), response.headers(), body));
                    }
                } catch (IOException e) {
                    future.completeExceptionally(network(e, c.isCanceled()));
                } catch (RuntimeException e) {
                    future.completeExceptionally(unexpected(e));
                }
            }
        });
        return future;
    }

    /** Status + headers + body → exception. */
    @FunctionalInterface
    public interface ErrorMapper {
        LlmException error(int status, Headers headers, String body);
    }

    private Request build(Call call) {
        Request.Builder rb = new Request.Builder().url(call.url());
        call.headers().forEach(rb::header);
        if (call.body() != null) {
            rb.method(call.method(), RequestBody.create(call.body(), JSON));
        } else {
            rb.method(call.method(), null);
        }
        if (call.stream()) {
            rb.header("Accept", "text/event-stream");
        }
        return rb.build();
    }

    /** A failure without an HTTP answer, as a {@link NetworkException} naming what went wrong. */
    NetworkException network(IOException e, boolean cancelled) {
        String what;
        if (cancelled) {
            what = "the request to " + provider + " was cancelled";
        } else if (e instanceof UnknownHostException) {
            what = "could not resolve host " + e.getMessage();
        } else if (e instanceof ConnectException) {
            what = "could not connect to " + provider + ": " + e.getMessage();
        } else if (e instanceof SocketTimeoutException) {
            what = "timed out waiting for " + provider + ": " + e.getMessage();
        } else if (e instanceof InterruptedIOException) {
            what = "the request to " + provider + " timed out: " + e.getMessage();
        } else {
            what = "network error talking to " + provider + ": " + e;
        }
        return new NetworkException(what, provider, null, null, !cancelled, null, e);
    }

    /** The state of one call; also its OkHttp callback. */
    private final class Run implements Callback {
        private final Exchange ex;
        private final ExchangeListener listener;
        private final okhttp3.Call okCall;
        private final ResponseReader reader;
        private final CompletableFuture<LlmResponse> future;
        private final boolean stream;
        private final AtomicBoolean reported = new AtomicBoolean();
        private volatile Integer status;
        private volatile Map<String, List<String>> responseHeaders = Map.of();
        private volatile String responseBody;
        private volatile long firstByteNanos;
        private volatile long firstTokenNanos;

        Run(Exchange ex, ExchangeListener listener, okhttp3.Call okCall, ResponseReader reader,
            CompletableFuture<LlmResponse> future, boolean stream) {
            this.ex = ex;
            this.listener = listener;
            this.okCall = okCall;
            this.reader = reader;
            this.future = future;
            this.stream = stream;
        }

        @Override
        public void onFailure(okhttp3.Call c, IOException e) {
            fail(network(e, c.isCanceled()));
        }

        @Override
        public void onResponse(okhttp3.Call c, Response response) {
            try (response) {
                status = response.code();
                responseHeaders = redactor.headers(multimap(response.headers()));
                listener.onResponseHeaders(ex, status, responseHeaders);
                ResponseBody body = response.body();
                if (!response.isSuccessful()) {
                    String text = readText(body.source(), MAX_ERROR_BODY);
                    responseBody = text;
                    fail(reader.error(response.code(), response.headers(), text));
                } else if (stream) {
                    readStream(body.source());
                } else {
                    String text = readText(body.source(), Long.MAX_VALUE);
                    responseBody = text;
                    LlmResponse r = reader.body(text);
                    succeed(r);
                }
            } catch (IOException e) {
                fail(network(e, c.isCanceled()));
            } catch (LlmException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(unexpected(e));
            }
        }

        private String readText(BufferedSource source, long limit) throws IOException {
            if (source.request(1)) {
                markFirstByte(System.nanoTime());
            }
            if (limit == Long.MAX_VALUE) {
                return source.readUtf8();
            }
            source.request(limit);
            long n = Math.min(limit, source.getBuffer().size());
            return source.readUtf8(n);
        }

        private void markFirstByte(long t) {
            if (firstByteNanos == 0) {
                firstByteNanos = t;
            }
        }

        /**
         * Feeds the body through the decoder into the provider's reader. A 200 body that holds no event at all
         * (a server that answered a stream request with plain JSON, e.g. an error object) is read as a
         * non-streamed body instead, so its answer or its error is not lost.
         */
        private void readStream(BufferedSource source) throws IOException {
            EventReader events = reader.events();
            SseDecoder decoder = new SseDecoder();
            boolean listen = listener != ExchangeListener.NONE;
            long[] arrival = new long[1];
            int[] eventCount = new int[1];
            SseDecoder.Handler handler = (name, data, length) -> {
                eventCount[0]++;
                if (listen) {
                    String text = new String(data, 0, length, StandardCharsets.UTF_8);
                    listener.onChunk(ex, name == null ? text : "event: " + name + "\ndata: " + text, arrival[0]);
                }
                events.onEvent(name, data, length, arrival[0]);
            };
            byte[] buf = new byte[16 * 1024];
            okio.Buffer raw = new okio.Buffer();
            try {
                int n;
                while (!events.done() && (n = source.read(buf)) != -1) {
                    long t = System.nanoTime();
                    arrival[0] = t;
                    markFirstByte(t);
                    if (eventCount[0] == 0 && raw.size() < MAX_ERROR_BODY) {
                        raw.write(buf, 0, n);
                    }
                    decoder.decode(buf, 0, n, handler);
                }
                if (!events.done()) {
                    arrival[0] = System.nanoTime();
                    decoder.end(handler);
                }
            } catch (IOException e) {
                firstTokenNanos = events.firstTokenNanos();
                NetworkException ne = network(e, okCall.isCanceled());
                fail(events.started() && !okCall.isCanceled() ? ne.withPartial(events.partial(ne)) : ne);
                return;
            } catch (LlmException e) {
                firstTokenNanos = events.firstTokenNanos();
                fail(events.started() ? e.withPartial(events.partial(e)) : e);
                return;
            }
            firstTokenNanos = events.firstTokenNanos();
            if (eventCount[0] == 0 && raw.size() > 0) {
                String text = raw.readUtf8();
                String t = text.strip();
                if (t.startsWith("{") || t.startsWith("[")) {
                    responseBody = text;
                    succeed(reader.body(text));
                    return;
                }
            }
            if (!events.complete()) {
                NetworkException ne = new NetworkException("the stream from " + provider
                        + " ended before the answer was complete (no finish reason or end marker)", provider,
                        status, null, true, null, null);
                fail(events.started() ? ne.withPartial(events.partial(ne)) : ne);
                return;
            }
            succeed(events.response());
        }

        private LlmResponse timed(LlmResponse r) {
            long end = System.nanoTime();
            Long ttft = firstTokenNanos > 0 ? Math.max(0, (firstTokenNanos - ex.startNanos()) / 1_000_000) : null;
            return r.withTiming((end - ex.startNanos()) / 1_000_000, stream ? ttft : null);
        }

        private void succeed(LlmResponse r) {
            LlmResponse timed = timed(r);
            report(timed, null, false);
            future.complete(timed);
        }

        private void fail(LlmException e) {
            if (e.partial() != null) {
                e.withPartial(timed(e.partial()));
            }
            if (okCall.isCanceled() || future.isCancelled()) {
                report(null, null, true);
                future.cancel(false);
                return;
            }
            report(null, e, false);
            future.completeExceptionally(e);
        }

        void report(LlmResponse r, LlmException e, boolean cancelled) {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            listener.onComplete(ex, new ExchangeResult(status, responseHeaders, responseBody, r, e, firstByteNanos,
                    firstTokenNanos, System.nanoTime(), cancelled));
        }
    }

    /** The headers by name, names as sent (case kept), values in order. */
    static Map<String, List<String>> multimap(Headers headers) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            m.computeIfAbsent(headers.name(i), k -> new java.util.ArrayList<>()).add(headers.value(i));
        }
        return m;
    }

    /** Turns an unexpected runtime failure (e.g. a malformed body) into a {@link ProviderException}. */
    private LlmException unexpected(RuntimeException e) {
        if (e instanceof LlmException le) {
            return le;
        }
        return new ProviderException("unexpected response from " + provider + ": " + e.getMessage(), provider,
                null, e.getMessage(), false, null, e);
    }
}
