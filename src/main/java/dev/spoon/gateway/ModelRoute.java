package dev.spoon.gateway;

import dev.spoon.llm.config.SpoonConfig;

/**
 * Where a client's {@code model} goes (DESIGN.md "Local gateway", routing): {@code provider/model} names a
 * configured provider instance and its model ({@code anthropic/claude-sonnet-4-0}, {@code sim/sim-1}); anything
 * else ({@code gpt-4o-mini}, or {@code meta-llama/llama-3} whose first part names no provider) is a model of the
 * default provider, sent through the manager with no provider named so load balancing applies.
 *
 * @param provider the provider instance, or null for the default provider
 * @param model    the model to ask for, or null for the provider's configured one
 */
record ModelRoute(String provider, String model) {

    static ModelRoute of(String requested, SpoonConfig config) {
        if (requested == null || requested.isBlank()) {
            return new ModelRoute(null, null);
        }
        int slash = requested.indexOf('/');
        if (slash > 0 && config.provider(requested.substring(0, slash)) != null) {
            String model = requested.substring(slash + 1);
            return new ModelRoute(requested.substring(0, slash), model.isBlank() ? null : model);
        }
        return new ModelRoute(null, requested);
    }
}
