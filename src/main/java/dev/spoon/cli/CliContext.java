package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.DebugConfig;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.config.SecretStores;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.registry.ProviderRegistry;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** The streams and environment of one CLI run, and the helpers every command shares. */
final class CliContext {
    private static final ThreadLocal<CliContext> CURRENT = new ThreadLocal<>();

    /**
     * Where stored keys come from: the workbench's key store (key file, or the OS key store for keys saved
     * there), consulted only for providers whose key is otherwise missing, and without touching the OS key
     * store unless a needed key lives there ({@link SecretStores#lazy()}).
     */
    static volatile Function<Map<String, String>, SecretStore> secretStoreFactory = env -> SecretStores.lazy();

    /** Makes a command's manager. */
    @FunctionalInterface
    interface ManagerFactory {
        LlmManager create(ConfigurationManager cm, ProviderRegistry registry, ProviderContext context);
    }

    /** How commands make their manager; tests replace it (e.g. with one whose retry waits run at once). */
    static volatile ManagerFactory managerFactory = LlmManager::new;

    /** The run's one redaction list: filled from the configuration when it is read ({@link #configuration}). */
    final Redactor redactor = new Redactor();
    /** Standard output and error; text printed on them passes through {@link #redactor}. */
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    CliContext(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = new RedactingPrintStream(out, redactor);
        this.err = new RedactingPrintStream(err, redactor);
        this.env = env;
    }

    static void set(CliContext c) {
        CURRENT.set(c);
    }

    static void clear() {
        CURRENT.remove();
    }

    static CliContext get() {
        CliContext c = CURRENT.get();
        if (c == null) {
            c = new CliContext(System.out, System.err, System.getenv());
        }
        return c;
    }

    /**
     * A manager over {@code cm} and the registered providers, reporting to {@code debugLog} when not null
     * ({@link #providerContext}); close it when the command ends.
     */
    LlmManager manager(ConfigurationManager cm, DebugLogger debugLog) {
        return managerFactory.create(cm, ProviderRegistry.global(), providerContext(debugLog));
    }

    /** The configuration with {@code overrides} on top; its warnings are printed on standard error. */
    ConfigurationManager configuration(Path file, CliOverrides overrides) {
        ConfigurationManager cm = new ConfigurationManager(file, env, overrides, secretStoreFactory.apply(env));
        redactor.update(cm.config());
        for (String w : cm.warnings()) {
            err.println("warning: " + w);
        }
        return cm;
    }

    /**
     * The configuration with a command's flags on top. Per-provider flags ({@code --base-url}, {@code --api-key},
     * {@code --read-timeout}…) apply to the provider that answers: {@code provider} ({@code -p}) when given,
     * else the configured default, which is known only once the configuration is read; so when
     * {@code providerFlags} is set and {@code provider} is null, it is read a second time with the default named.
     *
     * @param overrides the flags, for a given target provider (null: none named)
     */
    ConfigurationManager configuration(Path file, String provider, Function<String, CliOverrides> overrides,
                                       boolean providerFlags) {
        ConfigurationManager cm = configuration(file, overrides.apply(provider));
        if (provider == null && providerFlags) {
            cm = new ConfigurationManager(file, env, overrides.apply(cm.defaultProvider()),
                    secretStoreFactory.apply(env));
            redactor.update(cm.config());
        }
        return cm;
    }

    /**
     * A debug logger when the configuration turns the log on for the command line ({@code debug.enabled = true};
     * {@link DebugConfig#enabledFor}: a command does not log by default, to stay fast), else null. It records
     * what {@link #providerContext} reports to it; close it when the command ends.
     */
    static DebugLogger debugLog(ConfigurationManager cm) {
        DebugConfig debug = cm.config().debug();
        if (!debug.enabledFor(DebugConfig.FrontEnd.CLI)) {
            return null;
        }
        return new DebugLogger(DebugSettings.from(debug, DebugConfig.FrontEnd.CLI), DebugRecord.Origin.CLI);
    }

    /**
     * What this run initializes providers with: the run's redaction list (the configuration read last), and
     * {@code debugLog} (when not null) as the one exchange listener, scrubbing the same list.
     */
    ProviderContext providerContext(DebugLogger debugLog) {
        ExchangeListeners listeners = new ExchangeListeners();
        if (debugLog != null) {
            debugLog.setRedactor(redactor);
            listeners.add(debugLog.exchangeListener());
        }
        return new ProviderContext(listeners, redactor);
    }

    /** Reports an error as the contract says: a JSON error object on stdout, or a line on stderr. */
    int fail(LlmException e, boolean json) {
        if (json) {
            out.println(Json.write(LlmJson.error(e)));
        } else {
            err.println("error: " + e.displayLine());
            if (e.hint() != null) {
                err.println("hint: " + e.hint());
            }
        }
        out.flush();
        return 1;
    }

    /** Reads a JSON file, or throws a {@link ConfigurationException} naming it and the problem. */
    static JsonNode readJsonFile(Path file, String what) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigurationException("invalid JSON in " + what + ": " + e.getOriginalMessage(), null, file,
                    loc == null ? null : loc.getLineNr(), null, e);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("cannot read " + what + ": " + e.getMessage(), null, file, null, null,
                    e);
        }
    }
}
