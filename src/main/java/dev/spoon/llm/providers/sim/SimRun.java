package dev.spoon.llm.providers.sim;

import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated request in flight, paced on the {@link SimClock}: a non-streamed answer arrives whole after
 * {@code ttft_ms} plus the generation time; a stream ticks every {@code chunk_tokens / tokens_per_s} (between
 * 1 and 50 ms), emitting as many tokens as the rate allows since the first one, then a last chunk with the
 * finish reason and usage. Completes {@link #future} (or fails it with the planned fault, or with a disconnect
 * after {@code disconnect_after} tokens, keeping the partial answer). {@link #tick} runs on the clock's
 * scheduler and never concurrently with itself.
 */
final class SimRun {
    private final String provider;
    private final SimSettings settings;
    private final SimClock clock;
    private final SimFaults faults;
    private final StreamHandler handler;
    private final SimPlan plan;
    private final String model;
    private final String id;
    private final long start;
    final CompletableFuture<LlmResponse> future = new CompletableFuture<>();
    private final LlmException failure;
    private final Exchange exchange;
    private final ExchangeListener events;
    private volatile ScheduledFuture<?> schedule;
    volatile long firstTokenNanos;
    volatile long firstByteNanos;
    private int emitted;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();

    /**
     * @param handler  null for a non-streamed request
     * @param failure  the fault this request ends with, or null
     * @param exchange the exchange reported to listeners, or null when nobody listens
     * @param events   the exchange's listener ({@link ExchangeListener#NONE} when nobody listens)
     */
    SimRun(String provider, SimSettings settings, SimClock clock, SimFaults faults, StreamHandler handler,
           SimPlan plan, String model, String id, long start, LlmException failure, Exchange exchange,
           ExchangeListener events) {
        this.events = events;
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
        this.faults = faults;
        this.handler = handler;
        this.plan = plan;
        this.model = model;
        this.id = id;
        this.start = start;
        this.failure = failure;
        this.exchange = exchange;
    }

    /** Schedules the answer on the clock; cancelling {@link #future} stops it. */
    void start() {
        long firstDelayNanos = TimeUnit.MILLISECONDS.toNanos(settings.ttftMs());
        ScheduledFuture<?> sf;
        if (handler == null) {
            double rate = settings.tokensPerSecond();
            long gen = rate <= 0 ? 0 : (long) (plan.tokenCount() / rate * 1e9);
            sf = clock.scheduler().schedule(this::finishAtOnce, firstDelayNanos + gen, TimeUnit.NANOSECONDS);
        } else {
            long periodNanos = settings.tokensPerSecond() <= 0 ? TimeUnit.MILLISECONDS.toNanos(1)
                    : Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(TimeUnit.MILLISECONDS.toNanos(50),
                    (long) (1e9 / settings.tokensPerSecond() * settings.chunkTokens())));
            sf = clock.scheduler().scheduleAtFixedRate(this::tick, firstDelayNanos, periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        schedule = sf;
        future.whenComplete((v, e) -> sf.cancel(false));
    }

    private void finishAtOnce() {
        if (future.isDone()) {
            return;
        }
        if (failure != null) {
            future.completeExceptionally(failure);
            return;
        }
        long now = clock.nanoTime();
        firstByteNanos = now;
        if (exchange != null) {
            events.onResponseHeaders(exchange, 200, SimWire.JSON_HEADERS);
        }
        future.complete(response(String.join("", plan.contentTokens()), String.join("", plan.reasoningTokens()),
                plan.contentTokens().size() + plan.reasoningTokens().size(), now, null));
    }

    private void tick() {
        if (future.isDone()) {
            cancelSchedule();
            return;
        }
        try {
            if (failure != null) {
                future.completeExceptionally(failure);
                return;
            }
            long now = clock.nanoTime();
            if (firstTokenNanos == 0) {
                firstTokenNanos = now;
                firstByteNanos = now;
                if (exchange != null) {
                    events.onResponseHeaders(exchange, 200, SimWire.SSE_HEADERS);
                }
            }
            int total = plan.tokenCount();
            double rate = settings.tokensPerSecond();
            long allowed = rate <= 0 ? total : Math.min(total, 1 + (long) ((now - firstTokenNanos) / 1e9 * rate));
            int chunk = settings.chunkTokens();
            while (emitted < allowed && !future.isDone()) {
                int upto = (int) Math.min(allowed, emitted + chunk);
                emit(emitted, upto);
                emitted = upto;
                int cut = settings.disconnectAfter();
                if (cut > 0 && emitted >= cut && emitted < total) {
                    LlmException e = faults.disconnected(emitted);
                    e.withPartial(response(content.toString(), reasoning.length() == 0 ? null : reasoning.toString(),
                            emitted, clock.nanoTime(), e));
                    future.completeExceptionally(e);
                    return;
                }
            }
            if (emitted >= total) {
                finishStream();
            }
        } catch (RuntimeException e) {
            future.completeExceptionally(new ProviderException("simulator stream handler failed: " + e, provider,
                    null, null, false, null, e));
        } finally {
            if (future.isDone()) {
                cancelSchedule();
            }
        }
    }

    private void finishStream() {
        long end = clock.nanoTime();
        Usage usage = usage(emitted);
        FinishReason fr = plan.toolCalls().isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        handler.onChunk(new ResponseChunk(id, model, null, null, null, usage, fr, fr.wireName(), end));
        if (exchange != null) {
            events.onChunk(exchange, SimWire.chunk(id, model, null, null, null, fr.wireName(), usage), end);
            events.onChunk(exchange, "[DONE]", end);
        }
        future.complete(response(content.toString(), reasoning.length() == 0 ? null : reasoning.toString(), emitted,
                end, null));
    }

    private void cancelSchedule() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void emit(int from, int to) {
        int nr = plan.reasoningTokens().size();
        int nc = plan.contentTokens().size();
        StringBuilder r = null;
        StringBuilder c = null;
        List<ToolCallDelta> deltas = null;
        for (int i = from; i < to; i++) {
            if (i < nr) {
                (r == null ? r = new StringBuilder() : r).append(plan.reasoningTokens().get(i));
            } else if (i < nr + nc) {
                (c == null ? c = new StringBuilder() : c).append(plan.contentTokens().get(i - nr));
            } else {
                int k = i - nr - nc;
                ToolCall call = plan.toolCalls().get(k);
                if (deltas == null) {
                    deltas = new ArrayList<>();
                }
                deltas.add(new ToolCallDelta(k, call.id(), call.name(), call.arguments()));
            }
        }
        if (r != null) {
            reasoning.append(r);
        }
        if (c != null) {
            content.append(c);
        }
        long now = clock.nanoTime();
        String cs = c == null ? null : c.toString();
        String rs = r == null ? null : r.toString();
        if (exchange != null) {
            events.onChunk(exchange, SimWire.chunk(id, model, cs, rs, deltas, null, null), now);
        }
        handler.onChunk(new ResponseChunk(id, model, cs, rs, deltas, null, null, null, now));
    }

    private Usage usage(int completion) {
        if (!settings.usage()) {
            return null;
        }
        int reasoning = plan.reasoningTokens().size();
        return new Usage(plan.promptTokens(), completion, plan.promptTokens() + completion, null, null,
                reasoning == 0 ? null : reasoning);
    }

    private LlmResponse response(String text, String reasoningText, int completion, long end, LlmException error) {
        boolean streamed = handler != null;
        Long ttft = streamed && firstTokenNanos != 0 ? (firstTokenNanos - start) / 1_000_000 : null;
        List<ToolCall> calls = error == null ? plan.toolCalls() : List.of();
        FinishReason fr = error != null ? FinishReason.ERROR
                : calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        String nativeFr = error != null ? "error" : fr.wireName();
        return new LlmResponse(id, provider, model, text, reasoningText == null || reasoningText.isEmpty()
                ? null : reasoningText, fr, nativeFr, calls, usage(completion), (end - start) / 1_000_000, ttft,
                List.of(), false, error, null);
    }
}
