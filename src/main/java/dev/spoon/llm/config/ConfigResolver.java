package dev.spoon.llm.config;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.FileConfig.ProviderTable;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the effective configuration from a checked file: built-in defaults, overlaid by the file, the
 * environment, the command line and (for keys only, last) the key store. Environment values are checked by
 * the schema's own rules. Stateless apart from its inputs.
 */
final class ConfigResolver {
    private static final Set<String> OPTION_KEYS = ConfigSchema.optionKeys();

    private final Map<String, String> env;
    private final CliOverrides overrides;
    private final SecretStore secrets;

    ConfigResolver(Map<String, String> env, CliOverrides overrides, SecretStore secrets) {
        this.env = env;
        this.overrides = overrides;
        this.secrets = secrets;
    }

    /**
     * @throws ConfigurationException when an environment value is invalid, or the default provider or a
     *                                fallback provider does not exist
     */
    SpoonConfig resolve(ConfigDocument doc, FileConfig f, List<String> warnings) {
        Map<String, ProviderTable> tables = new LinkedHashMap<>(f.llmProviders());
        tables.putAll(f.providers());
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        for (String name : ConfigurationManager.BUILT_IN) {
            providers.put(name, provider(name, tables.get(name), f));
        }
        tables.forEach((name, t) -> providers.putIfAbsent(name, provider(name, t, f)));

        String defaultProvider = f.defaultProvider();
        List<String> fallback = f.fallbackChain() == null ? List.of() : f.fallbackChain();
        String envDefault = envValue("DEFAULT_LLM_PROVIDER");
        if (envDefault != null) {
            defaultProvider = envDefault;
        }
        String envChain = envValue("LLM_FALLBACK_CHAIN");
        if (envChain != null) {
            fallback = splitList(envChain);
        }
        if (overrides.provider() != null) {
            defaultProvider = overrides.provider();
        }
        if (overrides.fallbackChain() != null) {
            fallback = overrides.fallbackChain();
        }
        if (defaultProvider == null || defaultProvider.isBlank()) {
            defaultProvider = "sim";
        }
        String known = ". Known providers: " + String.join(", ", providers.keySet());
        if (!providers.containsKey(defaultProvider)) {
            if (defaultProvider.equals(overrides.provider())) {
                throw new ConfigurationException("Provider '" + defaultProvider + "' not found" + known,
                        defaultProvider);
            }
            throw new ConfigurationException("default provider '" + defaultProvider + "' not found" + known,
                    defaultProvider, doc.file(), doc.line(List.of("default_provider")), "default_provider", null);
        }
        for (String p : fallback) {
            if (!providers.containsKey(p)) {
                throw new ConfigurationException("fallback provider '" + p + "' not found" + known, p, doc.file(),
                        doc.line(List.of("fallback_chain")), "fallback_chain", null);
            }
        }
        return new SpoonConfig(defaultProvider, List.copyOf(fallback), orElse(f.loadBalancing(), "none"),
                f.retryAttempts() != null ? f.retryAttempts() : 3,
                f.retryDelayMs() != null ? f.retryDelayMs() : 500,
                f.retryMaxWaitS() != null ? f.retryMaxWaitS() : 60,
                f.maxConcurrentRequests() != null ? f.maxConcurrentRequests() : 8, cache(f.cache()),
                f.healthCheckIntervalS() != null ? f.healthCheckIntervalS() : FileConfig.DEFAULT_HEALTH_CHECK_INTERVAL_S,
                providers, prices(f), contextWindows(f), doc.file(), List.copyOf(warnings), mcpServers(f),
                gateway(f.gateway()), debug(f.debug()), setUp(tables.keySet(), providers.keySet(), defaultProvider,
                fallback));
    }

