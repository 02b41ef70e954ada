package dev.spoon.llm.manager;

import dev.spoon.llm.Attempt;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.exchange.ExchangeResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call through the {@link LlmManager}: the cache, then each candidate provider in turn ({@link Routing}),
 * each with its retries ({@link RetryPolicy}) inside the concurrency limits, until one answers or none is left.
 * Tells its {@link CallListener} of every retry and fallback. Keeps the list of {@link Attempt}s; a stream that
 * delivered output is never retried or moved to another provider. Cancelling {@link #result} cancels whatever
 * is pending: the attempt in flight, a retry wait, or a queued permit.
 *
 * <p>Steps run on whichever thread completed the previous one (transport, timer, or the caller's); at most one
 * step of a call runs at a time, because each is started by the completion of the one before.
 */
final class ManagedCall {
    private static final AtomicLong CALLS = new AtomicLong();

    private final LlmManager manager;
    private final String callId = "call_" + CALLS.incrementAndGet();
    private final ChatRequest request;
    private final String requested;
    private final StreamHandler handler;
    private final CallListener listener;
    private final RetryPolicy retries;
    final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<LlmException> errors = new ArrayList<>();
    private final List<LlmException> skipped = new ArrayList<>();
    private final AtomicBoolean delivered = new AtomicBoolean();
    private volatile Future<?> current;
    private List<String> chain;
    private String cacheKey;
    private int index;
    private int retry;
    private int attemptNo;

    /** @param handler null for a non-streamed call */
    ManagedCall(LlmManager manager, ChatRequest request, String provider, StreamHandler handler,
                CallListener listener) {
        this.manager = manager;
        this.request = request;
        this.requested = provider != null ? provider : manager.configuration().defaultProvider();
        this.handler = handler;
        this.listener = listener == null ? CallListener.NONE : listener;
        this.retries = manager.retryPolicy();
    }

    CompletableFuture<LlmResponse> start() {
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                Future<?> c = current;
                if (c != null) {
                    c.cancel(true);
                }
            }
        });
        try {
            chain = manager.routing().candidates(requested);
        } catch (LlmException e) {
            result.completeExceptionally(e);
            return result;
        }
        ResponseCache c = manager.cache();
        if (handler == null && c.enabled()) {
            cacheKey = ResponseCache.key(requested, request.model(), request);
            LlmResponse hit = c.get(cacheKey);
            if (hit != null) {
                serveFromCache(hit);
                return result;
            }
        }
        nextCandidate();
        return result;
    }

    /** Answers from the cache; the hit is reported as an exchange so the debug log and metrics see it. */
    private void serveFromCache(LlmResponse hit) {
        long start = System.nanoTime();
        LlmResponse r = hit.withCacheHit(true).withTiming(0, null)
                .withAttempts(List.of(Attempt.success(hit.provider(), hit.model())));
        ExchangeListeners listeners = manager.context().listeners();
        if (!listeners.isEmpty()) {
            Map<String, String> tags = new LinkedHashMap<>(request.tags());
            tags.put("call_id", callId);
            tags.put("cache_hit", "true");
            Exchange ex = new Exchange(Exchange.newId(), hit.provider(), hit.model(), "CACHE",
                    "cache://" + hit.provider() + "/chat/completions", Map.of(),
                    ResponseCache.canonical(request), false, tags, Instant.now(), start);
            ExchangeListener events = listeners.create(ex);
            events.onRequest(ex);
            events.onComplete(ex, new ExchangeResult(200, Map.of(), LlmJson.result(r).toString(), r, null,
                    0, 0, System.nanoTime(), false));
        }
        result.complete(r);
    }

    private void nextCandidate() {
        if (result.isDone()) {
            return;
        }
        if (index >= chain.size()) {
            failAll();
            return;
        }
        retry = 0;
        tryProvider(chain.get(index++));
    }

    private void failAll() {
        LlmException last = !errors.isEmpty() ? errors.get(errors.size() - 1) : skipped.get(skipped.size() - 1);
        List<LlmException> others = new ArrayList<>(skipped);
        others.addAll(errors);
        others.remove(last);
        last.withPreviousAttempts(others);
        result.completeExceptionally(last);
    }

    private void tryProvider(String name) {
        if (result.isDone()) {
            return;
        }
        LlmProvider p;
        try {
            p = manager.pool().get(name);
        } catch (LlmException e) {
            attempts.add(Attempt.failure(name, modelFor(name), e));
            skipped.add(e);
            giveUp(name, e);
            return;
        }
        CompletableFuture<ConcurrencyLimits.Permit> permit = manager.limits().acquire(name);
        current = permit;
        if (result.isDone()) {
            permit.cancel(true);
        }
        permit.whenComplete((held, e) -> {
            if (e != null) {
                return; // cancelled while queued
            }
            if (result.isDone()) {
                held.release();
            } else {
                send(name, p, held);
            }
        });
    }

    private String modelFor(String name) {
        return name.equals(requested) ? request.model() : null;
    }

    private void send(String name, LlmProvider p, ConcurrencyLimits.Permit permit) {
        attemptNo++;
        ChatRequest req = request.toBuilder().model(modelFor(name)).tag("call_id", callId)
                .tag("attempt", String.valueOf(attemptNo)).tag("fallback_index", String.valueOf(index - 1)).build();
        AtomicInteger busy = manager.pool().busy(name);
        busy.incrementAndGet();
        long start = System.nanoTime();
        CompletableFuture<LlmResponse> f;
        try {
            f = handler == null ? p.chat(req) : p.chatStream(req, chunk -> {
                if (chunk.hasContent()) {
                    delivered.set(true);
                }
                handler.onChunk(chunk);
            });
        } catch (RuntimeException e) {
            busy.decrementAndGet();
            permit.release();
            failed(name, req, unwrap(e));
            return;
        }
        current = f;
        if (result.isDone()) {
            f.cancel(true);
        }
        f.whenComplete((r, e) -> {
            busy.decrementAndGet();
            permit.release();
            if (e == null) {
                manager.routing().recordLatency(name, (System.nanoTime() - start) / 1e6);
                attempts.add(Attempt.success(name, r.model()));
                manager.health().reportSuccess(name, r.durationMs());
                LlmResponse out = r.withAttempts(attempts);
                if (cacheKey != null) {
                    manager.cache().put(cacheKey, out);
                }
                result.complete(out);
            } else if (!result.isDone()) {
                failed(name, req, unwrap(e));
            }
        });
    }

    private void failed(String name, ChatRequest req, LlmException e) {
        attempts.add(Attempt.failure(name, req.model(), e));
        if (handler != null && delivered.get()) {
            // output already reached the caller: never restart, end with what was received
            LlmResponse partial = e.partial();
            if (partial != null) {
                e.withPartial(partial.withAttempts(attempts));
            }
            e.withPreviousAttempts(errors);
            result.completeExceptionally(e);
            return;
        }
        errors.add(e);
        if (manager.routing().balancing() && serverSide(e)) {
            manager.health().reportFailure(name, e);
        }
        Duration wait = retries.delayBeforeRetry(retry, e);
        if (wait == null) {
            giveUp(name, e);
            return;
        }
        retry++;
        try {
            listener.onRetry(name, retry + 1, retries.attempts() + 1, wait, e);
        } catch (RuntimeException ignored) {
            // a failing listener never changes the call
        }
        Future<?> w = manager.timer().schedule(() -> tryProvider(name), wait.toMillis(), TimeUnit.MILLISECONDS);
        current = w;
        if (result.isDone()) {
            w.cancel(false);
        }
    }

    /** Moves on from {@code name}, which failed with {@code e}, telling the listener which provider is next. */
    private void giveUp(String name, LlmException e) {
        if (!result.isDone() && index < chain.size()) {
            try {
                listener.onFallback(name, chain.get(index), e);
            } catch (RuntimeException ignored) {
                // a failing listener never changes the call
            }
        }
        nextCandidate();
    }

    static LlmException unwrap(Throwable e) {
        Throwable c = e;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof CancellationException) {
            return new LlmException("the request was cancelled", null);
        }
        return LlmProvider.unwrap(c);
    }

    /** Whether a failure is the provider's or the network's fault (so its health is in doubt). */
    private static boolean serverSide(LlmException e) {
        return e instanceof NetworkException
                || (e instanceof ProviderException && e.status() != null && e.status() >= 500);
    }
}
