package dev.spoon.llm.manager;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One {@link LlmManager#batchChat}: at most {@code parallelism} requests in flight; each finished one frees a
 * slot for the next. Free slots are filled by {@link #drain()} in a loop, never by recursion, so a batch of
 * cached answers cannot overflow the stack. Results keep the input order; a failing request is an error
 * result and never sinks the batch. Cancelling {@link #all} cancels the requests in flight and starts no more.
 */
final class BatchCall {
    private final List<ChatRequest> requests;
    private final String provider;
    private final Function<ChatRequest, CompletableFuture<LlmResponse>> send;
    private final BatchResult[] results;
    final CompletableFuture<List<BatchResult>> all = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<LlmResponse>> running = new ConcurrentHashMap<>();
    private final AtomicInteger slots;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    BatchCall(List<ChatRequest> requests, String provider, int parallelism,
              Function<ChatRequest, CompletableFuture<LlmResponse>> send) {
        this.requests = requests;
        this.provider = provider;
        this.send = send;
        this.results = new BatchResult[requests.size()];
        this.slots = new AtomicInteger(Math.max(1, Math.min(parallelism, requests.size())));
        all.whenComplete((v, e) -> {
            if (all.isCancelled()) {
                running.values().forEach(f -> f.cancel(true));
            }
        });
    }

    CompletableFuture<List<BatchResult>> start() {
        if (requests.isEmpty()) {
            all.complete(List.of());
        } else {
            drain();
        }
        return all;
    }

    private void drain() {
        while (slots.get() > 0 && next.get() < requests.size()) {
            if (!draining.compareAndSet(false, true)) {
                return; // the thread draining now will see the free slot
            }
            try {
                while (slots.get() > 0 && next.get() < requests.size()) {
                    slots.decrementAndGet();
                    start(next.getAndIncrement());
                }
            } finally {
                draining.set(false);
            }
        }
    }

    private void start(int i) {
        if (all.isDone()) {
            finish(i, new BatchResult(i, null, new LlmException("the batch was cancelled", provider)));
            return;
        }
        CompletableFuture<LlmResponse> f = send.apply(requests.get(i).withTag("batch_index", String.valueOf(i)));
        running.put(i, f);
        f.whenComplete((r, e) -> {
            running.remove(i);
            finish(i, e == null ? new BatchResult(i, r, null) : new BatchResult(i, null, ManagedCall.unwrap(e)));
        });
    }

    private void finish(int i, BatchResult r) {
        results[i] = r;
        if (done.incrementAndGet() == requests.size()) {
            all.complete(List.of(results));
            return;
        }
        slots.incrementAndGet();
        drain();
    }
}