    /**
     * The instances the user set up: the file's tables, the built-in instances named by a {@code P_…} variable,
     * the default provider (unless it is the built-in default, {@code sim}) and the fallback chain.
     */
    private Set<String> setUp(Set<String> tables, Set<String> instances, String defaultProvider,
                              List<String> fallback) {
        Set<String> out = new java.util.LinkedHashSet<>(tables);
        for (String name : ConfigurationManager.ENV_PROVIDERS) {
            String prefix = name.toUpperCase(Locale.ROOT) + "_";
            for (String suffix : ENV_SUFFIXES) {
                if (envValue(prefix + suffix) != null) {
                    out.add(name);
                }
            }
        }
        if (!defaultProvider.equals("sim")) {
            out.add(defaultProvider);
        }
        out.addAll(fallback);
        out.retainAll(instances);
        return out;
    }

    /** The per-provider environment variables ({@code OPENAI_API_KEY}…): DESIGN.md "Configuration". */
    private static final List<String> ENV_SUFFIXES = List.of("API_KEY", "BASE_URL", "MODEL", "MAX_TOKENS",
            "TEMPERATURE", "TIMEOUT");

    // ------------------------------------------------------------------ sections

    private static CacheSettings cache(FileConfig.CacheTable c) {
        CacheSettings d = CacheSettings.DEFAULT;
        return c == null ? d : new CacheSettings(c.enabled() != null ? c.enabled() : d.enabled(),
                c.ttlS() != null ? c.ttlS() : d.ttlSeconds(), c.maxEntries() != null ? c.maxEntries() : d.maxEntries());
    }

    private static DebugConfig debug(FileConfig.DebugTable t) {
        DebugConfig d = DebugConfig.DEFAULT;
        return t == null ? d : new DebugConfig(t.enabled(), t.maxRecords() != null ? t.maxRecords() : d.maxRecords(),
                t.logBodies() != null ? t.logBodies() : d.logBodies(),
                t.file() == null || t.file().isBlank() ? null : Path.of(t.file()),
                t.keepDays() != null ? t.keepDays() : d.keepDays());
    }

    private static Map<String, Price> prices(FileConfig f) {
        Map<String, Price> out = new LinkedHashMap<>();
        f.prices().forEach((model, p) -> out.put(model, new Price(orZero(p.inputPerMtok()), orZero(p.outputPerMtok()),
                p.cachedInputPerMtok(), p.cacheWritePerMtok())));
        return out;
    }

    private static Map<String, Integer> contextWindows(FileConfig f) {
        Map<String, Integer> out = new LinkedHashMap<>();
        f.models().forEach((model, m) -> {
            if (m.contextWindow() != null) {
                out.put(model, m.contextWindow());
            }
        });
        return out;
    }

