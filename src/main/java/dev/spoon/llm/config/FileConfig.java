package dev.spoon.llm.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.spoon.llm.config.Check.CommaList;
import dev.spoon.llm.config.Check.Example;
import dev.spoon.llm.config.Check.HttpHeaders;
import dev.spoon.llm.config.Check.Kind;
import dev.spoon.llm.config.Check.Kinds;
import dev.spoon.llm.config.Check.OneOf;
import dev.spoon.llm.config.Check.Option;
import dev.spoon.llm.config.Check.Range;
import dev.spoon.llm.config.Check.Url;

import java.util.List;
import java.util.Map;

/**
 * The configuration file as the user wrote it, typed: the one schema of DESIGN.md "Configuration". Each
 * section is a record; its components are the keys (snake_case in the file), null when the file does not set
 * them. The rules of each key ({@link Check}) sit on its component, and {@link ConfigValidator} checks a file
 * against them before Jackson binds it here, so a bound {@code FileConfig} is always valid. The effective
 * settings (defaults, environment, command line, key store) are {@link SpoonConfig}; this record is what the
 * Providers pane shows as "set in the file".
 *
 * @param providers    {@code [providers.NAME]} tables, merged with the seed's spelling {@code [llm_providers.NAME]}
 *                     (a {@code providers} table wins over an {@code llm_providers} one of the same name)
 * @param healthCheckIntervalS seconds between health checks of every configured provider; 0 turns them off
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileConfig(
        String defaultProvider,
        @CommaList @Example("[\"openai\", \"anthropic\", \"sim\"]") List<String> fallbackChain,
        @OneOf(value = {"none", "round_robin", "weighted", "random", "least_busy", "latency"}, noun = "strategy")
        String loadBalancing,
        @Range(min = 0, max = 20) Integer retryAttempts,
        @Range(min = 0, max = 600_000) Long retryDelayMs,
        @Range(min = 0, max = 86_400) Long retryMaxWaitS,
        @Range(min = 1, max = 100_000) Integer maxConcurrentRequests,
        @Range(min = 0, max = 86_400) Long healthCheckIntervalS,
        @Range(min = 0, max = 86_400, minExclusive = true) Double connectTimeoutS,
        @Range(min = 0, max = 86_400, minExclusive = true) Double readTimeoutS,
        @Range(min = 0, max = 86_400, minExclusive = true) Double timeoutS,
        @Example("{\"enabled\": true, \"ttl_s\": 300, \"max_entries\": 1000}") CacheTable cache,
        @Example("{\"enabled\": true, \"max_records\": 10000}") DebugTable debug,
        @Example("{\"openai\": {\"model\": \"gpt-4o-mini\"}}") Map<String, ProviderTable> providers,
        @Example("{\"openai\": {\"model\": \"gpt-4o-mini\"}}") Map<String, ProviderTable> llmProviders,
        @Example("{\"gpt-4o-mini\": {\"input_per_mtok\": 0.15, \"output_per_mtok\": 0.6}}")
        Map<String, PriceTable> prices,
        @Example("{\"llama3.1:8b\": {\"context_window\": 131072}}") Map<String, ModelTable> models,
        @Example("{\"everything\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-everything\"]}}")
        Map<String, McpServerTable> mcpServers,
        @Example("{\"host\": \"127.0.0.1\", \"port\": 8787}") GatewayTable gateway) {

    /** Health checks every 60 s unless {@code health_check_interval_s} says otherwise (0 = off). */
    public static final long DEFAULT_HEALTH_CHECK_INTERVAL_S = 60;

    /** An empty file. */
    public static final FileConfig EMPTY = new FileConfig(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    public FileConfig {
        providers = providers == null ? Map.of() : providers;
        llmProviders = llmProviders == null ? Map.of() : llmProviders;
        prices = prices == null ? Map.of() : prices;
        models = models == null ? Map.of() : models;
        mcpServers = mcpServers == null ? Map.of() : mcpServers;
    }

    /** The provider table of {@code name} ({@code providers} first, then {@code llm_providers}), or null. */
    public ProviderTable provider(String name) {
        ProviderTable t = providers.get(name);
        return t != null ? t : llmProviders.get(name);
    }

    /** {@code cache = { enabled, ttl_s, max_entries }}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CacheTable(Boolean enabled, @Range(min = 0, max = 31_536_000) Long ttlS,
                             @Range(min = 1, max = 10_000_000) Integer maxEntries) {
    }

    /**
     * {@code [debug]}: the debug log. {@code enabled} left out means each front end's own default
     * ({@link DebugConfig#enabledFor}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DebugTable(Boolean enabled, @Range(min = 1, max = DebugConfig.MAX_RECORDS_LIMIT) Integer maxRecords,
                             Boolean logBodies, String file, @Range(min = 0, max = 36_500) Integer keepDays) {
    }

    /** {@code [prices."model"]}: US dollars per million tokens. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PriceTable(@Range(min = 0, max = 1e9) Double inputPerMtok,
                             @Range(min = 0, max = 1e9) Double outputPerMtok,
                             @Range(min = 0, max = 1e9) Double cachedInputPerMtok,
                             @Range(min = 0, max = 1e9) Double cacheWritePerMtok) {
    }

    /**
     * {@code [models."model"]}: what the application knows of a model beyond its price; overrides the bundled
     * {@link ModelDefaults}. A key matches models as {@code [prices]} keys do (exact, else longest prefix).
     *
     * @param contextWindow the model's context window in tokens (the workbench's context meter)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelTable(@Range(min = 1, max = 1e9) Integer contextWindow) {
    }

    /** {@code [mcp_servers.NAME]}: a stdio server ({@code command}) or a streamable-HTTP one ({@code url}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record McpServerTable(String command, @Example("[\"-y\", \"@modelcontextprotocol/server-everything\"]")
                                 List<String> args,
                                 @Example("{\"DEBUG\": \"1\"}") Map<String, String> env, String cwd,
                                 @Url({"http", "https"}) String url,
                                 @HttpHeaders @Example("{\"Authorization\": \"Bearer ...\"}") Map<String, String> headers,
                                 @Range(min = 0, max = 86_400, minExclusive = true) Double timeoutS, Boolean enabled) {
    }

    /** {@code [gateway]}: {@code spoon serve}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GatewayTable(String host, @Range(min = 1, max = 65_535) Integer port, String token,
                               @Range(min = 1, max = 1024) Integer maxRequestMb) {
    }

    /**
     * {@code [providers.NAME]}: one provider instance. Keys marked {@link Option} (and, for {@code type = "sim"},
     * the keys of {@link SimTable}) reach the provider through {@code ProviderConfig.options()}.
     *
     * @param type    the registered provider type; built-in instance names default to their own name
     * @param api     for OpenAI-family providers: {@code chat_completions} (default) or {@code responses}
     * @param options every key of the table that has no component here (e.g. the simulator's keys)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProviderTable(
            String type, String apiKey, @Option String apiKeyEnv,
            @Url({"http", "https"}) String baseUrl, String model,
            @Range(min = 1, max = 10_000_000) Integer maxTokens,
            @Range(min = 0, max = 2) Double temperature,
            @Range(min = 0, max = 86_400, minExclusive = true) Double timeoutS,
            @Range(min = 0, max = 86_400, minExclusive = true) Double connectTimeoutS,
            @Range(min = 0, max = 86_400, minExclusive = true) Double readTimeoutS,
            @Url({"http", "https", "socks", "socks5"}) String proxy,
            @HttpHeaders @Example("{\"X-Extra\": \"1\"}") Map<String, String> headers,
            @Range(min = 0, max = 1_000_000) Double weight,
            @Option Boolean enabled,
            @Option @Range(min = 1, max = 100_000) Integer maxConcurrentRequests,
            @Option String httpReferer, @Option String xTitle, @Option String anthropicVersion,
            @Option @Range(min = 0, max = 10_000_000) Integer thinkingBudget,
            @Option @OneOf({"minimal", "low", "medium", "high"}) String reasoningEffort,
            @Option @Example("[\"model-a\", \"model-b\"]") List<String> models,
            @Option String description,
            @Option @OneOf(value = {"chat_completions", "responses"}, noun = "API") String api,
            @JsonAnySetter Map<String, Object> options) {

        /** A provider the file does not mention. */
        public static final ProviderTable EMPTY = new ProviderTable(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        public ProviderTable {
            headers = headers == null ? Map.of() : headers;
            options = options == null ? Map.of() : options;
        }
    }

    /**
     * The simulator's own keys, checked only on {@code type = "sim"} providers (the simulator reads them from
     * {@code ProviderConfig.options()}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SimTable(
            @Range(min = 0, max = 3_600_000) Double ttftMs,
            @Range(min = 0, max = 1e9) Double tokensPerS,
            @Range(min = 1, max = 1_000_000) Integer chunkTokens,
            @OneOf(value = {"echo", "lorem", "fixed", "script"}, noun = "mode") String mode,
            String answer,
            @Range(min = 1, max = 1_000_000) Integer answerTokens,
            String scriptFile,
            @Kinds({Kind.STRING, Kind.BOOLEAN}) JsonNode reasoning,
            @Example("[{\"name\": \"weather\", \"arguments\": {\"location\": \"Paris\"}}]") List<ToolCallTable> toolCalls,
            @OneOf(value = {"rate_limit", "auth", "provider", "overloaded", "network", "token_limit",
                    "model_not_found", "bad_request"}, noun = "failure type") String failType,
            @Range(min = 0, max = 1) Double failRate,
            @Range(min = 100, max = 599) Integer failStatus,
            @Range(min = 0, max = 1_000_000_000) Integer disconnectAfter,
            Long seed,
            Boolean usage,
            @Range(min = 0, max = 86_400) Double retryAfterS) {
    }

    /** One scripted tool call of the simulator: {@code { name = "weather", arguments = { ... } }}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCallTable(String name, @Kinds({Kind.TABLE, Kind.STRING}) JsonNode arguments) {
    }
}
