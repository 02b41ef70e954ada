package dev.spoon.llm.config;

import java.util.Collection;

/**
 * The one rule for finding a model's entry in a per-model table (prices, context windows): its exact entry,
 * else the longest entry its name starts with, so {@code gpt-4o-mini} covers the dated id
 * {@code gpt-4o-mini-2024-07-18}; a name with a {@code vendor/} prefix (OpenRouter's {@code openai/gpt-4o-mini})
 * is also tried without it.
 */
final class ModelNames {
    private ModelNames() {
    }

    /** The key of {@code keys} that applies to {@code model}, or null when none does. */
    static String entryFor(Collection<String> keys, String model) {
        if (model == null || model.isEmpty()) {
            return null;
        }
        if (keys.contains(model)) {
            return model;
        }
        String bare = model.substring(model.lastIndexOf('/') + 1);
        if (keys.contains(bare)) {
            return bare;
        }
        String best = null;
        for (String k : keys) {
            if (!k.isEmpty() && (model.startsWith(k) || bare.startsWith(k))
                    && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best;
    }
}
