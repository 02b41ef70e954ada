package dev.spoon.llm.manager;

import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.providers.sim.SimProvider;
import dev.spoon.llm.registry.ProviderRegistry;
import dev.spoon.testing.ManualScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A manager on a TOML config, with the simulator and the scripted provider, all on one {@link ManualScheduler}:
 * retry waits, health rounds and timeouts, the simulator's pacing and the cache's clock run only when the test
 * moves it ({@link #await}, {@code clock.advance}). Everything happens on the test thread; nothing waits.
 */
final class Fixture implements AutoCloseable {
    final ConfigurationManager cm;
    final ProviderRegistry registry = new ProviderRegistry();
    final ScriptedProvider.Scripts scripts = new ScriptedProvider.Scripts();
    final ManualScheduler clock = new ManualScheduler();
    final LlmManager manager;
    /** The manager's exchange listeners (empty until a test adds one). */
    final ExchangeListeners listeners = new ExchangeListeners();

    Fixture(Path dir, String toml) {
        try {
            Path f = dir.resolve("config.toml");
            Files.writeString(f, toml);
            cm = new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE, null); // test types too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.register(SimProvider.class, () -> new SimProvider(clock));
        ScriptedProvider.register(registry, scripts);
        manager = new LlmManager(cm, registry, ProviderContext.of(listeners), clock, clock, clock, new Random(42));
    }

    /** Runs the clock until {@code call} completes, then returns its answer (or throws its LlmException). */
    <T> T await(CompletableFuture<T> call) {
        return LlmProvider.await(clock.drive(call));
    }

    @Override
    public void close() {
        manager.close();
        clock.shutdownNow();
    }
}
