package dev.spoon.llm.config;

import dev.spoon.llm.io.SecureFiles;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Loads, validates, reloads and writes back the configuration (DESIGN.md "Configuration").
 *
 * <p>Precedence: command-line override &gt; environment &gt; file &gt; key store (keys only) &gt; built-in
 * default. The file is {@code --config FILE}, else {@code $SPOON_CONFIG}, else {@code config.toml} or
 * {@code config.json} in the user's config folder. A malformed file, a wrong type or an out-of-range value
 * throws {@link ConfigurationException} naming the file, line and key; an unknown key is only a warning,
 * naming the closest known key. Thread-safe.
 */
public final class ConfigurationManager {

    /** Built-in provider instances that exist without any configuration. */
    public static final List<String> BUILT_IN = List.of(
            "openai", "openrouter", "deepseek", "anthropic", "gemini", "ollama", "lmstudio", "sim");
    /** Providers whose settings come from {@code P_API_KEY}, {@code P_MODEL}… variables. */
    public static final List<String> ENV_PROVIDERS = List.of(
            "openai", "openrouter", "deepseek", "anthropic", "gemini", "ollama", "lmstudio");
    /** Provider types that cannot work without an API key. */
    public static final Set<String> KEY_REQUIRED = Set.of("openai", "openrouter", "deepseek", "anthropic", "gemini");
    public static final List<String> LOAD_BALANCING = List.of(
            "none", "round_robin", "weighted", "random", "least_busy", "latency");

