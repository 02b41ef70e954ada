package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed change to the user's configuration, given to {@link ConfigurationManager#edit} (which validates it,
 * writes the file atomically and reloads) or {@link ConfigurationManager#preview} (which only shows the
 * result). Only the keys a call names change: every other key and value of the file stays as it is. A null
 * or blank value removes the key, so the default (or the environment) applies again. Stored keys (the key
 * store, not the file) change with {@link ProviderEdit#storedKey}.
 *
 * <pre>{@code configuration.edit(e -> e.provider("mylocal").baseUrl("http://127.0.0.1:1234/v1").model("qwen3"));}</pre>
 *
 * Not thread-safe; lives for one call.
 */
public final class ConfigEdit {
    private final ObjectNode tree;
    private final Map<String, String> storedKeys = new LinkedHashMap<>();

    ConfigEdit(ObjectNode tree) {
        this.tree = tree;
    }

    /** The settings of provider instance {@code name}; its table is created when a value is first set. */
    public ProviderEdit provider(String name) {
        return new ProviderEdit(name);
    }

    /**
     * Removes provider instance {@code name}: its table, its place in the fallback chain, the default when it
     * was the default, and its stored key.
     */
    public ConfigEdit removeProvider(String name) {
        for (String section : List.of("providers", "llm_providers")) {
            if (tree.get(section) instanceof ObjectNode o) {
                o.remove(name);
            }
        }
        if (tree.get("fallback_chain") instanceof ArrayNode chain) {
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (chain.get(i).asText().equals(name)) {
                    chain.remove(i);
                }
            }
        }
        if (name.equals(tree.path("default_provider").asText(null))) {
            tree.remove("default_provider");
        }
        storedKeys.put(name, null);
        return this;
    }

    /**
     * Sets the default provider and the fallback chain; a blank default or an empty chain removes the key
     * (the default is then {@code sim}, the chain none, unless the environment says otherwise).
     */
    public ConfigEdit routing(String defaultProvider, List<String> fallbackChain) {
        set(tree, FileConfig.class, "default_provider", blankToNull(defaultProvider));
        if (fallbackChain == null || fallbackChain.isEmpty()) {
            tree.remove(key(FileConfig.class, "fallback_chain"));
        } else {
            ArrayNode a = tree.putArray(key(FileConfig.class, "fallback_chain"));
            fallbackChain.forEach(a::add);
        }
        return this;
    }

    /** Sets {@code load_balancing} (one of {@link ConfigurationManager#LOAD_BALANCING}). */
    public ConfigEdit loadBalancing(String strategy) {
        set(tree, FileConfig.class, "load_balancing", blankToNull(strategy));
        return this;
    }

    /** Sets {@code retry_attempts}. */
    public ConfigEdit retryAttempts(Integer attempts) {
        set(tree, FileConfig.class, "retry_attempts", attempts);
        return this;
    }

    /** Sets the price of {@code model}, or removes it when {@code price} is null. */
    public ConfigEdit price(String model, Price price) {
        if (price == null) {
            if (tree.get("prices") instanceof ObjectNode prices) {
                prices.remove(model);
            }
            return this;
        }
        ObjectNode prices = tree.get("prices") instanceof ObjectNode o ? o : tree.putObject("prices");
        ObjectNode t = prices.putObject(model);
        Class<FileConfig.PriceTable> s = FileConfig.PriceTable.class;
        set(t, s, "input_per_mtok", price.inputPerMillion());
        set(t, s, "output_per_mtok", price.outputPerMillion());
        set(t, s, "cached_input_per_mtok", price.cachedInputPerMillion());
        set(t, s, "cache_write_per_mtok", price.cacheWritePerMillion());
        return this;
    }

    /**
     * Sets MCP server {@code server.name()} ({@code [mcp_servers.NAME]}) to exactly {@code server}: its table is
     * replaced, so keys it does not set ({@code cwd}, {@code env}…) are gone; defaults ({@code timeout_s} 60,
     * {@code enabled} true) are not written.
     */
    public ConfigEdit mcpServer(McpServerConfig server) {
        ObjectNode servers = tree.get("mcp_servers") instanceof ObjectNode o ? o : tree.putObject("mcp_servers");
        ObjectNode t = servers.putObject(server.name());
        Class<FileConfig.McpServerTable> s = FileConfig.McpServerTable.class;
        com.fasterxml.jackson.databind.ObjectMapper m = dev.spoon.llm.json.Json.MAPPER;
        if (server.isStdio()) {
            set(t, s, "command", server.command());
            set(t, s, "args", server.args().isEmpty() ? null : m.valueToTree(server.args()));
            set(t, s, "env", server.env().isEmpty() ? null : m.valueToTree(server.env()));
            set(t, s, "cwd", blankToNull(server.cwd()));
        } else {
            set(t, s, "url", server.url());
            set(t, s, "headers", server.headers().isEmpty() ? null : m.valueToTree(server.headers()));
        }
        if (!server.timeout().equals(McpServerConfig.DEFAULT_TIMEOUT)) {
            set(t, s, "timeout_s", server.timeout().toMillis() / 1000.0);
        }
        if (!server.enabled()) {
            t.put(key(s, "enabled"), false);
        }
        return this;
    }

    /** Removes MCP server {@code name} ({@code [mcp_servers.NAME]}). */
    public ConfigEdit removeMcpServer(String name) {
        if (tree.get("mcp_servers") instanceof ObjectNode o) {
            o.remove(name);
            if (o.isEmpty()) {
                tree.remove("mcp_servers");
            }
        }
        return this;
    }

    /** The edited tree (package use: validation and writing). */
    ObjectNode tree() {
        return tree;
    }

    /** Key store changes: provider → new key, or null to delete the stored key. */
    Map<String, String> storedKeys() {
        return Collections.unmodifiableMap(storedKeys);
    }

    /** The settings of one provider instance; each setter returns this edit for chaining. */
    public final class ProviderEdit {
        private static final Class<FileConfig.ProviderTable> S = FileConfig.ProviderTable.class;
        private final String name;

        private ProviderEdit(String name) {
            this.name = name;
        }

        /** The registered provider type ({@code openai-compatible}, {@code sim}…). */
        public ProviderEdit type(String type) {
            return put("type", blankToNull(type));
        }

        public ProviderEdit baseUrl(String url) {
            return put("base_url", blankToNull(url));
        }

        public ProviderEdit model(String model) {
            return put("model", blankToNull(model));
        }

        public ProviderEdit maxTokens(Integer maxTokens) {
            return put("max_tokens", maxTokens);
        }

        public ProviderEdit temperature(Double temperature) {
            return put("temperature", temperature);
        }

        /** {@code timeout_s}: the whole call. */
        public ProviderEdit timeoutSeconds(Double seconds) {
            return put("timeout_s", seconds);
        }

        public ProviderEdit connectTimeoutSeconds(Double seconds) {
            return put("connect_timeout_s", seconds);
        }

        public ProviderEdit readTimeoutSeconds(Double seconds) {
            return put("read_timeout_s", seconds);
        }

        public ProviderEdit proxy(String proxy) {
            return put("proxy", blankToNull(proxy));
        }

        /** The extra headers, replacing the table's; empty or null removes them. */
        public ProviderEdit headers(Map<String, String> headers) {
            if (headers == null || headers.isEmpty()) {
                return put("headers", null);
            }
            ObjectNode h = table(true).putObject(key(S, "headers"));
            headers.forEach(h::put);
            return this;
        }

        public ProviderEdit weight(Double weight) {
            return put("weight", weight);
        }

        /** {@code chat_completions} or {@code responses} (OpenAI-family providers). */
        public ProviderEdit api(String api) {
            return put("api", blankToNull(api));
        }

        /** The key written in the config file in plain text; null removes it from the file. */
        public ProviderEdit apiKeyInFile(String key) {
            return put("api_key", blankToNull(key));
        }

        /** The key kept in the key store; null or blank deletes the stored key. */
        public ProviderEdit storedKey(String key) {
            storedKeys.put(name, blankToNull(key));
            return this;
        }

        private ProviderEdit put(String key, Object value) {
            ObjectNode t = table(value != null);
            if (t != null) {
                set(t, S, key, value);
            }
            return this;
        }

        /** The provider's table ({@code providers.NAME}, or the seed's {@code llm_providers.NAME}). */
        private ObjectNode table(boolean create) {
            for (String section : List.of("providers", "llm_providers")) {
                if (tree.path(section).get(name) instanceof ObjectNode t) {
                    return t;
                }
            }
            if (!create) {
                return null;
            }
            ObjectNode providers = tree.get("providers") instanceof ObjectNode o ? o : tree.putObject("providers");
            return providers.putObject(name);
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** The file key of {@code key} in {@code section}, checked against the schema. */
    private static String key(Class<? extends Record> section, String key) {
        ConfigSchema.component(section, key);
        return key;
    }

    private static void set(ObjectNode table, Class<? extends Record> section, String key, Object value) {
        String k = key(section, key);
        if (value == null) {
            table.remove(k);
        } else if (value instanceof String s) {
            table.put(k, s);
        } else if (value instanceof Integer i) {
            table.put(k, i);
        } else if (value instanceof Long l) {
            table.put(k, l);
        } else if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                table.put(k, d.longValue()); // 30, not 30.0
            } else {
                table.put(k, d);
            }
        } else if (value instanceof JsonNode n) {
            table.set(k, n);
        } else {
            throw new IllegalArgumentException("unsupported value for " + key + ": " + value.getClass());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