    private static Map<String, McpServerConfig> mcpServers(FileConfig f) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        f.mcpServers().forEach((name, s) -> out.put(name, new McpServerConfig(name,
                s.command() == null || s.command().isBlank() ? null : s.command(), s.args(), s.env(), s.cwd(),
                s.url() == null ? null : s.url().trim(), s.headers(), seconds(s.timeoutS()),
                s.enabled() == null || s.enabled())));
        return out;
    }

    private static GatewayConfig gateway(FileConfig.GatewayTable g) {
        GatewayConfig d = GatewayConfig.DEFAULT;
        return g == null ? d : new GatewayConfig(orElse(g.host(), d.host()), g.port() != null ? g.port() : d.port(),
                g.token(), g.maxRequestMb() != null ? g.maxRequestMb() : d.maxRequestMb());
    }

    // ------------------------------------------------------------------ one provider

    private ProviderConfig provider(String name, ProviderTable table, FileConfig f) {
        ProviderTable t = table != null ? table : ProviderTable.EMPTY;
        String type = t.type() != null ? t.type() : name;
        String apiKey = t.apiKey();
        if (t.apiKeyEnv() != null) {
            String fromVar = env.get(t.apiKeyEnv());
            if (fromVar != null && !ConfigurationManager.isPlaceholder(fromVar)) {
                apiKey = fromVar;
            }
        }
        String baseUrl = t.baseUrl() == null || t.baseUrl().isBlank() ? null : t.baseUrl().trim();
        String model = t.model();
        Integer maxTokens = t.maxTokens();
        Double temperature = t.temperature();
        Double timeoutS = t.timeoutS() != null ? t.timeoutS() : f.timeoutS();
        Double connectS = t.connectTimeoutS() != null ? t.connectTimeoutS() : f.connectTimeoutS();
        Double readS = t.readTimeoutS() != null ? t.readTimeoutS() : f.readTimeoutS();
        Map<String, Object> options = options(t);

        if (ConfigurationManager.ENV_PROVIDERS.contains(name)) {
            String prefix = name.toUpperCase(Locale.ROOT) + "_";
            String envKey = envValue(prefix + "API_KEY");
            if (envKey != null && !ConfigurationManager.isPlaceholder(envKey)) {
                apiKey = envKey;
            }
            baseUrl = orElse(checked(prefix + "BASE_URL", "base_url"), baseUrl);
            model = orElse(envValue(prefix + "MODEL"), model);
            String v = checked(prefix + "MAX_TOKENS", "max_tokens");
            maxTokens = v != null ? Integer.valueOf(v) : maxTokens;
            v = checked(prefix + "TEMPERATURE", "temperature");
            temperature = v != null ? Double.valueOf(v) : temperature;
            v = checked(prefix + "TIMEOUT", "timeout_s");
            timeoutS = v != null ? Double.valueOf(v) : timeoutS;
        }
        if ("openrouter".equals(name)) {
            String ref = envValue("OPENROUTER_HTTP_REFERER");
            if (ref != null) {
                options.put("http_referer", ref);
            }
            String title = envValue("OPENROUTER_X_TITLE");
            if (title != null) {
                options.put("x_title", title);
            }
        }
        if (name.equals(overrides.provider())) {
            apiKey = overrides.apiKey() != null ? overrides.apiKey() : apiKey;
            baseUrl = orElse(overrides.baseUrl(), baseUrl);
            model = orElse(overrides.model(), model);
            maxTokens = overrides.maxTokens() != null ? overrides.maxTokens() : maxTokens;
            temperature = overrides.temperature() != null ? overrides.temperature() : temperature;
            timeoutS = overrides.timeoutSeconds() != null ? overrides.timeoutSeconds() : timeoutS;
            readS = overrides.readTimeoutSeconds() != null ? overrides.readTimeoutSeconds() : readS;
        }
        if (ConfigurationManager.isPlaceholder(apiKey)) {
            apiKey = storedKey(name);
        }
        return new ProviderConfig(name, type, apiKey, baseUrl, model, maxTokens, temperature, seconds(timeoutS),
                t.proxy() == null || t.proxy().isBlank() ? null : t.proxy().trim(), t.headers(),
                t.weight() != null ? t.weight() : 1.0, options, seconds(connectS), seconds(readS));
    }

    /** The {@link Check.Option} keys that are set, then every key the table has no component for. */
    private static Map<String, Object> options(ProviderTable t) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : OPTION_KEYS) {
            RecordComponent c = ConfigSchema.component(ProviderTable.class, key);
            try {
                Object v = c.getAccessor().invoke(t);
                if (v != null) {
                    out.put(key, v);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        out.putAll(t.options());
        return out;
    }

    private String storedKey(String name) {
        Optional<String> stored = Optional.empty();
        try {
            stored = secrets.get(name);
        } catch (RuntimeException ignored) {
            // an unavailable key store means "no stored key"
        }
        return stored.filter(k -> !ConfigurationManager.isPlaceholder(k)).orElse(null);
    }

    /** An environment value checked by the rules of provider key {@code key}, or null when unset. */
    private String checked(String variable, String key) {
        String v = envValue(variable);
        if (v != null) {
            ConfigValidator.checkEnvironment(variable, v, ProviderTable.class, key);
        }
        return v;
    }

    private String envValue(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Duration seconds(Double s) {
        return s == null ? null : Duration.ofNanos(Math.round(s * 1e9));
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }

    private static String orElse(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