    static final Set<String> TOP_KEYS = Set.of("default_provider", "fallback_chain", "load_balancing",
            "retry_attempts", "retry_delay_ms", "retry_max_wait_s", "max_concurrent_requests", "cache", "providers",
            "llm_providers", "prices", "health_check_interval_s", "debug", "mcp_servers", "gateway");
    static final Set<String> MCP_KEYS = Set.of("command", "args", "env", "cwd", "url", "headers", "timeout_s",
            "enabled");
    static final Set<String> GATEWAY_KEYS = Set.of("host", "port", "token", "max_request_mb");
    static final Set<String> CACHE_KEYS = Set.of("enabled", "ttl_s", "max_entries");
    static final Set<String> DEBUG_KEYS = Set.of("enabled", "max_records", "log_bodies", "file", "keep_days");
    static final Set<String> PRICE_KEYS = Set.of("input_per_mtok", "output_per_mtok");
    static final Set<String> PROVIDER_KEYS = Set.of("type", "api_key", "api_key_env", "base_url", "model",
            "max_tokens", "temperature", "timeout_s", "connect_timeout_s", "read_timeout_s", "proxy", "headers", "weight",
            "enabled",
            "max_concurrent_requests", "http_referer", "x_title", "anthropic_version", "thinking_budget",
            "reasoning_effort", "models", "description");
    static final Set<String> SIM_KEYS = Set.of("models", "description", "ttft_ms", "tokens_per_s", "mode", "answer", "answer_tokens", "script_file", "reasoning",
            "tool_calls", "fail_type", "fail_rate", "fail_status", "disconnect_after", "seed", "usage",
            "chunk_tokens", "retry_after_s");

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)^\\s*(|your[-_ a-z]*|.*your[-_ ]?api[-_ ]?key.*|sk-(x{3,}|\\.{3}|…).*|<.*>|x{3,}|\\.{3}|…|changeme"
                    + "|change[-_]me|placeholder|none|null|todo|tbd|api[-_]?key|\\$\\{.*}|\\*+)\\s*$");

    private final Path explicitFile;
    private final Map<String, String> env;
    private final CliOverrides overrides;
    private final SecretStore secrets;
    private final List<Consumer<SpoonConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile SpoonConfig current;
    private volatile ObjectNode raw;

    /**
     * @param explicitFile the {@code --config} file, or null
     * @param env          the environment to read (the real one, or a map in tests)
     * @param overrides    command-line overrides
     * @param secrets      where stored keys live
     * @throws ConfigurationException when the file is malformed or invalid, or {@code explicitFile} is missing
     */
    public ConfigurationManager(Path explicitFile, Map<String, String> env, CliOverrides overrides,
                                SecretStore secrets) {
        this.explicitFile = explicitFile;
        this.env = Map.copyOf(env);
        this.overrides = overrides == null ? CliOverrides.NONE : overrides;
        this.secrets = secrets == null ? SecretStore.NONE : secrets;
        reload();
    }

    /** The real environment and default file, no overrides, no key store. */
    public ConfigurationManager() {
        this(null, System.getenv(), CliOverrides.NONE, SecretStore.NONE);
    }

    public SpoonConfig config() {
        return current;
    }

    public List<String> warnings() {
        return current.warnings();
    }

    public SecretStore secretStore() {
        return secrets;
    }

    /** The file this manager reads and writes (it may not exist yet). */
    public Path file() {
        if (explicitFile != null) {
            return explicitFile;
        }
        String fromEnv = env.get("SPOON_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path dir = SpoonPaths.configDir(env);
        Path toml = dir.resolve("config.toml");
        Path json = dir.resolve("config.json");
        return Files.exists(toml) || !Files.exists(json) ? toml : json;
    }

    /** The default provider: command line, then {@code DEFAULT_LLM_PROVIDER}, then the file, then {@code sim}. */
    public String defaultProvider() {
        return current.defaultProvider();
    }

    /**
     * The effective settings of provider instance {@code name}.
     *
     * @throws ConfigurationException when no such instance exists, listing the known ones
     */
    public ProviderConfig loadProviderConfig(String name) {
        ProviderConfig pc = current.providers().get(name);
        if (pc == null) {
            throw new ConfigurationException("Provider '" + name + "' not found. Known providers: "
                    + String.join(", ", current.providers().keySet()), name);
        }
        return pc;
    }

    /** Whether {@code pc} has what it needs to make a request (a real key where its type requires one). */
    public static boolean isConfigured(ProviderConfig pc) {
        return !KEY_REQUIRED.contains(pc.type()) || pc.hasApiKey();
    }

    /** Whether {@code key} is a placeholder such as {@code your_api_key}, {@code sk-xxx…} or {@code <key>}. */
    public static boolean isPlaceholder(String key) {
        return key == null || PLACEHOLDER.matcher(key).matches();
    }

    public void addListener(Consumer<SpoonConfig> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<SpoonConfig> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads the file and environment again and notifies listeners.
     *
     * @throws ConfigurationException when the file is malformed or invalid; the previous config stays
     */
    public synchronized SpoonConfig reload() {
        Path file = file();
        ObjectNode tree;
        String text = null;
        if (Files.exists(file)) {
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigurationException("cannot read the configuration file: " + e.getMessage()
                        + ". Check that it exists and is readable.", null, file, null, null, e);
            }
            tree = parse(file, text);
        } else if (explicitFile != null) {
            throw new ConfigurationException("configuration file not found. Check the --config path.", null,
                    file, null, null, null);
        } else {
            tree = JsonNodeFactory.instance.objectNode();
            file = null;
        }
        SpoonConfig built = build(tree, file, text);
        this.raw = tree;
        this.current = built;
        for (Consumer<SpoonConfig> l : listeners) {
            try {
                l.accept(built);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks a reload
            }
        }
        return built;
    }

    /** A deep copy of the file's tree as read (no environment, no defaults) for editing. */
    public ObjectNode rawTree() {
        return raw.deepCopy();
    }

    /**
     * Applies {@code edit} to a copy of the file's tree, validates it, writes it back atomically (TOML or JSON
     * after the file's extension; comments are dropped, keys never) and reloads.
     *
     * @throws ConfigurationException when the edited configuration is invalid; nothing is written
     */
    public synchronized SpoonConfig update(Consumer<ObjectNode> edit) {
        ObjectNode copy = rawTree();
        edit.accept(copy);
        Path file = file();
        build(copy, file, null); // validate before writing
        write(file, copy);
        return reload();
    }

    /** Serializes {@code tree} to {@code file} atomically, readable only by the user when it holds a key. */
    static void write(Path file, ObjectNode tree) {
        try {
            String out = isJson(file)
                    ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                    : new TomlMapper().writeValueAsString(tree);
            SecureFiles.writeAtomically(file, out);
        } catch (IOException e) {
            throw new ConfigurationException("cannot write the configuration file: " + e.getMessage(), null, file,
                    null, null, e);
        }
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    static ObjectNode parse(Path file, String text) {
        try {
            JsonNode node = isJson(file) ? Json.MAPPER.readTree(text) : new TomlMapper().readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigurationException("the top level must be a table/object", null, file, 1, null, null);
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            Integer line = loc != null && loc.getLineNr() > 0 ? loc.getLineNr() : null;
            String msg = e.getOriginalMessage();
            throw new ConfigurationException("malformed " + (isJson(file) ? "JSON" : "TOML") + ": " + msg
                    + ". Fix the syntax at that line.", null, file, line, null, e);
        } catch (IOException e) {
            throw new ConfigurationException("cannot parse: " + e.getMessage(), null, file, null, null, e);
        }
    }

    // ---------------------------------------------------------------- building the effective config

    private SpoonConfig build(ObjectNode tree, Path file, String text) {
        Validator v = new Validator(file, text);
        List<String> warnings = new ArrayList<>();
        v.warnUnknown(tree, TOP_KEYS, "", warnings);

        String defaultProvider = v.string(tree, "default_provider", null);
        List<String> fallback = v.stringList(tree, "fallback_chain");
        String lb = v.string(tree, "load_balancing", "none");
        if (!LOAD_BALANCING.contains(lb)) {
            throw v.error("load_balancing", "unknown strategy '" + lb + "'; use one of "
                    + String.join(", ", LOAD_BALANCING));
        }
        int retryAttempts = (int) v.integer(tree, "retry_attempts", 3, 0, 20);
        long retryDelay = v.integer(tree, "retry_delay_ms", 500, 0, 600_000);
        long retryMaxWait = v.integer(tree, "retry_max_wait_s", 60, 0, 86_400);
        int maxConcurrent = (int) v.integer(tree, "max_concurrent_requests", 8, 1, 100_000);
        long healthInterval = v.integer(tree, "health_check_interval_s", 60, 1, 86_400);

        CacheSettings cache = CacheSettings.DEFAULT;
        JsonNode cacheNode = tree.get("cache");
        if (cacheNode != null) {
            if (!cacheNode.isObject()) {
                throw v.error("cache", "expected a table like { enabled = true, ttl_s = 300, max_entries = 1000 }");
            }
            v.warnUnknown(cacheNode, CACHE_KEYS, "cache.", warnings);
            cache = new CacheSettings(v.bool(cacheNode, "cache.enabled", "enabled", false),
                    v.integer(cacheNode, "cache.ttl_s", "ttl_s", 300, 0, 31_536_000),
                    (int) v.integer(cacheNode, "cache.max_entries", "max_entries", 1000, 1, 10_000_000));
        }
        JsonNode debugNode = tree.get("debug");
        if (debugNode != null) {
            if (!debugNode.isObject()) {
                throw v.error("debug", "expected a table like { enabled = true, max_records = 10000 }");
            }
            v.warnUnknown(debugNode, DEBUG_KEYS, "debug.", warnings);
            v.integer(debugNode, "debug.keep_days", "keep_days", 30, 0, 36_500); // checked here, read by DebugSettings
        }

        Map<String, Price> prices = new LinkedHashMap<>();
        JsonNode pricesNode = tree.get("prices");
        if (pricesNode != null) {
            if (!pricesNode.isObject()) {
                throw v.error("prices", "expected a table of models, e.g. [prices.\"gpt-4o-mini\"]");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = pricesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String base = "prices." + e.getKey();
                if (!e.getValue().isObject()) {
                    throw v.error(base, "expected { input_per_mtok = 0.15, output_per_mtok = 0.6 }");
                }
                v.warnUnknown(e.getValue(), PRICE_KEYS, base + ".", warnings);
                prices.put(e.getKey(), new Price(
                        v.decimal(e.getValue(), base + ".input_per_mtok", "input_per_mtok", 0, 0, 1e9),
                        v.decimal(e.getValue(), base + ".output_per_mtok", "output_per_mtok", 0, 0, 1e9)));
            }
        }

        Map<String, McpServerConfig> mcpServers = mcpServers(tree, v, warnings);
        GatewayConfig gateway = GatewayConfig.DEFAULT;
        JsonNode gw = tree.get("gateway");
        if (gw != null) {
            if (!gw.isObject()) {
                throw v.error("gateway", "expected a table like [gateway] with host, port, token");
            }
            v.warnUnknown(gw, GATEWAY_KEYS, "gateway.", warnings);
            gateway = new GatewayConfig(v.string(gw, "gateway.host", "host", GatewayConfig.DEFAULT.host()),
                    (int) v.integer(gw, "gateway.port", "port", GatewayConfig.DEFAULT.port(), 1, 65_535),
                    v.string(gw, "gateway.token", "token", null),
                    (int) v.integer(gw, "gateway.max_request_mb", "max_request_mb",
                            GatewayConfig.DEFAULT.maxRequestMb(), 1, 1024));
        }

        // providers: built-in instances first, then the file's own
        ObjectNode providersNode = JsonNodeFactory.instance.objectNode();
        for (String key : List.of("llm_providers", "providers")) {
            JsonNode n = tree.get(key);
            if (n != null) {
                if (!n.isObject()) {
                    throw v.error(key, "expected a table of provider tables, e.g. [providers.openai]");
                }
                providersNode.setAll((ObjectNode) n);
            }
        }
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            providers.put(name, provider(name, providersNode.get(name), v, warnings));
        }
        for (Iterator<String> it = providersNode.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!providers.containsKey(name)) {
                providers.put(name, provider(name, providersNode.get(name), v, warnings));
            }
        }

        // environment and command line
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
        if (!providers.containsKey(defaultProvider) && defaultProvider.equals(overrides.provider())) {
            throw new ConfigurationException("Provider '" + defaultProvider + "' not found. Known providers: "
                    + String.join(", ", providers.keySet()), defaultProvider);
        }
        if (!providers.containsKey(defaultProvider)) {
            throw new ConfigurationException("default provider '" + defaultProvider + "' not found. Known providers: "
                    + String.join(", ", providers.keySet()), defaultProvider, file, v.line("default_provider"),
                    "default_provider", null);
        }
        for (String p : fallback) {
            if (!providers.containsKey(p)) {
                throw new ConfigurationException("fallback provider '" + p + "' not found. Known providers: "
                        + String.join(", ", providers.keySet()), p, file, v.line("fallback_chain"),
                        "fallback_chain", null);
            }
        }
        return new SpoonConfig(defaultProvider, List.copyOf(fallback), lb, retryAttempts, retryDelay, retryMaxWait,
                maxConcurrent, cache, healthInterval, providers, prices, file, List.copyOf(warnings), mcpServers,
                gateway);
    }

    private static Map<String, McpServerConfig> mcpServers(ObjectNode tree, Validator v, List<String> warnings) {
        Map<String, McpServerConfig> out = new LinkedHashMap<>();
        JsonNode node = tree.get("mcp_servers");
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw v.error("mcp_servers", "expected a table of servers, e.g. [mcp_servers.everything]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String base = "mcp_servers." + e.getKey();
            JsonNode s = e.getValue();
            if (!s.isObject()) {
                throw v.error(base, "expected a table with command (and args) or url");
            }
            v.warnUnknown(s, MCP_KEYS, base + ".", warnings);
            String command = v.string(s, base + ".command", "command", null);
            String url = v.url(s, base + ".url", "url");
            if ((command == null || command.isBlank()) == (url == null)) {
                throw v.error(base, "MCP server '" + e.getKey() + "' needs either command = \"...\" (a program"
                        + " started over stdio) or url = \"http://...\" (a streamable-HTTP server), not both");
            }
            List<String> args = v.strings(s, base + ".args", "args");
            Map<String, String> env = v.stringTable(s, base + ".env", "env");
            String cwd = v.string(s, base + ".cwd", "cwd", null);
            Map<String, String> headers = v.stringTable(s, base + ".headers", "headers");
            Double timeoutS = v.optDecimal(s, base + ".timeout_s", "timeout_s", 0.001, 86_400);
            boolean enabled = v.bool(s, base + ".enabled", "enabled", true);
            out.put(e.getKey(), new McpServerConfig(e.getKey(), command == null || command.isBlank() ? null : command,
                    args, env, cwd, url, headers, seconds(timeoutS), enabled));
        }
        return out;
    }

    private ProviderConfig provider(String name, JsonNode node, Validator v, List<String> warnings) {
        String base = "providers." + name;
        if (node != null && !node.isObject()) {
            throw v.error(base, "expected a table, e.g. [providers." + name + "] with api_key, model…");
        }
        JsonNode n = node == null ? JsonNodeFactory.instance.objectNode() : node;
        String type = v.string(n, base + ".type", "type", BUILT_IN.contains(name) ? name : null);
        if (type == null) {
            throw v.error(base, "custom provider '" + name + "' needs a type, e.g. type = \"openai-compatible\"");
        }
        Set<String> known = PROVIDER_KEYS;
        if (type.equals("sim")) {
            known = new java.util.HashSet<>(PROVIDER_KEYS);
            known.addAll(SIM_KEYS);
        }
        v.warnUnknown(n, known, base + ".", warnings);
        String apiKey = v.string(n, base + ".api_key", "api_key", null);
        String keyEnv = v.string(n, base + ".api_key_env", "api_key_env", null);
        if (keyEnv != null) {
            String fromVar = env.get(keyEnv);
            if (fromVar != null && !isPlaceholder(fromVar)) {
                apiKey = fromVar;
            }
        }
        String baseUrl = v.url(n, base + ".base_url", "base_url");
        String model = v.string(n, base + ".model", "model", null);
        Integer maxTokens = v.optInteger(n, base + ".max_tokens", "max_tokens", 1, 10_000_000);
        Double temperature = v.optDecimal(n, base + ".temperature", "temperature", 0, 2);
        Double timeoutS = v.optDecimal(n, base + ".timeout_s", "timeout_s", 0.001, 86_400);
        Double connectS = v.optDecimal(n, base + ".connect_timeout_s", "connect_timeout_s", 0.001, 86_400);
        Double readS = v.optDecimal(n, base + ".read_timeout_s", "read_timeout_s", 0.001, 86_400);
        String proxy = v.url(n, base + ".proxy", "proxy");
        double weight = v.decimal(n, base + ".weight", "weight", 1, 0, 1_000_000);
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = n.get("headers");
        if (h != null) {
            if (!h.isObject()) {
                throw v.error(base + ".headers", "expected a table of header names to values");
            }
            h.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        v.optDecimal(n, base + ".fail_rate", "fail_rate", 0, 1);
        v.optDecimal(n, base + ".tokens_per_s", "tokens_per_s", 0, 1e9);
        v.optDecimal(n, base + ".ttft_ms", "ttft_ms", 0, 3_600_000);
        v.optInteger(n, base + ".max_concurrent_requests", "max_concurrent_requests", 1, 100_000);

        // environment for the well-known names
        if (ENV_PROVIDERS.contains(name)) {
            String prefix = name.toUpperCase(Locale.ROOT) + "_";
            String envKey = envValue(prefix + "API_KEY");
            if (envKey != null && !isPlaceholder(envKey)) {
                apiKey = envKey;
            }
            baseUrl = orElse(envValue(prefix + "BASE_URL"), baseUrl);
            model = orElse(envValue(prefix + "MODEL"), model);
            maxTokens = envInt(prefix + "MAX_TOKENS", maxTokens);
            temperature = envDouble(prefix + "TEMPERATURE", temperature);
            timeoutS = envDouble(prefix + "TIMEOUT", timeoutS);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!Set.of("type", "api_key", "base_url", "model", "max_tokens", "temperature", "timeout_s",
                    "connect_timeout_s", "read_timeout_s", "proxy", "headers", "weight").contains(e.getKey())) {
                options.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
            }
        });
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
        // command line, for the targeted provider
        if (name.equals(overrides.provider())) {
            if (overrides.apiKey() != null) {
                apiKey = overrides.apiKey();
            }
            baseUrl = orElse(overrides.baseUrl(), baseUrl);
            model = orElse(overrides.model(), model);
            maxTokens = overrides.maxTokens() != null ? overrides.maxTokens() : maxTokens;
            temperature = overrides.temperature() != null ? overrides.temperature() : temperature;
            timeoutS = overrides.timeoutSeconds() != null ? overrides.timeoutSeconds() : timeoutS;
            readS = overrides.readTimeoutSeconds() != null ? overrides.readTimeoutSeconds() : readS;
        }
        if (isPlaceholder(apiKey)) {
            apiKey = null;
        }
        if (apiKey == null) {
            Optional<String> stored = Optional.empty();
            try {
                stored = secrets.get(name);
            } catch (RuntimeException ignored) {
                // an unavailable key store means "no stored key"
            }
            apiKey = stored.filter(k -> !isPlaceholder(k)).orElse(null);
        }
        Duration timeout = seconds(timeoutS);
        return new ProviderConfig(name, type, apiKey, baseUrl, model, maxTokens, temperature, timeout, proxy, headers,
                weight, options, seconds(connectS), seconds(readS));
    }

    private static Duration seconds(Double s) {
        return s == null ? null : Duration.ofMillis((long) (s * 1000));
    }

    private String envValue(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private Integer envInt(String name, Integer fallback) {
        String v = envValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < 1) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("environment variable " + name + "='" + v
                    + "' is not a positive whole number", null, null, null, name, null);
        }
    }

    private Double envDouble(String name, Double fallback) {
        String v = envValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("environment variable " + name + "='" + v + "' is not a number ≥ 0",
                    null, null, null, name, null);
        }
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

    /** Edit distance with transpositions (optimal string alignment), for "did you mean" suggestions. */
    static int distance(String a, String b) {
        int[] prevPrev = new int[b.length() + 1];
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], prevPrev[j - 2] + 1);
                }
            }
            int[] t = prevPrev;
            prevPrev = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String closest(String key, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            boolean tieBreak = d == bestD && (Math.abs(k.length() - key.length())
                    < Math.abs(best.length() - key.length()));
            if (d < bestD || tieBreak) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Type and range checks that name the file, line and key. */
    private static final class Validator {
        private final Path file;
        private final KeyLines lines;

        Validator(Path file, String text) {
            this.file = file;
            this.lines = text == null || file == null ? KeyLines.EMPTY
                    : isJson(file) ? KeyLines.ofJson(text) : KeyLines.ofToml(text);
        }

        Integer line(String dottedKey) {
            return lines.line(dottedKey);
        }

        ConfigurationException error(String key, String message) {
            return new ConfigurationException(message, null, file, lines.line(key), key, null);
        }

        void warnUnknown(JsonNode node, Set<String> known, String prefix, List<String> warnings) {
            node.fieldNames().forEachRemaining(k -> {
                if (!known.contains(k)) {
                    String suggestion = closest(k, known);
                    Integer line = lines.line(prefix + k);
                    warnings.add((file != null ? file + (line != null ? ":" + line : "") + ": " : "")
                            + "unknown key '" + prefix + k + "'"
                            + (suggestion != null ? " (did you mean '" + prefix + suggestion + "'?)" : "")
                            + "; it is ignored");
                }
            });
        }

        String string(JsonNode node, String key, String def) {
            return string(node, key, key, def);
        }

        String string(JsonNode node, String dotted, String key, String def) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return def;
            }
            if (!n.isTextual()) {
                throw error(dotted, "expected a string, found " + describe(n));
            }
            return n.asText();
        }

        String url(JsonNode node, String dotted, String key) {
            String s = string(node, dotted, key, null);
            if (s == null || s.isBlank()) {
                return null;
            }
            String problem = UrlCheck.problem(s, key.equals("proxy") ? UrlCheck.PROXY : UrlCheck.HTTP);
            if (problem != null) {
                throw error(dotted, "'" + s + "' is not a valid URL: it " + problem);
            }
            return s.trim();
        }

        List<String> stringList(JsonNode node, String key) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (n.isTextual()) {
                return splitList(n.asText());
            }
            if (!n.isArray()) {
                throw error(key, "expected a list of provider names, e.g. [\"openai\", \"sim\"], found " + describe(n));
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : (ArrayNode) n) {
                if (!item.isTextual()) {
                    throw error(key, "expected provider names (strings), found " + describe(item));
                }
                out.add(item.asText());
            }
            return out;
        }

        List<String> strings(JsonNode node, String dotted, String key) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return List.of();
            }
            if (!n.isArray()) {
                throw error(dotted, "expected a list of strings, e.g. [\"-y\", \"pkg\"], found " + describe(n));
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    throw error(dotted, "expected strings, found " + describe(item));
                }
                out.add(item.asText());
            }
            return out;
        }

        Map<String, String> stringTable(JsonNode node, String dotted, String key) {
            JsonNode n = node.get(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isObject()) {
                throw error(dotted, "expected a table of names to strings, found " + describe(n));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw error(dotted + "." + e.getKey(), "expected a string, found " + describe(e.getValue()));
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }

        long integer(JsonNode node, String key, long def, long min, long max) {
            return integer(node, key, key, def, min, max);
        }

        long integer(JsonNode node, String dotted, String key, long def, long min, long max) {
            Integer v = optInteger(node, dotted, key, min, max);
            return v == null ? def : v;
        }

        Integer optInteger(JsonNode node, String dotted, String key, long min, long max) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isIntegralNumber()) {
                throw error(dotted, "expected a whole number, found " + describe(n));
            }
            long val = n.asLong();
            if (val < min || val > max) {
                throw error(dotted, "value " + val + " is out of range; expected " + min + " to " + max);
            }
            return (int) val;
        }

        double decimal(JsonNode node, String dotted, String key, double def, double min, double max) {
            Double v = optDecimal(node, dotted, key, min, max);
            return v == null ? def : v;
        }

        Double optDecimal(JsonNode node, String dotted, String key, double min, double max) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isNumber()) {
                throw error(dotted, "expected a number, found " + describe(n));
            }
            double val = n.asDouble();
            if (val < min || val > max || Double.isNaN(val)) {
                throw error(dotted, "value " + n.asText() + " is out of range; expected " + fmt(min) + " to "
                        + fmt(max));
            }
            return val;
        }

        boolean bool(JsonNode node, String dotted, String key, boolean def) {
            JsonNode n = node.get(key);
            if (n == null || n.isNull()) {
                return def;
            }
            if (!n.isBoolean()) {
                throw error(dotted, "expected true or false, found " + describe(n));
            }
            return n.asBoolean();
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }

        private static String describe(JsonNode n) {
            String kind = n.isTextual() ? "a string" : n.isBoolean() ? "a boolean" : n.isNumber() ? "a number"
                    : n.isArray() ? "a list" : n.isObject() ? "a table" : n.getNodeType().toString().toLowerCase(
                    Locale.ROOT);
            String shown = n.toString();
            return kind + (shown.length() <= 40 ? " " + shown : "");
        }
    }
}
