package dev.spoon.llm.config;

import dev.spoon.llm.ProviderConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The effective configuration: built-in defaults, overlaid by the file, the environment and the command
 * line. Immutable; {@link ConfigurationManager#reload()} makes a new one.
 *
 * @param providers every provider instance: the built-in ones and the file's own, by instance name
 * @param healthCheckIntervalSeconds seconds between health checks ({@code health_check_interval_s}, default
 *                  60); 0 means the periodic check is off
 * @param file      the file it was read from, or null when none exists
 * @param prices    the file's {@code [prices."MODEL"]} entries only; {@link #priceTable()} adds the bundled defaults
 * @param contextWindows the file's {@code [models."MODEL"] context_window} entries only;
 *                  {@link #contextWindow} adds the bundled defaults
 * @param mcpServers the MCP servers of {@code [mcp_servers.NAME]}, by name, in file order
 * @param gateway   the {@code [gateway]} settings
 * @param debug     the {@code [debug]} settings (whether a front end records: {@link DebugConfig#enabledFor})
 * @param setUp     the provider instances the user set up: a table in the file, a {@code P_…} environment
 *                  variable, the default provider or a fallback-chain member (file, environment or command line)
 */
public record SpoonConfig(String defaultProvider, List<String> fallbackChain, String loadBalancing,
                          int retryAttempts, long retryDelayMs, long retryMaxWaitSeconds,
                          int maxConcurrentRequests, CacheSettings cache, long healthCheckIntervalSeconds,
                          Map<String, ProviderConfig> providers, Map<String, Price> prices,
                          Map<String, Integer> contextWindows, Path file,
                          List<String> warnings, Map<String, McpServerConfig> mcpServers, GatewayConfig gateway,
                          DebugConfig debug, Set<String> setUp) {

    public SpoonConfig {
        contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
        setUp = setUp == null ? Set.of() : Set.copyOf(setUp);
    }

    public ProviderConfig provider(String name) {
        return providers.get(name);
    }

    /** The prices every front end uses: the file's {@code [prices]} over the bundled {@link ModelDefaults}. */
    public PriceTable priceTable() {
        return PriceTable.withDefaults(prices);
    }

    /**
     * {@code model}'s context window in tokens: the file's {@code [models."MODEL"] context_window} (exact, else
     * longest prefix), else the bundled {@link ModelDefaults}; empty when neither knows the model.
     */
    public OptionalInt contextWindow(String model) {
        String k = ModelNames.entryFor(contextWindows.keySet(), model);
        return k != null ? OptionalInt.of(contextWindows.get(k)) : ModelDefaults.bundled().contextWindow(model);
    }

    /**
     * Whether the user set up provider instance {@code name} (see {@code setUp}), as opposed to a built-in
     * instance that merely exists with its defaults.
     */
    public boolean isSetUp(String name) {
        return setUp.contains(name);
    }
}
