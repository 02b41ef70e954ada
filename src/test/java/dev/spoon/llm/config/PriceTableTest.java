package dev.spoon.llm.config;

import dev.spoon.llm.Usage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PriceTableTest {
    static final Price MINI = new Price(0.15, 0.6);
    static final Price GPT4O = new Price(2.5, 10);

    static PriceTable table() {
        Map<String, Price> m = new LinkedHashMap<>();
        m.put("gpt-4o", GPT4O);
        m.put("gpt-4o-mini", MINI);
        m.put("claude-sonnet-4-0", new Price(3, 15, 0.3, 3.75));
        return PriceTable.of(m);
    }

    @Test
    void exactNameThenLongestPrefixSoDatedIdsArePriced() {
        PriceTable t = table();
        assertThat(t.priceOf("gpt-4o")).contains(GPT4O);
        assertThat(t.priceOf("gpt-4o-mini")).contains(MINI);
        assertThat(t.priceOf("gpt-4o-mini-2024-07-18")).contains(MINI); // not gpt-4o: the longer prefix wins
        assertThat(t.priceOf("gpt-4o-2024-08-06")).contains(GPT4O);
        assertThat(t.priceOf("openai/gpt-4o-mini")).contains(MINI);   // vendor prefix (OpenRouter)
        assertThat(t.priceOf("gpt-4")).isEmpty();
        assertThat(t.priceOf(null)).isEmpty();
        assertThat(t.priceOf("")).isEmpty();
        assertThat(PriceTable.EMPTY.priceOf("gpt-4o")).isEmpty();
    }

    @Test
    void costOfUsageIsPerMillionTokensAndEmptyWithoutPriceOrUsage() {
        PriceTable t = table();
        assertThat(t.cost("gpt-4o-mini-2024-07-18", new Usage(1_000_000, 500_000)).getAsDouble())
                .isCloseTo(0.15 + 0.3, within(1e-12));
        assertThat(t.cost("unknown-model", new Usage(10, 10))).isEmpty();
        assertThat(t.cost("gpt-4o", null)).isEmpty();
    }

    @Test
    void cacheReadsAndWritesUseTheirOwnPricesWhenSetElseTheInputPrice() {
        // prompt tokens include cache reads and writes (Usage's normalization for every provider)
        Usage u = new Usage(1_000_000, 100_000, 1_100_000, 600_000, 300_000, null);
        double sonnet = (100_000 * 3 + 600_000 * 0.3 + 300_000 * 3.75 + 100_000 * 15) / 1e6;
        assertThat(table().cost("claude-sonnet-4-0-20250514", u).getAsDouble()).isCloseTo(sonnet, within(1e-12));
        double mini = (1_000_000 * 0.15 + 100_000 * 0.6) / 1e6;  // no cache prices: all input at 0.15
        assertThat(table().cost("gpt-4o-mini", u).getAsDouble()).isCloseTo(mini, within(1e-12));
    }

    @Test
    void editingReturnsANewTable() {
        PriceTable t = table();
        PriceTable edited = t.with("gpt-4o-mini", new Price(1, 2)).with("gpt-4o", null);
        assertThat(edited.priceOf("gpt-4o-mini-2024-07-18")).contains(new Price(1, 2));
        assertThat(edited.priceOf("gpt-4o-2024-08-06")).isEmpty();
        assertThat(t.priceOf("gpt-4o-mini")).contains(MINI);
    }
}
