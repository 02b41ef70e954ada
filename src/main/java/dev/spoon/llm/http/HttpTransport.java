package dev.spoon.llm.http;

import dev.spoon.llm.AuthenticationException;
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
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP transport every real provider shares. One process-wide {@link OkHttpClient} (one connection pool,
 * one dispatcher with daemon threads and no 5-per-host cap); each provider instance derives its own client for
 * its limits and proxy ({@link TransportClients}). Redirects are followed only within the origin
 * ({@link SameOriginRedirects}); the whole-call limit is a {@link Deadline}.
 *
 * <p>For each call it builds the request, reports it to a listener from the owner's {@link ExchangeListeners}
 * (headers and URL redacted with the owner's {@link Redactor}, bodies raw), and reads the answer on the
 * OkHttp thread: a non-2xx status goes to the provider's {@link ResponseReader#error} (its body redacted
 * first), a body to {@link ResponseReader#body}, and a stream is fed through an {@link SseDecoder} into the
 * provider's {@link EventReader}. Connect and read failures become
 * {@link NetworkException}s that name what failed ({@link TransportFailures}); one call's life is an
 * {@link ExchangeRun}. Cancelling the returned future cancels the call and closes its connection.
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

    /** Who the calls are for: the provider instance, its redaction list and the variable its key comes from. */
    record Owner(String provider, Redactor redactor, String keyVariable) {
    }

    private final String provider;
    private final Owner owner;
    private final OkHttpClient client;
    private final ExchangeListeners listeners;
    private final Redactor redactor;
    private final TransportFailures.Limits limits;

    /**
     * A transport for provider instance {@code config.name()}: connect, read and whole-call limits from
     * {@code connect_timeout_s}, {@code read_timeout_s} and {@code timeout_s}, and {@code config.proxy()}
     * ({@code http://[user:password@]host:port} or {@code socks5://host:port}). Exchanges go to
     * {@code context.listeners()}; {@code redactor} hides secrets in what they carry and in every error.
     *
     * @throws IllegalArgumentException for a malformed proxy URL or a limit that is not positive (the message
     *                                  holds no credential)
     */
    public HttpTransport(ProviderConfig config, ProviderContext context, Redactor redactor) {
        this(config, context, redactor, null);
    }

    /**
     * A transport as above for a provider whose requests all go under {@code baseUrl}: when it is an
     * {@code http://} URL the client is set up without TLS (which costs a noticeable part of a short command's
     * start). Null means unknown: TLS is set up.
     */
    public HttpTransport(ProviderConfig config, ProviderContext context, Redactor redactor, String baseUrl) {
        this.provider = config.name();
        this.listeners = context.listeners();
        this.redactor = redactor;
        this.owner = new Owner(provider, redactor, config.keyVariable());
        this.client = TransportClients.forProvider(config, baseUrl != null
                && baseUrl.regionMatches(true, 0, "http://", 0, 7));
        this.limits = new TransportFailures.Limits(config.connectTimeout(), config.readTimeout(), config.timeout());
    }

    /**
     * Sends a chat call and reads its answer with {@code reader}: the whole body, or the event stream when
     * {@code call.stream()}. The future fails with a {@link NetworkException} naming the limit when one of the
     * three timeouts fires (a stream keeps what already arrived as the error's partial answer), with a
     * {@link ProviderException} for a redirect to another origin or a body that is not the API's format, and
     * with the provider's own error for an error status. Every error text is redacted.
     */
    public CompletableFuture<LlmResponse> send(Call call, ResponseReader reader) {
        TransportClients.CallPhase phase = new TransportClients.CallPhase();
        Request request = build(call, phase);
        long start = System.nanoTime();
        Exchange ex = new Exchange(Exchange.newId(), provider, call.model(), call.method(),
                redactor.redact(call.url()), redactor.headers(multimap(request.headers())), call.body(),
                call.stream(), call.tags(), Instant.now(), start);
        ExchangeListener listener = listeners.create(ex);
        listener.onRequest(ex);
        okhttp3.Call okCall = client.newCall(request);
        CompletableFuture<LlmResponse> future = new CompletableFuture<>();
        TransportFailures.Limits callLimits = call.timeout() == null ? limits
                : new TransportFailures.Limits(limits.connect(), limits.read(), call.timeout());
        ExchangeRun run = new ExchangeRun(owner, ex, listener, okCall, reader, future, call.stream(), callLimits,
                phase);
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                run.cancelledByCaller();
            }
        });
        okCall.enqueue(run);
        return future;
    }

    /**
     * A plain GET (model lists), under the same limits, redirect rule and redaction as {@link #send}. Completes
     * with the body of a 2xx answer, or exceptionally with {@code errors}' exception, a {@link ProviderException}
     * (redirect, not the API) or a {@link NetworkException}. Not reported to the listeners.
     */
    public CompletableFuture<String> get(String url, Map<String, String> headers, ErrorMapper errors) {
        TransportClients.CallPhase phase = new TransportClients.CallPhase();
        Request.Builder rb = new Request.Builder().url(url).get().tag(TransportClients.CallPhase.class, phase);
        headers.forEach(rb::header);
        okhttp3.Call okCall = client.newCall(rb.build());
        Deadline deadline = Deadline.start(limits.whole(), okCall);
        CompletableFuture<String> future = new CompletableFuture<>();
        future.whenComplete((v, e) -> {
            deadline.stop();
            if (future.isCancelled()) {
                okCall.cancel();
            }
        });
        okCall.enqueue(new Callback() {
            @Override
            public void onFailure(okhttp3.Call c, IOException e) {
                future.completeExceptionally(TransportFailures.network(provider, e, limits, deadline.expired(),
                        phase.connected, false));
            }

            @Override
            public void onResponse(okhttp3.Call c, Response response) {
                try (response) {
                    int code = response.code();
                    String type = response.header("Content-Type");
                    String body = response.body().string();
                    LlmException error = null;
                    if (code >= 300 && code < 400 && response.header("Location") != null) {
                        error = TransportFailures.redirect(provider, code, response.header("Location"), false,
                                redactor);
                    } else if (TransportFailures.isHtml(type, body.strip()) || response.isSuccessful()) {
                        error = TransportFailures.notTheApi(provider, code, type, body, redactor);
                    } else {
                        error = errors.error(code, response.headers(), redactor.redact(body));
                    }
                    if (error == null) {
                        future.complete(body);
                    } else {
                        LlmException e = TransportFailures.redacted(error, redactor);
                        if (e instanceof AuthenticationException a && a.keyVariable() == null) {
                            a.withKeyVariable(owner.keyVariable());
                        }
                        future.completeExceptionally(e);
                    }
                } catch (IOException e) {
                    future.completeExceptionally(TransportFailures.network(provider, e, limits, deadline.expired(),
                            phase.connected, true));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e instanceof LlmException le ? TransportFailures.redacted(le, redactor)
                            : new ProviderException("unexpected response from " + provider + ": " + e.getMessage(),
                            provider, null, null, false, null, e));
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

    private Request build(Call call, TransportClients.CallPhase phase) {
        Request.Builder rb = new Request.Builder().url(call.url()).tag(TransportClients.CallPhase.class, phase);
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

    /** The headers by name, names as sent (case kept), values in order. */
    static Map<String, List<String>> multimap(Headers headers) {
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            m.computeIfAbsent(headers.name(i), k -> new java.util.ArrayList<>()).add(headers.value(i));
        }
        return m;
    }
}
