package dev.spoon.llm.manager;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.providers.sim.SimProvider;
import dev.spoon.llm.registry.ProviderRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A manager on a TOML config, with the simulator and the scripted provider, a recording timer and a manual clock. */
final class Fixture implements AutoCloseable {
    final ConfigurationManager cm;
    final ProviderRegistry registry = new ProviderRegistry();
    final ScriptedProvider.Scripts scripts = new ScriptedProvider.Scripts();
    final RecordingTimer timer;
    final ManualTicker ticker = new ManualTicker();
    final LlmManager manager;
    /** The manager's exchange listeners (empty until a test adds one). */
    final ExchangeListeners listeners = new ExchangeListeners();

    Fixture(Path dir, String toml) {
        this(dir, toml, true);
    }

    /** @param immediate whether retry waits run at once (else they wait an hour unless cancelled) */
    Fixture(Path dir, String toml, boolean immediate) {
        try {
            Path f = dir.resolve("config.toml");
            Files.writeString(f, toml);
            cm = new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE, null); // test types too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.register(SimProvider.class, SimProvider::new);
        ScriptedProvider.register(registry, scripts);
        timer = new RecordingTimer(immediate);
        manager = new LlmManager(cm, registry, ProviderContext.of(listeners), timer, ticker, new Random(42));
    }

    @Override
    public void close() {
        manager.close();
        timer.shutdownNow();
    }

    /** Records the delay of every one-shot task; runs it at once, or holds it for an hour. */
    static final class RecordingTimer extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMs = new CopyOnWriteArrayList<>();
        final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();
        final boolean immediate;

        RecordingTimer(boolean immediate) {
            super(1, r -> {
                Thread t = new Thread(r, "test-timer");
                t.setDaemon(true);
                return t;
            });
            this.immediate = immediate;
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delaysMs.add(unit.toMillis(delay));
            ScheduledFuture<?> f = super.schedule(command, immediate ? 0 : 3600_000, TimeUnit.MILLISECONDS);
            tasks.add(f);
            return f;
        }
    }

    /** A Caffeine clock moved by hand. */
    static final class ManualTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advanceSeconds(long s) {
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
        }
    }
}
