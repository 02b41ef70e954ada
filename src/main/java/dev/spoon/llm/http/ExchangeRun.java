package dev.spoon.llm.http;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import okhttp3.Callback;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call of an {@link HttpTransport}, from the OkHttp callback to the caller's future and the exchange's
 * listener: reads a whole body or feeds a stream through an {@link SseDecoder} into the provider's
 * {@link HttpTransport.EventReader}, and turns every way it can end into exactly one outcome (a response, an
 * error with what already arrived as its partial answer, or the caller's cancellation) and exactly one
 * {@code onComplete}. Used on the OkHttp thread, except {@link #cancelledByCaller}.
 */
final class ExchangeRun implements Callback {
    /** The most of an error or non-API body that is read (and kept for the debug log). */
    static final int MAX_ERROR_BODY = 1 << 20;

    private final String provider;
    private final String keyVariable;
    private final Exchange ex;
    private final ExchangeListener listener;
    private final okhttp3.Call okCall;
    private final HttpTransport.ResponseReader reader;
    private final CompletableFuture<LlmResponse> future;
    private final boolean stream;
    private final Redactor redactor;
    private final TransportFailures.Limits limits;
    private final TransportClients.CallPhase phase;
    private final Deadline deadline;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Integer status;
    private volatile Map<String, List<String>> responseHeaders = Map.of();
    private volatile String responseBody;
    private volatile long firstByteNanos;
    private volatile long firstTokenNanos;

    ExchangeRun(HttpTransport.Owner owner, Exchange ex, ExchangeListener listener, okhttp3.Call okCall,
                HttpTransport.ResponseReader reader, CompletableFuture<LlmResponse> future, boolean stream,
                TransportFailures.Limits limits, TransportClients.CallPhase phase) {
        this.provider = owner.provider();
        this.keyVariable = owner.keyVariable();
        this.redactor = owner.redactor();
        this.ex = ex;
        this.listener = listener;
        this.okCall = okCall;
        this.reader = reader;
        this.future = future;
        this.stream = stream;
        this.limits = limits;
        this.phase = phase;
        this.deadline = Deadline.start(limits.whole(), okCall);
    }

    /** The caller cancelled the future: close the connection and report the exchange as cancelled. */
    void cancelledByCaller() {
        okCall.cancel();
        report(null, null, true);
    }

    @Override
    public void onFailure(okhttp3.Call c, IOException e) {
        fail(network(e));
    }

    @Override
    public void onResponse(okhttp3.Call c, Response response) {
        try (response) {
            int code = response.code();
            status = code;
            responseHeaders = redactor.headers(HttpTransport.multimap(response.headers()));
            listener.onResponseHeaders(ex, code, responseHeaders);
            ResponseBody body = response.body();
            String contentType = response.header("Content-Type");
            if (code >= 300 && code < 400 && response.header("Location") != null) {
                responseBody = readText(body.source(), MAX_ERROR_BODY);
                String location = response.header("Location");
                okhttp3.HttpUrl target = response.request().url().resolve(location);
                fail(TransportFailures.redirect(provider, code, location, target != null
                        && SameOriginRedirects.sameOrigin(response.request().url(), target), redactor));
            } else if (!response.isSuccessful()) {
                String text = readText(body.source(), MAX_ERROR_BODY);
                responseBody = text;
                fail(TransportFailures.isHtml(contentType, text.strip())
                        ? TransportFailures.notTheApi(provider, code, contentType, text, redactor)
                        : reader.error(code, response.headers(), redactor.redact(text)));
            } else if (stream && !TransportFailures.isHtml(contentType, "")) {
                readStream(body.source(), contentType);
            } else {
                String text = readText(body.source(), stream ? MAX_ERROR_BODY : Long.MAX_VALUE);
                responseBody = text;
                ProviderException notApi = TransportFailures.notTheApi(provider, code, contentType, text, redactor);
                if (notApi != null) {
                    fail(notApi);
                } else {
                    succeed(reader.body(text));
                }
            }
        } catch (IOException e) {
            fail(network(e));
        } catch (LlmException e) {
            fail(e);
        } catch (SseDecoder.EventTooLargeException e) {
            fail(new ProviderException("an event from " + provider + " is larger than "
                    + (e.limit() >> 20) + " MB: this is not an API event stream", provider, status, null, false,
                    null, e));
        } catch (RuntimeException e) {
            fail(unexpected(e));
        }
    }

    private NetworkException network(IOException e) {
        return TransportFailures.network(provider, e, limits, deadline.expired(), phase.connected,
                firstByteNanos != 0);
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
     * Feeds the body through the decoder into the provider's reader. A 200 body that holds no event at all is
     * read as a plain body instead: a server that answered a stream request with JSON (an answer or an error
     * object) is understood, and anything else (an HTML page, plain text) is reported as not the API.
     */
    private void readStream(BufferedSource source, String contentType) throws IOException {
        HttpTransport.EventReader events = reader.events();
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
            NetworkException ne = network(e);
            fail(events.started() ? ne.withPartial(events.partial(ne)) : ne);
            return;
        } catch (LlmException e) {
            firstTokenNanos = events.firstTokenNanos();
            fail(events.started() ? e.withPartial(events.partial(e)) : e);
            return;
        }
        firstTokenNanos = events.firstTokenNanos();
        if (eventCount[0] == 0 && raw.size() > 0) {
            String text = raw.readUtf8();
            responseBody = text;
            ProviderException notApi = TransportFailures.notTheApi(provider, status, contentType, text, redactor);
            if (notApi != null) {
                fail(notApi);
            } else {
                succeed(reader.body(text));
            }
            return;
        }
        if (!events.complete()) {
            NetworkException ne = TransportFailures.endedEarly(provider, status);
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
        deadline.stop();
        LlmResponse timed = timed(r);
        report(timed, null, false);
        future.complete(timed);
    }

    private void fail(LlmException error) {
        deadline.stop();
        if (future.isCancelled()) {
            report(null, null, true);
            return;
        }
        LlmException e = TransportFailures.redacted(error, redactor);
        if (e instanceof AuthenticationException a && a.keyVariable() == null) {
            a.withKeyVariable(keyVariable);
        }
        if (e.partial() != null) {
            e.withPartial(timed(e.partial()));
        }
        report(null, e, false);
        future.completeExceptionally(e);
    }

    private void report(LlmResponse r, LlmException e, boolean cancelled) {
        if (!reported.compareAndSet(false, true)) {
            return;
        }
        listener.onComplete(ex, new ExchangeResult(status, responseHeaders, responseBody, r, e, firstByteNanos,
                firstTokenNanos, System.nanoTime(), cancelled));
    }

    /** Turns an unexpected runtime failure (e.g. a malformed body) into a {@link ProviderException}. */
    private LlmException unexpected(RuntimeException e) {
        return new ProviderException("unexpected response from " + provider + ": " + e.getMessage(), provider,
                status, e.getMessage(), false, null, e);
    }
}
