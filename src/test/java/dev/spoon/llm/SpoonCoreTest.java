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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SpoonCoreTest {
    @TempDir
    Path dir;

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
            await().atMost(5, TimeUnit.SECONDS).until(() -> core.debugLogger().size() == 2);
            List<DebugRecord> recs = core.debugLogger().records();
            assertThat(recs.get(0).cacheHit()).isFalse();
            assertThat(recs.get(0).tags()).containsEntry("origin", "test").containsEntry("attempt", "1")
                    .containsEntry("fallback_index", "0").containsKey("call_id");
            assertThat(recs.get(0).requestBody()).doesNotContain("SECRET"); // configured keys are scrubbed
            assertThat(recs.get(1).cacheHit()).isTrue();
            assertThat(recs.get(1).endpoint()).startsWith("cache://sim");
            await().atMost(5, TimeUnit.SECONDS).until(() -> core.metrics().getProviderStats("sim")
                    .totalRequests() == 2);
            ProviderStats s = core.metrics().getProviderStats("sim");
            assertThat(s.cacheHits()).isEqualTo(1);
            assertThat(s.costUsd()).isGreaterThan(0);
            // prices follow the configuration
            cm.update(t -> t.with("prices").with("sim-1").put("input_per_mtok", 0.0).put("output_per_mtok", 0.0));
            assertThat(core.metrics().priceTable().asMap()).containsEntry("sim-1", new Price(0, 0));
            assertThat(core.metrics().getProviderStats("sim").costUsd()).isZero();
            assertThat(core.health()).isSameAs(core.manager().health());
        }
    }
}
