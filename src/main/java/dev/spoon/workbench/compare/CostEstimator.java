package dev.spoon.workbench.compare;

import dev.spoon.llm.Usage;

/** Prices token usage of a model in US dollars; returns null when the model has no known price. */
@FunctionalInterface
public interface CostEstimator {
    CostEstimator NONE = (model, usage) -> null;

    Double cost(String model, Usage usage);
}
