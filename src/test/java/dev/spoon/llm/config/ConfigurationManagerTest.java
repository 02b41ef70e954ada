package dev.spoon.llm.config;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationManagerTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private ConfigurationManager load(Path file, Map<String, String> env) {
        return new ConfigurationManager(file, env, CliOverrides.NONE, SecretStore.NONE);
    }

    @Test
    void noConfigurationAtAllDefaultsToTheSimulator() {
        ConfigurationManager cm = new ConfigurationManager(null,
                Map.of("SPOON_CONFIG", dir.resolve("absent.toml").toString()), CliOverrides.NONE, SecretStore.NONE);
        assertThat(cm.defaultProvider()).isEqualTo("sim");
        assertThat(cm.config().retryAttempts()).isEqualTo(3);
        assertThat(cm.config().retryDelayMs()).isEqualTo(500);
        assertThat(cm.config().retryMaxWaitSeconds()).isEqualTo(60);
        assertThat(cm.config().maxConcurrentRequests()).isEqualTo(8);
        assertThat(cm.config().cache()).isEqualTo(CacheSettings.DEFAULT);
        assertThat(cm.config().providers()).containsKeys(ConfigurationManager.BUILT_IN.toArray(String[]::new));
        assertThat(ConfigurationManager.isConfigured(cm.loadProviderConfig("openai"))).isFalse();
        assertThat(ConfigurationManager.isConfigured(cm.loadProviderConfig("sim"))).isTrue();
        assertThat(cm.loadProviderConfig("sim").timeout()).isEqualTo(ProviderConfig.DEFAULT_TIMEOUT);
    }

    @Test
    void readsTheDesignDocumentsTomlExample() throws IOException {
        Path f = write("config.toml", """
                default_provider = "openai"
                fallback_chain   = ["openai", "anthropic", "sim"]
                load_balancing   = "round_robin"
                retry_attempts   = 2
                retry_delay_ms   = 250
                retry_max_wait_s = 30
                max_concurrent_requests = 4
                cache = { enabled = true, ttl_s = 60, max_entries = 10 }

                [providers.openai]
                api_key = "sk-test-1234567890"
                base_url = "https://llm.example.test/v1"
                model = "gpt-4o-mini"
                max_tokens = 4096
                temperature = 0.3
                timeout_s = 30
                proxy = "http://127.0.0.1:3128"
                headers = { "X-Extra" = "1" }
                weight = 2

                [providers.openrouter]
                http_referer = "https://example.org"
                x_title = "My App"

                [providers.mylocal]
                type = "openai-compatible"
                base_url = "http://127.0.0.1:1234/v1"
                """);
        SpoonConfig c = load(f, Map.of()).config();
        assertThat(c.defaultProvider()).isEqualTo("openai");
        assertThat(c.fallbackChain()).containsExactly("openai", "anthropic", "sim");
        assertThat(c.loadBalancing()).isEqualTo("round_robin");
        assertThat(c.retryAttempts()).isEqualTo(2);
        assertThat(c.cache()).isEqualTo(new CacheSettings(true, 60, 10));
        assertThat(c.maxConcurrentRequests()).isEqualTo(4);
        ProviderConfig openai = c.provider("openai");
        assertThat(openai.apiKey()).isEqualTo("sk-test-1234567890");
        assertThat(openai.model()).isEqualTo("gpt-4o-mini");
        assertThat(openai.maxTokens()).isEqualTo(4096);
        assertThat(openai.temperature()).isEqualTo(0.3);
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(openai.proxy()).isEqualTo("http://127.0.0.1:3128");
        assertThat(openai.headers()).containsEntry("X-Extra", "1");
        assertThat(openai.weight()).isEqualTo(2.0);
        assertThat(c.provider("openrouter").option("x_title")).isEqualTo("My App");
        assertThat(c.provider("mylocal").type()).isEqualTo("openai-compatible");
        assertThat(c.provider("mylocal").baseUrl()).isEqualTo("http://127.0.0.1:1234/v1");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void jsonCarriesTheSameSchemaIncludingTheSeedsLlmProvidersSpelling() throws IOException {
        Path f = write("config.json", """
                {"default_provider": "deepseek",
                 "llm_providers": {"deepseek": {"api_key": "key-abc-123456", "model": "deepseek-chat"}}}
                """);
        SpoonConfig c = load(f, Map.of()).config();
        assertThat(c.defaultProvider()).isEqualTo("deepseek");
        assertThat(c.provider("deepseek").apiKey()).isEqualTo("key-abc-123456");
        assertThat(c.provider("deepseek").model()).isEqualTo("deepseek-chat");
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenFileThenDefault() throws IOException {
        Path f = write("config.toml", """
                [providers.openai]
                api_key = "file-key-123456"
                model = "file-model"
                max_tokens = 100
                temperature = 0.1
                """);
        Map<String, String> env = Map.of("OPENAI_MODEL", "env-model", "OPENAI_MAX_TOKENS", "200");
        ConfigurationManager fileAndEnv = load(f, env);
        ProviderConfig pc = fileAndEnv.loadProviderConfig("openai");
        assertThat(pc.apiKey()).isEqualTo("file-key-123456");   // file (no env, no flag)
        assertThat(pc.model()).isEqualTo("env-model");          // env beats file
        assertThat(pc.maxTokens()).isEqualTo(200);
        assertThat(pc.temperature()).isEqualTo(0.1);
        assertThat(pc.baseUrl()).isNull();                      // built-in default (the provider's own)

        ConfigurationManager withFlags = new ConfigurationManager(f, env,
                new CliOverrides("openai", "flag-model", "http://127.0.0.1:9/v1", "flag-key-1234", null, 0.9, 12.5,
                        null, 7.25), SecretStore.NONE);
        ProviderConfig flagged = withFlags.loadProviderConfig("openai");
        assertThat(flagged.model()).isEqualTo("flag-model");    // flag beats env
        assertThat(flagged.apiKey()).isEqualTo("flag-key-1234");
        assertThat(flagged.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(flagged.temperature()).isEqualTo(0.9);
        assertThat(flagged.timeout()).isEqualTo(Duration.ofMillis(12_500));
        assertThat(flagged.readTimeout()).isEqualTo(Duration.ofMillis(7_250));
        assertThat(flagged.maxTokens()).isEqualTo(200);
        assertThat(withFlags.defaultProvider()).isEqualTo("openai");
    }

    @Test
    void environmentVariablesOfEveryKind() {
        Map<String, String> env = Map.of(
                "ANTHROPIC_API_KEY", "sk-ant-real-looking",
                "ANTHROPIC_BASE_URL", "http://127.0.0.1:8080",
                "GEMINI_TEMPERATURE", "0.7",
                "GEMINI_TIMEOUT", "15",
                "OPENROUTER_HTTP_REFERER", "https://ref.example",
                "OPENROUTER_X_TITLE", "Title",
                "DEFAULT_LLM_PROVIDER", "anthropic",
                "LLM_FALLBACK_CHAIN", "anthropic, gemini ,sim",
                "SPOON_CONFIG", dir.resolve("none.toml").toString());
        ConfigurationManager cm = new ConfigurationManager(null, env, CliOverrides.NONE, SecretStore.NONE);
        assertThat(cm.defaultProvider()).isEqualTo("anthropic");
        assertThat(cm.config().fallbackChain()).containsExactly("anthropic", "gemini", "sim");
        assertThat(cm.loadProviderConfig("anthropic").apiKey()).isEqualTo("sk-ant-real-looking");
        assertThat(cm.loadProviderConfig("anthropic").baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(cm.loadProviderConfig("gemini").temperature()).isEqualTo(0.7);
        assertThat(cm.loadProviderConfig("gemini").timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(cm.loadProviderConfig("openrouter").option("http_referer")).isEqualTo("https://ref.example");
        assertThat(cm.loadProviderConfig("openrouter").option("x_title")).isEqualTo("Title");
    }

    @Test
    void apiKeyEnvNamesTheVariableToReadAndTheKeyStoreComesLast() throws IOException {
        Path f = write("config.toml", """
                [providers.openai]
                api_key_env = "MY_OPENAI_KEY"
                [providers.anthropic]
                model = "claude"
                """);
        SecretStore store = new SecretStore() {
            public Optional<String> get(String provider) {
                return provider.equals("anthropic") ? Optional.of("stored-key-123456") : Optional.empty();
            }

            public void put(String provider, String key) {
            }

            public void delete(String provider) {
            }

            public String description() {
                return "test";
            }
        };
        ConfigurationManager cm = new ConfigurationManager(f, Map.of("MY_OPENAI_KEY", "from-var-123456"),
                CliOverrides.NONE, store);
        assertThat(cm.loadProviderConfig("openai").apiKey()).isEqualTo("from-var-123456");
        assertThat(cm.loadProviderConfig("anthropic").apiKey()).isEqualTo("stored-key-123456");
        assertThat(cm.loadProviderConfig("gemini").apiKey()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "your_api_key", "your-api-key", "your-openrouter-api-key", "sk-xxx",
            "sk-xxxxxxxxxxxxxxxx", "sk-...", "<your key>", "<OPENAI_API_KEY>", "xxxx", "changeme", "..."})
    void placeholderKeysCountAsMissing(String key) throws IOException {
        Path f = write("config.toml", "[providers.openai]\napi_key = \"" + key + "\"\n");
        ProviderConfig pc = load(f, Map.of()).loadProviderConfig("openai");
        assertThat(pc.apiKey()).isNull();
        assertThat(ConfigurationManager.isConfigured(pc)).isFalse();
        assertThat(ConfigurationManager.isPlaceholder(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-proj-abc123DEF456", "sk-ant-api03-abcdef", "AIzaSyA-real-looking", "gsk_abc"})
    void realLookingKeysAreNotPlaceholders(String key) {
        assertThat(ConfigurationManager.isPlaceholder(key)).isFalse();
    }

    @Test
    void placeholderInTheEnvironmentDoesNotHideTheFileKey() throws IOException {
        Path f = write("config.toml", "[providers.openai]\napi_key = \"file-key-123456\"\n");
        ProviderConfig pc = load(f, Map.of("OPENAI_API_KEY", "your-api-key")).loadProviderConfig("openai");
        assertThat(pc.apiKey()).isEqualTo("file-key-123456");
    }

    @Test
    void debugKeepDaysIsReadAndANegativeValueNamesTheLineAndKey() throws IOException {
        Path ok = write("config.toml", "[debug]\nkeep_days = 7\n");
        assertThat(dev.spoon.llm.debug.DebugSettings.from(load(ok, Map.of())).keepDays()).isEqualTo(7);
        Path none = write("none.toml", "default_provider = \"sim\"\n");
        assertThat(dev.spoon.llm.debug.DebugSettings.from(load(none, Map.of())).keepDays())
                .isEqualTo(dev.spoon.llm.debug.DebugSettings.DEFAULT_KEEP_DAYS);
        Path bad = write("bad.toml", "[debug]\nenabled = true\nkeep_days = -1\n");
        assertThatThrownBy(() -> load(bad, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    assertThat(((ConfigurationException) e).line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("debug.keep_days");
                });
    }

    @Test
    void malformedTomlNamesFileAndLine() throws IOException {
        Path f = write("config.toml", "default_provider = \"sim\"\n\n[providers.openai\nmodel = \"x\"\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    ConfigurationException ce = (ConfigurationException) e;
                    assertThat(ce.file()).isEqualTo(f);
                    assertThat(ce.line()).isEqualTo(3);
                    assertThat(ce.getMessage()).contains("config.toml:3").contains("malformed TOML");
                });
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path f = write("config.json", "{\n  \"default_provider\": \"sim\",\n  \"retry_attempts\": ,\n}\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("config.json:3")
                .hasMessageContaining("malformed JSON");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "retry_attempts = \"three\"|retry_attempts|expected a whole number",
            "retry_attempts = 99|retry_attempts|out of range",
            "max_concurrent_requests = 0|max_concurrent_requests|out of range",
            "load_balancing = \"fastest\"|load_balancing|unknown strategy",
            "fallback_chain = 3|fallback_chain|expected a list",
            "cache = { enabled = \"yes\" }|cache.enabled|expected true or false",
            "cache = { ttl_s = -1 }|cache.ttl_s|out of range",
            "default_provider = 7|default_provider|expected a string",
    })
    void wrongTypesAndRangesAtTopLevelNameTheKeyAndLine(String line, String key, String message) throws IOException {
        Path f = write("config.toml", "# comment\n" + line + "\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    ConfigurationException ce = (ConfigurationException) e;
                    assertThat(ce.key()).isEqualTo(key);
                    assertThat(ce.line()).isEqualTo(2);
                    assertThat(ce.getMessage()).contains(message).contains("config.toml:2");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "temperature = 3.5|providers.openai.temperature|out of range",
            "temperature = \"hot\"|providers.openai.temperature|expected a number",
            "max_tokens = 0|providers.openai.max_tokens|out of range",
            "max_tokens = 1.5|providers.openai.max_tokens|expected a whole number",
            "timeout_s = -2|providers.openai.timeout_s|out of range",
            "base_url = \"not a url\"|providers.openai.base_url|not a valid URL",
            "base_url = \"ftp://x.org\"|providers.openai.base_url|not a valid URL",
            "proxy = \"localhost\"|providers.openai.proxy|not a valid URL",
            "weight = -1|providers.openai.weight|out of range",
            "headers = \"X: 1\"|providers.openai.headers|expected a table",
    })
    void wrongTypesAndRangesInAProviderNameTheKeyAndLine(String line, String key, String message)
            throws IOException {
        Path f = write("config.toml", "[providers.openai]\nmodel = \"m\"\n" + line + "\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    ConfigurationException ce = (ConfigurationException) e;
                    assertThat(ce.key()).isEqualTo(key);
                    assertThat(ce.line()).isEqualTo(3);
                    assertThat(ce.getMessage()).contains(message);
                });
    }

    @Test
    void jsonErrorsNameTheLineOfTheKey() throws IOException {
        Path f = write("config.json", "{\n \"providers\": {\n  \"openai\": {\n   \"temperature\": 9\n  }\n }\n}\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).line()).isEqualTo(4))
                .hasMessageContaining("providers.openai.temperature");
    }

    @Test
    void unknownKeysAreWarningsWithTheClosestKnownKey() throws IOException {
        Path f = write("config.toml", """
                retry_atempts = 2
                [providers.openai]
                modle = "gpt"
                completely_unrelated_thing = 1
                """);
        ConfigurationManager cm = load(f, Map.of());
        assertThat(cm.warnings()).hasSize(3);
        assertThat(cm.warnings().get(0)).contains("retry_atempts").contains("did you mean 'retry_attempts'")
                .contains("config.toml:1");
        assertThat(cm.warnings()).anySatisfy(w -> assertThat(w).contains("providers.openai.modle")
                .contains("did you mean 'providers.openai.model'").contains(":3"));
        assertThat(cm.warnings()).anySatisfy(w -> assertThat(w).contains("completely_unrelated_thing")
                .doesNotContain("did you mean"));
        assertThat(cm.config().retryAttempts()).isEqualTo(3); // the typo is ignored, the default stays
    }

    @Test
    void unknownDefaultOrFallbackProviderListsTheKnownOnes() throws IOException {
        Path f = write("config.toml", "default_provider = \"opnai\"\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'opnai' not found")
                .hasMessageContaining("openai, openrouter");
        Path g = write("config2.toml", "fallback_chain = [\"sim\", \"ghost\"]\n");
        assertThatThrownBy(() -> load(g, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'ghost' not found");
    }

    @Test
    void customProviderWithoutTypeIsAnError() throws IOException {
        Path f = write("config.toml", "[providers.mine]\nbase_url = \"http://127.0.0.1:1/v1\"\n");
        assertThatThrownBy(() -> load(f, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs a type")
                .hasMessageContaining("config.toml:1");
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        Map<String, String> env = Map.of("OPENAI_MAX_TOKENS", "lots", "SPOON_CONFIG", "/nonexistent/x.toml");
        assertThatThrownBy(() -> new ConfigurationManager(null, env, CliOverrides.NONE, SecretStore.NONE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("OPENAI_MAX_TOKENS");
    }

    @Test
    void explicitConfigFileThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> load(dir.resolve("missing.toml"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("missing.toml")
                .hasMessageContaining("not found");
    }

    @Test
    void updateWritesBackWithoutLosingKeysAndReloads() throws IOException {
        Path f = write("config.toml", """
                default_provider = "sim"
                retry_attempts = 1
                [providers.openai]
                model = "gpt-4o-mini"
                headers = { "X-A" = "1" }
                [providers.slow]
                type = "sim"
                tokens_per_s = 5
                """);
        ConfigurationManager cm = load(f, Map.of());
        List<SpoonConfig> seen = new java.util.ArrayList<>();
        cm.addListener(seen::add);
        cm.update(tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("providers").get("openai"))
                .put("temperature", 0.5));
        ConfigurationManager again = load(f, Map.of());
        assertThat(again.config().retryAttempts()).isEqualTo(1);
        assertThat(again.loadProviderConfig("openai").temperature()).isEqualTo(0.5);
        assertThat(again.loadProviderConfig("openai").headers()).containsEntry("X-A", "1");
        assertThat(again.loadProviderConfig("slow").option("tokens_per_s")).isEqualTo("5");
        assertThat(cm.loadProviderConfig("openai").temperature()).isEqualTo(0.5);
        assertThat(seen).hasSize(1);
    }

    @Test
    void anInvalidUpdateIsRejectedAndNothingIsWritten() throws IOException {
        Path f = write("config.json", "{\"retry_attempts\": 1}");
        ConfigurationManager cm = load(f, Map.of());
        assertThatThrownBy(() -> cm.update(tree -> tree.put("retry_attempts", -5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("retry_attempts");
        assertThat(Files.readString(f)).isEqualTo("{\"retry_attempts\": 1}");
        assertThat(cm.config().retryAttempts()).isEqualTo(1);
    }

    @Test
    void updateCreatesTheFileWhenThereWasNone() {
        Path f = dir.resolve("sub/config.json");
        ConfigurationManager cm = new ConfigurationManager(null, Map.of("SPOON_CONFIG", f.toString()),
                CliOverrides.NONE, SecretStore.NONE);
        cm.update(tree -> tree.put("default_provider", "sim").put("retry_attempts", 4));
        assertThat(Files.exists(f)).isTrue();
        assertThat(cm.config().retryAttempts()).isEqualTo(4);
        assertThat(cm.config().file()).isEqualTo(f);
    }

    @Test
    void reloadPicksUpEditsAndKeepsThePreviousConfigOnError() throws IOException {
        Path f = write("config.toml", "retry_attempts = 1\n");
        ConfigurationManager cm = load(f, Map.of());
        Files.writeString(f, "retry_attempts = 2\n");
        assertThat(cm.reload().retryAttempts()).isEqualTo(2);
        Files.writeString(f, "retry_attempts = [\n");
        assertThatThrownBy(cm::reload).isInstanceOf(ConfigurationException.class);
        assertThat(cm.config().retryAttempts()).isEqualTo(2);
    }

    @Test
    void redactedConfigNeverPrintsTheKey() throws IOException {
        Path f = write("config.toml", "[providers.openai]\napi_key = \"sk-secret-value-123\"\n");
        ProviderConfig pc = load(f, Map.of()).loadProviderConfig("openai");
        assertThat(pc.toString()).doesNotContain("sk-secret-value-123");
        assertThat(pc.redacted().apiKey()).isEqualTo("***");
    }

    @Test
    void closestKeySuggestion() {
        assertThat(ConfigurationManager.closest("temprature", ConfigurationManager.PROVIDER_KEYS))
                .isEqualTo("temperature");
        assertThat(ConfigurationManager.closest("zzzzzzzz", ConfigurationManager.PROVIDER_KEYS)).isNull();
    }
}
