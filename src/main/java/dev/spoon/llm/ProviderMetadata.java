package dev.spoon.llm;

import java.util.List;
import java.util.Set;

/** What a provider is and can do. */
public record ProviderMetadata(String name, String version, Set<ProviderCapability> capabilities,
                               int maxTokens, boolean supportsSystemMessages, String defaultModel,
                               List<String> availableModels) {
    public ProviderMetadata {
        capabilities = Set.copyOf(capabilities);
        availableModels = availableModels == null ? List.of() : List.copyOf(availableModels);
    }
}
