package dev.spoon.llm;

import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.Price;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.llm.registry.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpoonCoreTest {
    @TempDir
    Path dir;

    @Test
    void theHealthMonitorStartsOnRequestAndFollowsTheConfiguredInterval() throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, """
                health_check_interval_s = 120
                [providers.sim]
                ttft_ms = 0
                """);
        ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE);
        try (SpoonCore core = new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.inMemory(10))) {
            assertThat(core.health().isRunning()).isFalse(); // never started by itself: checks are real requests
            assertThat(core.startHealthMonitor()).isTrue();
            assertThat(core.health().interval()).isEqualTo(java.time.Duration.ofSeconds(120));
            Files.writeString(cfg, "health_check_interval_s = 30\n");
            cm.reload();
            assertThat(core.health().interval()).isEqualTo(java.time.Duration.ofSeconds(30));
            Files.writeString(cfg, "health_check_interval_s = 0\n");
            cm.reload();
            assertThat(core.health().isRunning()).isFalse(); // 0 turns it off
        }
    }

    @Test
    void aCallThroughTheCoreIsLoggedAndMeasuredAndACacheHitIsVisibleInBoth() throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, """
                cache = { enabled = true, ttl_s = 60, max_entries = 10 }
                [prices."sim-1"]
                input_per_mtok = 1.0
                output_per_mtok = 1.0
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                [providers.openai]
                api_key = "sk-core-SECRET-987654321"
                """);
        ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE);
        try (SpoonCore core = new SpoonCore(cm, ProviderRegistry.global(),
                new DebugSettings(true, 100, true, null, dir.resolve("logs")))) {
            ChatRequest req = ChatRequest.ofUser("tell sk-core-SECRET-987654321").withTag("origin", "test");
            LlmResponse first = LlmProvider.await(core.manager().chat(req, "sim"));
            LlmResponse second = LlmProvider.await(core.manager().chat(req, "sim"));
            assertThat(first.cacheHit()).isFalse();
            assertThat(second.cacheHit()).isTrue();
            assertThat(core.debugLogger().flush(5_000)).isTrue(); // the simulator reports before it answers
            assertThat(core.debugLogger().size()).isEqualTo(2);
            List<DebugRecord> recs = core.debugLogger().records();
            assertThat(recs.get(0).cacheHit()).isFalse();
            assertThat(recs.get(0).tags()).containsEntry("origin", "test").containsEntry("attempt", "1")
                    .containsEntry("fallback_index", "0").containsKey("call_id");
            assertThat(recs.get(0).requestBody()).doesNotContain("SECRET"); // configured keys are scrubbed
            assertThat(recs.get(1).cacheHit()).isTrue();
            assertThat(recs.get(1).endpoint()).startsWith("cache://sim");
            assertThat(core.metrics().flush(5_000)).isTrue();
            assertThat(core.metrics().getProviderStats("sim").totalRequests()).isEqualTo(2);
            ProviderStats s = core.metrics().getProviderStats("sim");
            assertThat(s.cacheHits()).isEqualTo(1);
            assertThat(s.costUsd()).isGreaterThan(0);
            // prices follow the configuration
            cm.edit(e -> e.price("sim-1", new Price(0.0, 0.0)));
            assertThat(core.metrics().priceTable().asMap()).containsEntry("sim-1", new Price(0, 0));
            assertThat(core.metrics().getProviderStats("sim").costUsd()).isZero();
            assertThat(core.health()).isSameAs(core.manager().health());
        }
    }

    @Test
    void twoCoresInOneJvmNeverSeeEachOthersTraffic() throws Exception {
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.start();
            for (int i = 0; i < 2; i++) {
                server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
                        .setHeader("Content-Type", "application/json")
                        .body(dev.spoon.llm.providers.ProviderFixtures.fixture("openai-chat-nonstream-text.json"))
                        .build());
            }
            String toml = """
                    [providers.sim]
                    ttft_ms = 0
                    tokens_per_s = 0
                    [providers.api]
                    type = "openai-compatible"
                    base_url = "%s"
                    api_key = "%s"
                    """;
            Path a = dir.resolve("a.toml");
            Path b = dir.resolve("b.toml");
            String base = server.url("/v1").toString();
            Files.writeString(a, toml.formatted(base, "sk-core-A-SECRET-111111"));
            Files.writeString(b, toml.formatted(base, "sk-core-B-SECRET-222222"));
            try (SpoonCore coreA = core(a); SpoonCore coreB = core(b)) {
                LlmProvider.await(coreA.manager().chat(ChatRequest.ofUser("from A").withTag("origin", "a"), "sim"));
                LlmProvider.await(coreA.manager().chat(ChatRequest.ofUser("from A").withTag("origin", "a"), "api"));
                LlmProvider.await(coreB.manager().chatStream(ChatRequest.ofUser("from B").withTag("origin", "b"),
                        "sim", c -> { }));
                LlmProvider.await(coreB.manager().chat(ChatRequest.ofUser("from B").withTag("origin", "b"), "api"));
                LlmProvider.await(coreB.manager().chat(ChatRequest.ofUser("again B").withTag("origin", "b"), "sim"));
                assertThat(coreA.debugLogger().flush(5_000)).isTrue();
                assertThat(coreB.debugLogger().flush(5_000)).isTrue();
                assertThat(coreA.debugLogger().records()).hasSize(2)
                        .allSatisfy(r -> assertThat(r.tags()).containsEntry("origin", "a"));
                assertThat(coreB.debugLogger().records()).hasSize(3)
                        .allSatisfy(r -> assertThat(r.tags()).containsEntry("origin", "b"));
                assertThat(coreA.metrics().flush(5_000)).isTrue();
                assertThat(coreB.metrics().flush(5_000)).isTrue();
                assertThat(coreA.metrics().getProviderStats("sim").totalRequests()).isEqualTo(1);
                assertThat(coreB.metrics().getProviderStats("sim").totalRequests()).isEqualTo(2);
                assertThat(coreA.metrics().getProviderStats("api").totalRequests()).isEqualTo(1);
                assertThat(coreB.metrics().getProviderStats("api").totalRequests()).isEqualTo(1);
                // each core hides its own key
                assertThat(coreA.redactor().redact("sk-core-A-SECRET-111111")).isEqualTo(Redactor.MASK);
                assertThat(coreA.redactor().redact("sk-core-B-SECRET-222222")).isEqualTo("sk-core-B-SECRET-222222");
            }
        }
    }

    private static SpoonCore core(Path config) {
        ConfigurationManager cm = new ConfigurationManager(config, Map.of(), CliOverrides.NONE, SecretStore.NONE);
        return new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.inMemory(100));
    }
}
