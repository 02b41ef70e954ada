package dev.spoon.llm.config;

import dev.spoon.llm.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void theBundledTableNamesItsSourceAndDateAndEveryEntryIsSane() {
        ModelDefaults d = ModelDefaults.bundled();
        assertThat(d.source()).contains("openai.com/api/pricing").contains("anthropic.com/pricing")
                .contains("ai.google.dev/gemini-api/docs/pricing").contains("api-docs.deepseek.com");
        assertThat(LocalDate.parse(d.asOf())).isBefore(LocalDate.of(2030, 1, 1));
        assertThat(d.prices()).hasSizeGreaterThan(30);
        assertThat(d.contextWindows()).containsKeys("gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash",
                "deepseek-chat", "sim-");
        d.contextWindows().forEach((m, w) -> assertThat(w).as(m).isBetween(4096, 10_000_000));
        d.prices().forEach((m, p) -> {
            assertThat(p.inputPerMillion()).as(m).isPositive();
            assertThat(p.outputPerMillion()).as(m).isGreaterThanOrEqualTo(p.inputPerMillion());
            if (p.cachedInputPerMillion() != null) {
                assertThat(p.cachedInputPerMillion()).as(m).isLessThan(p.inputPerMillion());
            }
        });
        assertThat(d.prices()).doesNotContainKey("sim-"); // the simulator is free: no cost shown, as before
    }

    @Test
    void wellKnownModelsArePricedAndSizedWithoutConfigurationByTheSameNameRule() {
        PriceTable t = PriceTable.withDefaults(Map.of());
        assertThat(t.priceOf("gpt-4o-mini-2024-07-18")).contains(new Price(0.15, 0.60, 0.075, null));
        assertThat(t.priceOf("openai/gpt-4o-mini")).contains(new Price(0.15, 0.60, 0.075, null));
        assertThat(t.priceOf("gpt-4o-2024-05-13").orElseThrow().inputPerMillion()).isEqualTo(5.0);
        assertThat(t.priceOf("gpt-4o-2024-08-06").orElseThrow().inputPerMillion()).isEqualTo(2.5);
        assertThat(t.priceOf("claude-sonnet-4-5-20250929").orElseThrow().cacheWritePerMillion()).isEqualTo(3.75);
        assertThat(t.priceOf("claude-3-5-haiku-20241022").orElseThrow().inputPerMillion()).isEqualTo(0.80);
        assertThat(t.priceOf("gemini-2.5-flash-lite").orElseThrow().inputPerMillion()).isEqualTo(0.10);
        assertThat(t.priceOf("sim-1")).isEmpty();
        assertThat(t.priceOf("llama3.1:8b")).isEmpty();
        assertThat(t.isDefault("gpt-4o-mini")).isTrue();

        ModelDefaults d = ModelDefaults.bundled();
        assertThat(d.contextWindow("gpt-4.1-mini-2025-04-14")).hasValue(1_047_576);
        assertThat(d.contextWindow("anthropic/claude-sonnet-4")).hasValue(200_000);
        assertThat(d.contextWindow("sim-1")).hasValue(8192);
        assertThat(d.contextWindow("qwen3")).isEmpty();
    }

    @Test
    void cachedTokensAreChargedAtTheCachePriceNotTheInputPrice() {
        // 1M prompt tokens of which 900k read from the cache: 100k × 2.50 + 900k × 1.25, not 1M × 2.50
        double cost = PriceTable.withDefaults(Map.of()).priceOf("gpt-4o").orElseThrow()
                .cost(1_000_000, 0, 900_000, 0);
        assertThat(cost).isCloseTo(0.25 + 1.125, within(1e-9));
        assertThat(PriceTable.withDefaults(Map.of()).cost("gpt-4o", (Usage) null)).isEmpty();
    }

    @Test
    void theUsersEntriesWinEvenWhenADefaultIsTheLongerPrefix() {
        Price mine = new Price(1, 2);
        PriceTable t = PriceTable.withDefaults(Map.of("gpt-4o", mine));
        assertThat(t.priceOf("gpt-4o-mini")).contains(mine);     // the user's prefix beats the default's exact entry
        assertThat(t.priceOf("claude-opus-4").orElseThrow().inputPerMillion()).isEqualTo(15.0);
        assertThat(t.isDefault("gpt-4o-mini")).isFalse();
        assertThat(t.asMap()).containsOnlyKeys("gpt-4o");
        PriceTable edited = t.with("gpt-4o", null);            // removing the user's entry shows the default again
        assertThat(edited.priceOf("gpt-4o-mini").orElseThrow().inputPerMillion()).isEqualTo(0.15);
        assertThat(PriceTable.of(Map.of()).priceOf("gpt-4o-mini")).isEmpty(); // a bare table has no defaults
    }

    @Test
    void theConfigurationOverridesContextWindowsAndPrices() throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, """
                [prices."gpt-4o-mini"]
                input_per_mtok = 0.2
                output_per_mtok = 0.8
                [models."gpt-4o-mini"]
                context_window = 64000
                [models."llama3.1"]
                context_window = 131072
                """);
        SpoonConfig c = new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE).config();
        assertThat(c.contextWindow("gpt-4o-mini-2024-07-18")).hasValue(64_000);
        assertThat(c.contextWindow("llama3.1:8b")).hasValue(131_072);
        assertThat(c.contextWindow("gpt-4o")).hasValue(128_000);
        assertThat(c.contextWindow("unknown-model")).isEmpty();
        assertThat(c.priceTable().priceOf("gpt-4o-mini")).contains(new Price(0.2, 0.8));
        assertThat(c.priceTable().priceOf("gpt-4o").orElseThrow().inputPerMillion()).isEqualTo(2.5);
        assertThat(c.prices()).containsOnlyKeys("gpt-4o-mini");
    }

    @Test
    void aBadContextWindowIsAConfigurationErrorNamingTheKey() throws IOException {
        Path f = dir.resolve("bad.toml");
        Files.writeString(f, "[models.\"x\"]\ncontext_window = 0\n");
        try {
            new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE);
            throw new AssertionError("accepted context_window = 0");
        } catch (dev.spoon.llm.ConfigurationException e) {
            assertThat(e.getMessage()).contains("context_window");
        }
    }
}
