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
 * {@code openai/gpt-4o-mini}) is also tried without it. Immutable and thread-safe.
 */
public final class PriceTable {
    /** A table without prices. */
    public static final PriceTable EMPTY = new PriceTable(Map.of());

    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = prices;
    }

    /** A table of {@code prices} (model name → price), in their order; null is empty. */
    public static PriceTable of(Map<String, Price> prices) {
        return prices == null || prices.isEmpty() ? EMPTY
                : new PriceTable(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prices)));
    }

    /** The entries (model name → price), unmodifiable. */
    public Map<String, Price> asMap() {
        return prices;
    }

    /** This table with {@code model}'s entry set to {@code price}, or removed when {@code price} is null. */
    public PriceTable with(String model, Price price) {
        Map<String, Price> copy = new LinkedHashMap<>(prices);
        if (price == null) {
            copy.remove(model);
        } else {
            copy.put(model, price);
        }
        return of(copy);
    }

    /** The price that applies to {@code model}: exact entry, else the longest prefix; empty when none does. */
    public Optional<Price> priceOf(String model) {
        if (model == null || model.isEmpty()) {
            return Optional.empty();
        }
        Price exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String bare = model.substring(model.lastIndexOf('/') + 1);
        String best = null;
        for (String k : prices.keySet()) {
            if (!k.isEmpty() && (model.startsWith(k) || bare.startsWith(k))
                    && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best == null ? Optional.empty() : Optional.of(prices.get(best));
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
        return o instanceof PriceTable t && t.prices.equals(prices);
    }

    @Override
    public int hashCode() {
        return prices.hashCode();
    }

    @Override
    public String toString() {
        return "PriceTable" + prices;
    }
}
