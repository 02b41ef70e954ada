package dev.spoon.llm.manager;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.registry.ProviderRegistry;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Managers for tests outside this package (the CLI's): retry waits that run at once and are recorded. */
public final class TestManagers {
    private TestManagers() {
    }

    /**
     * A manager whose retry waits run at once; the wait each one asked for, in milliseconds, is appended to
     * {@code delaysMs}. Its timer thread ends by itself when idle.
     */
    public static LlmManager immediateRetries(ConfigurationManager cm, ProviderRegistry registry,
                                              ProviderContext context, List<Long> delaysMs) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "test-timer");
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                delaysMs.add(unit.toMillis(delay));
                return super.schedule(command, 0, TimeUnit.MILLISECONDS);
            }
        };
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return new LlmManager(cm, registry, context, timer, null, Ticker.systemTicker(), null);
    }

    /**
     * A manager whose retry waits wait for the test: each wait is added to {@code waits} instead of being
     * timed; running it ends the wait (the retry starts on the manager's timer thread).
     */
    public static LlmManager manualRetries(ConfigurationManager cm, ProviderRegistry registry, ProviderContext context,
                                           java.util.concurrent.BlockingQueue<Runnable> waits) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "test-timer");
            t.setDaemon(true);
            return t;
        }) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                if (delay <= 0) {
                    return super.schedule(command, 0, TimeUnit.MILLISECONDS);
                }
                ScheduledFuture<?> placeholder = super.schedule(() -> { }, 365, TimeUnit.DAYS);
                waits.add(() -> {
                    if (placeholder.cancel(false)) {
                        execute(command);
                    }
                });
                return placeholder;
            }
        };
        timer.setKeepAliveTime(1, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return new LlmManager(cm, registry, context, timer, null, Ticker.systemTicker(), null);
    }
}
