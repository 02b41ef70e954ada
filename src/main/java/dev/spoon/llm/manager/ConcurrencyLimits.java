package dev.spoon.llm.manager;

import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The manager's concurrency limits: at most {@code max_concurrent_requests} calls in flight per manager, and
 * per provider when its table sets {@code max_concurrent_requests}. A call takes its provider's permit first,
 * then the manager's; waiting calls queue first come, first served without holding a thread. Thread-safe.
 */
final class ConcurrencyLimits {
    /** Held while a call is in flight; {@link #release()} gives the permits back (only the first call counts). */
    static final class Permit {
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        Permit(Runnable release) {
            this.release = release;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

    private final ConfigurationManager configuration;
    private final AsyncLimiter manager;
    private final Map<String, AsyncLimiter> perProvider = new ConcurrentHashMap<>();

    ConcurrencyLimits(ConfigurationManager configuration) {
        this.configuration = configuration;
        this.manager = new AsyncLimiter(configuration.config().maxConcurrentRequests());
    }

    /** Applies the limits of the current configuration (waiters are admitted when the limit grows). */
    void configChanged() {
        manager.setLimit(configuration.config().maxConcurrentRequests());
        perProvider.clear();
    }

    /** Calls waiting for a manager-wide slot. */
    int queued() {
        return manager.queued();
    }

    /**
     * A future completing with the permits for one call to {@code provider}. Cancelling it while it waits
     * leaves the queue (and gives back a provider permit already taken).
     */
    CompletableFuture<Permit> acquire(String provider) {
        AsyncLimiter own = limiterOf(provider);
        CompletableFuture<Permit> out = new CompletableFuture<>();
        AtomicReference<CompletableFuture<Void>> waiting = new AtomicReference<>();
        out.whenComplete((p, e) -> {
            if (out.isCancelled()) {
                CompletableFuture<Void> w = waiting.get();
                if (w != null) {
                    w.cancel(true);
                }
            }
        });
        if (own == null) {
            takeManagerSlot(null, out, waiting);
            return out;
        }
        CompletableFuture<Void> first = own.acquire();
        waiting.set(first);
        if (out.isDone()) {
            first.cancel(true);
        }
        first.whenComplete((v, e) -> {
            if (e != null) {
                return; // cancelled while queued
            }
            if (out.isDone()) {
                own.release();
            } else {
                takeManagerSlot(own, out, waiting);
            }
        });
        return out;
    }

    private void takeManagerSlot(AsyncLimiter own, CompletableFuture<Permit> out,
                                 AtomicReference<CompletableFuture<Void>> waiting) {
        CompletableFuture<Void> second = manager.acquire();
        waiting.set(second);
        if (out.isDone()) {
            second.cancel(true);
        }
        second.whenComplete((v, e) -> {
            if (e != null) {
                if (own != null) {
                    own.release();
                }
                return;
            }
            Permit permit = new Permit(() -> {
                manager.release();
                if (own != null) {
                    own.release();
                }
            });
            if (!out.complete(permit)) {
                permit.release();
            }
        });
    }

    private AsyncLimiter limiterOf(String name) {
        ProviderConfig pc = configuration.config().provider(name);
        String max = pc == null ? null : pc.option("max_concurrent_requests");
        if (max == null) {
            return null;
        }
        return perProvider.computeIfAbsent(name, n -> new AsyncLimiter((int) Double.parseDouble(max)));
    }
}
