package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.registry.Provider;

/** LM Studio's local server (OpenAI-compatible endpoint): {@code POST http://localhost:1234/v1/chat/completions}. */
@Provider(name = "lmstudio", description = "LM Studio's local server (OpenAI-compatible endpoint)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class LmStudioProvider extends OpenAiCompatibleProvider {
    @Override
    protected String defaultBaseUrl() {
        return "http://localhost:1234/v1";
    }

    @Override
    protected String defaultModel() {
        return "local-model";
    }

    @Override
    protected boolean requiresKey() {
        return false;
    }
}
