package dev.spoon.workbench.compare;

import dev.spoon.llm.Usage;
import dev.spoon.llm.config.PriceTable;

import java.util.OptionalDouble;
import java.util.function.Supplier;

/** Prices token usage of a model in US dollars; returns null when the model has no known price. */
@FunctionalInterface
public interface CostEstimator {
    CostEstimator NONE = (model, usage) -> null;

    Double cost(String model, Usage usage);

    /** Prices with the current table of {@code prices} (the one price lookup: exact name, else longest prefix). */
    static CostEstimator of(Supplier<PriceTable> prices) {
        return (model, usage) -> {
            OptionalDouble c = prices.get().cost(model, usage);
            return c.isPresent() ? c.getAsDouble() : null;
        };
    }
}
