package dev.spoon.llm.debug;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a core's exchange events into {@link DebugRecord}s: collects each exchange's response headers and
 * streamed chunks (scrubbed as they arrive) while it runs, and builds its record when it ends. A call whose
 * {@code origin} tag is {@code gateway} is a gateway record; other calls have the logger's own origin. Runs on
 * the logger's events thread ({@code spoon-debug-events}); {@link #pending()} may be read from any thread.
 */
final class ExchangeRecorder implements ExchangeListener {
    private final DebugSettings settings;
    private final DebugRecord.Origin origin;
    private final Supplier<Redactor> redactor;
    private final Consumer<DebugRecord> sink;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    ExchangeRecorder(DebugSettings settings, DebugRecord.Origin origin, Supplier<Redactor> redactor,
                     Consumer<DebugRecord> sink) {
        this.settings = settings;
        this.origin = origin;
        this.redactor = redactor;
        this.sink = sink;
        this.enabled = settings.enabled();
    }

    void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            pending.clear();
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Exchanges started and not yet ended. */
    int pending() {
        return pending.size();
    }

    /**
     * Waits (at most {@code timeoutMs}) until no exchange is in flight, woken when the last one ends.
     *
     * @return whether none is
     */
    synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void onRequest(Exchange exchange) {
        if (enabled) {
            pending.put(exchange.id(), new Pending(exchange));
        }
    }

    @Override
    public void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
        Pending p = pending.get(exchange.id());
        if (p != null) {
            p.status = status;
            p.responseHeaders = headers;
        }
    }

    @Override
    public void onChunk(Exchange exchange, String event, long arrivalNanos) {
        if (!settings.logBodies()) {
            return;
        }
        Pending p = pending.get(exchange.id());
        if (p != null) {
            p.chunks.add(scrub(event), (arrivalNanos - exchange.startNanos()) / 1_000);
        }
    }

    @Override
    public void onComplete(Exchange exchange, ExchangeResult result) {
        Pending p = pending.get(exchange.id());
        if (p == null) {
            if (!enabled) {
                return;
            }
            p = new Pending(exchange);
        }
        sink.accept(build(p, result));
        pending.remove(exchange.id()); // only now: close() waits for pending exchanges to be in the ring
        if (pending.isEmpty()) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private DebugRecord build(Pending p, ExchangeResult res) {
        Exchange ex = p.exchange;
        boolean bodies = settings.logBodies();
        Integer status = res.status() != null ? res.status() : p.status;
        Map<String, List<String>> respHeaders = res.responseHeaders() != null && !res.responseHeaders().isEmpty()
                ? res.responseHeaders() : p.responseHeaders;
        long duration = Math.max(0, (res.endNanos() - ex.startNanos()) / 1_000_000);
        Long ttft = res.firstTokenNanos() > 0 ? Math.max(0, (res.firstTokenNanos() - ex.startNanos()) / 1_000_000)
                : null;
        LlmException err = res.error();
        DebugRecord.Builder b = DebugRecord.builder();
        if (err != null && !res.cancelled()) {
            String msg = err.providerMessage() != null ? err.providerMessage() : err.getMessage();
            b.error(err.errorType(), err.status() != null ? err.status() : status, scrub(msg));
        }
        LlmResponse response = res.response() != null ? res.response() : err != null ? err.partial() : null;
        Map<String, String> tags = ex.tags();
        return b.ts(ex.startedAt()).requestId(ex.id()).kind(DebugRecord.Kind.LLM)
                .origin("gateway".equals(tags.get("origin")) ? DebugRecord.Origin.GATEWAY : origin)
                .provider(ex.provider()).model(ex.model()).method(ex.method()).endpoint(scrub(ex.endpoint()))
                .stream(ex.stream()).status(status).durationMs(duration).ttftMs(ttft)
                .requestHeaders(ex.requestHeaders()).requestBody(bodies ? scrub(ex.requestBody()) : null)
                .responseHeaders(respHeaders).responseBody(bodies ? scrub(res.responseBody()) : null)
                .chunks(p.chunks.build()).usage(response == null ? null : response.usage()).tags(tags)
                .cacheHit("true".equals(tags.get("cache_hit"))).cancelled(res.cancelled()).build();
    }

    private String scrub(String text) {
        return redactor.get().redact(text);
    }

    /** One exchange in flight; touched only by the events thread. */
    private static final class Pending {
        final Exchange exchange;
        Integer status;
        Map<String, List<String>> responseHeaders = Map.of();
        final ChunkLog.Builder chunks = new ChunkLog.Builder();

        Pending(Exchange exchange) {
            this.exchange = exchange;
        }
    }
}
