package dev.spoon.llm.config;

import dev.spoon.llm.Usage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The price table ({@code [prices."model"]}): the one place a model's price is looked up, so chat, compare, the
 * metrics and the CLI give the same cost for the same answer. A model's price is its exact entry, else the
 * longest entry its name starts with, so {@code gpt-4o-mini} prices the dated id
 * {@code gpt-4o-mini-2024-07-18}; a name with a {@code vendor/} prefix (OpenRouter's
 * {@code openai/gpt-4o-mini}) is also tried without it. A table {@link #withDefaults with defaults} falls back
 * to the bundled {@link ModelDefaults} for a model none of its own entries covers, so the user's entries always
 * win. Immutable and thread-safe.
 */
public final class PriceTable {
    /** A table without prices. */
    public static final PriceTable EMPTY = new PriceTable(Map.of(), null);

    private final Map<String, Price> prices;
    private final PriceTable defaults;

    private PriceTable(Map<String, Price> prices, PriceTable defaults) {
        this.prices = prices;
        this.defaults = defaults;
    }

    /** A table of {@code prices} (model name → price), in their order; null is empty. No defaults. */
    public static PriceTable of(Map<String, Price> prices) {
        return prices == null || prices.isEmpty() ? EMPTY : new PriceTable(copy(prices), null);
    }

    /**
     * The user's {@code prices} over the bundled {@link ModelDefaults}: what every front end prices answers
     * with ({@link SpoonConfig#priceTable()}).
     */
    public static PriceTable withDefaults(Map<String, Price> prices) {
        return new PriceTable(copy(prices == null ? Map.of() : prices),
                new PriceTable(ModelDefaults.bundled().prices(), null));
    }

    private static Map<String, Price> copy(Map<String, Price> prices) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    /** The table's own entries (model name → price), unmodifiable; the bundled defaults are not among them. */
    public Map<String, Price> asMap() {
        return prices;
    }

    /** Whether {@code model}'s price comes from the bundled defaults (no own entry covers it, a default does). */
    public boolean isDefault(String model) {
        return ModelNames.entryFor(prices.keySet(), model) == null && defaults != null
                && defaults.priceOf(model).isPresent();
    }

    /** This table with {@code model}'s entry set to {@code price}, or removed when {@code price} is null. */
    public PriceTable with(String model, Price price) {
        Map<String, Price> copy = new LinkedHashMap<>(prices);
        if (price == null) {
            copy.remove(model);
        } else {
            copy.put(model, price);
        }
        return new PriceTable(copy(copy), defaults);
    }

    /**
     * The price that applies to {@code model}: own exact entry, else own longest prefix, else the defaults' (when
     * this table has them); empty when none does.
     */
    public Optional<Price> priceOf(String model) {
        String k = ModelNames.entryFor(prices.keySet(), model);
        if (k != null) {
            return Optional.of(prices.get(k));
        }
        return defaults == null ? Optional.empty() : defaults.priceOf(model);
    }

    /** The cost of {@code usage} on {@code model} in US dollars; empty when the model has no price or no usage. */
    public OptionalDouble cost(String model, Usage usage) {
        if (usage == null) {
            return OptionalDouble.empty();
        }
        Optional<Price> p = priceOf(model);
        return p.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(p.get().cost(usage));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PriceTable t && t.prices.equals(prices) && java.util.Objects.equals(t.defaults, defaults);
    }

    @Override
    public int hashCode() {
        return prices.hashCode() * 31 + (defaults == null ? 0 : 1);
    }

    @Override
    public String toString() {
        return "PriceTable" + prices + (defaults == null ? "" : " over the bundled defaults");
    }
}
