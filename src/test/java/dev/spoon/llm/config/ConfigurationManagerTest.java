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
    void aLocalServerThatOnlyExistsByDefaultCountsAsConfiguredOnlyWhenRunning() throws IOException {
        SpoonConfig fresh = load(write("empty.toml", ""), Map.of()).config();
        for (String name : List.of("ollama", "lmstudio")) {
            assertThat(fresh.isSetUp(name)).as(name).isFalse();
            assertThat(ConfigurationManager.isConfigured(fresh.provider(name))).as("can make requests").isTrue();
            assertThat(ConfigurationManager.isConfigured(fresh, fresh.provider(name), false)).as(name).isFalse();
            assertThat(ConfigurationManager.isConfigured(fresh, fresh.provider(name), true)).as(name).isTrue();
        }
        assertThat(ConfigurationManager.isConfigured(fresh, fresh.provider("sim"), false)).isTrue();
        assertThat(ConfigurationManager.isConfigured(fresh, fresh.provider("openai"), true)).as("no key").isFalse();

        SpoonConfig byEnv = load(write("empty.toml", ""), Map.of("OLLAMA_MODEL", "qwen3")).config();
        assertThat(ConfigurationManager.isConfigured(byEnv, byEnv.provider("ollama"), false)).isTrue();
        assertThat(byEnv.isSetUp("lmstudio")).isFalse();

        SpoonConfig byFile = load(write("local.toml", "default_provider = \"lmstudio\"\n"
                + "fallback_chain = [\"lmstudio\", \"ollama\"]\n[providers.box]\ntype = \"ollama\"\n"), Map.of())
                .config();
        assertThat(byFile.isSetUp("lmstudio")).isTrue();
        assertThat(byFile.isSetUp("ollama")).isTrue();
        assertThat(ConfigurationManager.isConfigured(byFile, byFile.provider("box"), false)).isTrue();
        assertThat(ConfigurationManager.dependsOnRunning(byFile, byFile.provider("box"))).isFalse();
        assertThat(ConfigurationManager.dependsOnRunning(fresh, fresh.provider("ollama"))).isTrue();
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
        cm.edit(e -> e.provider("openai").temperature(0.5));
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
        assertThatThrownBy(() -> cm.edit(e -> e.retryAttempts(-5)))
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
        cm.edit(e -> e.routing("sim", List.of()).retryAttempts(4));
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
        var keys = ConfigSchema.keys(FileConfig.ProviderTable.class).keySet();
        assertThat(ClosestKey.of("temprature", keys)).isEqualTo("temperature");
        assertThat(ClosestKey.of("zzzzzzzz", keys)).isNull();
    }

    // ------------------------------------------------------------------ schema additions and limits

    @Test
    void aUtf8ByteOrderMarkIsAccepted() throws IOException {
        Path f = dir.resolve("config.toml");
        Files.write(f, ("\uFEFFdefault_provider = \"sim\"\nretry_attempts = 2\n").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(load(f, Map.of()).config().retryAttempts()).isEqualTo(2);
        Path j = dir.resolve("config.json");
        Files.write(j, ("\uFEFF{\"retry_attempts\": 4}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(load(j, Map.of()).config().retryAttempts()).isEqualTo(4);
    }

    @Test
    void timeoutsAtTopLevelAreDefaultsThatAProviderOverrides() throws IOException {
        Path f = write("config.toml", """
                connect_timeout_s = 2
                read_timeout_s = 30
                timeout_s = 120
                [providers.openai]
                read_timeout_s = 5.5
                [providers.mylocal]
                type = "openai-compatible"
                base_url = "http://127.0.0.1:1234/v1"
                timeout_s = 45
                """);
        ConfigurationManager cm = load(f, Map.of("ANTHROPIC_TIMEOUT", "7"));
        ProviderConfig openai = cm.loadProviderConfig("openai");
        assertThat(openai.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(openai.readTimeout()).isEqualTo(Duration.ofMillis(5500));
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(cm.loadProviderConfig("mylocal").timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(cm.loadProviderConfig("mylocal").readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cm.loadProviderConfig("anthropic").timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(cm.loadProviderConfig("sim").connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        ConfigurationManager flags = new ConfigurationManager(f, Map.of(), new CliOverrides("openai", null, null, null,
                null, null, 9.0, null, 3.0), SecretStore.NONE);
        assertThat(flags.loadProviderConfig("openai").timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(flags.loadProviderConfig("openai").readTimeout()).isEqualTo(Duration.ofSeconds(3));
        ConfigurationManager none = load(write("empty.toml", ""), Map.of());
        assertThat(none.loadProviderConfig("openai").timeout()).isEqualTo(ProviderConfig.DEFAULT_TIMEOUT);
        assertThat(none.loadProviderConfig("openai").readTimeout()).isEqualTo(ProviderConfig.DEFAULT_READ_TIMEOUT);
        assertThat(none.loadProviderConfig("openai").connectTimeout())
                .isEqualTo(ProviderConfig.DEFAULT_CONNECT_TIMEOUT);
    }

    @Test
    void healthCheckIntervalZeroMeansOffAndTheDefaultIsSixty() throws IOException {
        assertThat(load(write("a.toml", "health_check_interval_s = 0\n"), Map.of()).config()
                .healthCheckIntervalSeconds()).isZero();
        assertThat(load(write("b.toml", ""), Map.of()).config().healthCheckIntervalSeconds()).isEqualTo(60);
    }

    @Test
    void openAiFamilyProvidersChooseTheirApi() throws IOException {
        Path f = write("config.toml", """
                [providers.openai]
                api = "responses"
                [providers.mylocal]
                type = "openai-compatible"
                base_url = "http://127.0.0.1:1234/v1"
                """);
        ConfigurationManager cm = load(f, Map.of());
        assertThat(cm.loadProviderConfig("openai").api()).isEqualTo(ProviderConfig.Api.RESPONSES);
        assertThat(cm.loadProviderConfig("mylocal").api()).isEqualTo(ProviderConfig.Api.CHAT_COMPLETIONS);
        assertThat(cm.fileConfig().provider("openai").api()).isEqualTo("responses");
    }

    @Test
    void pricesMayCarryCachePrices() throws IOException {
        Path f = write("config.toml", """
                [prices."claude-sonnet-4-0"]
                input_per_mtok = 3
                output_per_mtok = 15
                cached_input_per_mtok = 0.3
                cache_write_per_mtok = 3.75
                [prices."gpt-4o-mini"]
                input_per_mtok = 0.15
                """);
        SpoonConfig c = load(f, Map.of()).config();
        assertThat(c.prices().get("claude-sonnet-4-0")).isEqualTo(new Price(3, 15, 0.3, 3.75));
        assertThat(c.prices().get("gpt-4o-mini")).isEqualTo(new Price(0.15, 0));
        assertThat(c.prices().get("gpt-4o-mini").cost(1_000_000, 0, 0, 0)).isEqualTo(0.15);
    }

    @Test
    void debugEnabledHasOneDefaultPerFrontEnd() throws IOException {
        DebugConfig unset = load(write("a.toml", "[debug]\nmax_records = 50\n"), Map.of()).config().debug();
        assertThat(unset.enabled()).isNull();
        assertThat(unset.maxRecords()).isEqualTo(50);
        assertThat(unset.enabledFor(DebugConfig.FrontEnd.WORKBENCH)).isTrue();
        assertThat(unset.enabledFor(DebugConfig.FrontEnd.GATEWAY)).isTrue();
        assertThat(unset.enabledFor(DebugConfig.FrontEnd.CLI)).isFalse();
        DebugConfig on = load(write("b.toml", "debug = { enabled = true }\n"), Map.of()).config().debug();
        assertThat(on.enabledFor(DebugConfig.FrontEnd.CLI)).isTrue();
        DebugConfig off = load(write("c.toml", "debug = { enabled = false }\n"), Map.of()).config().debug();
        assertThat(off.enabledFor(DebugConfig.FrontEnd.WORKBENCH)).isFalse();
        assertThat(load(write("d.toml", ""), Map.of()).config().debug()).isEqualTo(DebugConfig.DEFAULT);
        assertThat(dev.spoon.llm.debug.DebugSettings.from(off, DebugConfig.FrontEnd.WORKBENCH).enabled()).isFalse();
    }

    @Test
    void simulatorKeysAreCheckedOnlyOnSimulatorProviders() throws IOException {
        Path f = write("config.toml", """
                [providers.openai]
                fail_type = "bogus"
                chunk_tokens = 0
                [providers.flaky]
                type = "sim"
                fail_type = "rate_limit"
                models = ["a", "b"]
                chunk_tokens = 3
                seed = 9
                tool_calls = [{ name = "weather", arguments = { location = "Paris" } }]
                """);
        ConfigurationManager cm = load(f, Map.of());
        assertThat(cm.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("providers.openai.")
                .contains("it is ignored"));
        ProviderConfig flaky = cm.loadProviderConfig("flaky");
        assertThat(flaky.option("fail_type")).isEqualTo("rate_limit");
        assertThat(flaky.options().get("models")).isEqualTo(List.of("a", "b"));
        assertThat(flaky.option("chunk_tokens")).isEqualTo("3");
        assertThat(cm.fileConfig().provider("flaky").options()).containsKeys("fail_type", "seed", "tool_calls");
    }

    @Test
    void anUnknownProviderTypeNamesTheKnownTypes() throws IOException {
        Path f = write("config.toml", "[providers.mine]\ntype = \"mystery\"\n");
        assertThatThrownBy(() -> new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE,
                List.of("sim", "openai-compatible")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(f + ":2: key 'providers.mine.type': unknown provider type 'mystery'; known types:"
                        + " openai-compatible, sim");
        assertThat(new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE, null)
                .loadProviderConfig("mine").type()).isEqualTo("mystery");
    }

    // ------------------------------------------------------------------ the typed edit

    @Test
    void editKeepsEveryOtherKeyAndValueAndWritesUserOnly() throws IOException {
        Path f = write("config.toml", """
                default_provider = "sim"
                fallback_chain = ["sim"]
                retry_attempts = 1
                health_check_interval_s = 0
                [debug]
                max_records = 77
                [providers.openai]
                model = "gpt-4o-mini"
                headers = { "X-A" = "1" }
                [providers.slow]
                type = "sim"
                tokens_per_s = 5
                tool_calls = [{ name = "weather", arguments = { location = "Paris" } }]
                [prices."sim-1"]
                input_per_mtok = 1
                [mcp_servers.everything]
                command = "npx"
                args = ["-y", "@modelcontextprotocol/server-everything"]
                """);
        ConfigurationManager cm = load(f, Map.of());
        FileConfig before = cm.fileConfig();
        cm.edit(e -> e.provider("mylocal").type("openai-compatible").baseUrl("http://127.0.0.1:1234/v1")
                .model("qwen3").timeoutSeconds(30.0).api("responses"));
        FileConfig after = load(f, Map.of()).fileConfig();
        assertThat(after.provider("mylocal")).isEqualTo(new FileConfig.ProviderTable("openai-compatible", null, null,
                "http://127.0.0.1:1234/v1", "qwen3", null, null, 30.0, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, "responses", null));
        Map<String, FileConfig.ProviderTable> others = new java.util.LinkedHashMap<>(after.providers());
        others.remove("mylocal");
        assertThat(others).isEqualTo(before.providers());
        assertThat(after.mcpServers()).isEqualTo(before.mcpServers());
        assertThat(after.prices()).isEqualTo(before.prices());
        assertThat(after.debug()).isEqualTo(before.debug());
        assertThat(after.healthCheckIntervalS()).isZero();
        assertThat(after.fallbackChain()).containsExactly("sim");
        assertThat(Files.readString(f)).contains("timeout_s = 30\n");
        if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            assertThat(Files.getPosixFilePermissions(f)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aNewConfigFolderIsUserOnly() {
        Path f = dir.resolve("fresh/spoon/config.toml");
        ConfigurationManager cm = new ConfigurationManager(null, Map.of("SPOON_CONFIG", f.toString()),
                CliOverrides.NONE, SecretStore.NONE);
        cm.edit(e -> e.routing("sim", List.of("sim")));
        if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(uncheckedPermissions(f.getParent())))
                    .isEqualTo("rwx------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(uncheckedPermissions(f)))
                    .isEqualTo("rw-------");
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> uncheckedPermissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void routingWithABlankDefaultOrAnEmptyChainRemovesTheKeys() throws IOException {
        Path f = write("config.toml", "default_provider = \"sim\"\nfallback_chain = [\"sim\"]\nretry_attempts = 2\n");
        ConfigurationManager cm = load(f, Map.of());
        cm.edit(e -> e.routing("", List.of()));
        assertThat(Files.readString(f)).doesNotContain("default_provider").doesNotContain("fallback_chain")
                .contains("retry_attempts = 2");
        assertThat(cm.defaultProvider()).isEqualTo("sim");
    }

    @Test
    void storedKeysChangeWithTheEditAndPreviewShowsTheResultWithoutWriting() throws IOException {
        Path f = write("config.toml", "[providers.openai]\nmodel = \"gpt-4o-mini\"\n");
        Map<String, String> store = new java.util.HashMap<>(Map.of("openai", "sk-stored-123456"));
        SecretStore secrets = new SecretStore() {
            public Optional<String> get(String provider) {
                return Optional.ofNullable(store.get(provider));
            }

            public void put(String provider, String key) {
                store.put(provider, key);
            }

            public void delete(String provider) {
                store.remove(provider);
            }

            public String description() {
                return "test store";
            }
        };
        ConfigurationManager cm = new ConfigurationManager(f, Map.of(), CliOverrides.NONE, secrets);
        String text = Files.readString(f);
        SpoonConfig preview = cm.preview(e -> e.provider("openai").storedKey(null).model("gpt-4.1"));
        assertThat(preview.provider("openai").apiKey()).isNull();
        assertThat(preview.provider("openai").model()).isEqualTo("gpt-4.1");
        assertThat(store).containsEntry("openai", "sk-stored-123456");
        assertThat(Files.readString(f)).isEqualTo(text);
        assertThat(cm.loadProviderConfig("openai").apiKey()).isEqualTo("sk-stored-123456");

        cm.edit(e -> e.provider("anthropic").storedKey("sk-ant-new-123456"));
        assertThat(store).containsEntry("anthropic", "sk-ant-new-123456");
        assertThat(Files.readString(f)).isEqualTo(text); // only the key store changed
        assertThat(cm.loadProviderConfig("anthropic").apiKey()).isEqualTo("sk-ant-new-123456");

        cm.edit(e -> e.removeProvider("anthropic"));
        assertThat(store).doesNotContainKey("anthropic");
    }

    @Test
    void anInvalidEditChangesNeitherFileNorKeyStore() throws IOException {
        Path f = write("config.toml", "retry_attempts = 1\n");
        Map<String, String> store = new java.util.HashMap<>();
        SecretStore secrets = new SecretStore() {
            public Optional<String> get(String provider) {
                return Optional.ofNullable(store.get(provider));
            }

            public void put(String provider, String key) {
                store.put(provider, key);
            }

            public void delete(String provider) {
                store.remove(provider);
            }

            public String description() {
                return "test store";
            }
        };
        ConfigurationManager cm = new ConfigurationManager(f, Map.of(), CliOverrides.NONE, secrets);
        assertThatThrownBy(() -> cm.edit(e -> e.provider("openai").storedKey("sk-new-123456").temperature(9.0)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("providers.openai.temperature").hasMessageContaining("0 to 2");
        assertThat(store).isEmpty();
        assertThat(Files.readString(f)).isEqualTo("retry_attempts = 1\n");
        assertThatThrownBy(() -> cm.edit(e -> e.provider("mine").baseUrl("http://127.0.0.1:1/v1")))
                .hasMessageContaining("needs a type");
        assertThatThrownBy(() -> cm.edit(e -> e.routing("ghost", List.of())))
                .hasMessageContaining("'ghost' not found");
    }
}
