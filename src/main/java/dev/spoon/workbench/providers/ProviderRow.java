package dev.spoon.workbench.providers;

import dev.spoon.llm.ProviderCapability;

import java.util.Set;

/**
 * One entry of the providers list.
 *
 * @param capabilities what the provider type declares (empty when the type is not registered)
 * @param configured   whether it can make requests (has a key where its type needs one)
 * @param health       last known health ("✓ 120 ms", "✗ AuthenticationError: …") or null
 * @param detected     for local servers: "running, 3 models" when found on localhost, else null
 */
public record ProviderRow(String name, String type, boolean registered, Set<ProviderCapability> capabilities,
                          boolean configured, boolean custom, String health, String detected) {
}
