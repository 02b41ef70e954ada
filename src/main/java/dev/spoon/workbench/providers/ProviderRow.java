package dev.spoon.workbench.providers;

import dev.spoon.llm.ProviderCapability;

import java.util.Set;

/**
 * One entry of the providers list.
 *
 * @param capabilities what the provider type declares (empty when the type is not registered)
 * @param configured   whether it counts as configured ({@code ConfigurationManager.isConfigured(cfg, pc, running)}):
 *                     a key where its type needs one; for a local server the user did not set up, one running
 * @param health       last known health ("✓ 120 ms", "✗ AuthenticationError: …") or null
 * @param detected     for local servers: "running, 3 models" when found on localhost, else null
 * @param localDefault a local server (Ollama, LM Studio) that exists only by default: unconfigured means "not
 *                     running", not "no key"
 */
public record ProviderRow(String name, String type, boolean registered, Set<ProviderCapability> capabilities,
                          boolean configured, boolean custom, String health, String detected,
                          boolean localDefault) {
}
