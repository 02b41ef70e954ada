package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.registry.Provider;

/** Ollama on this machine (OpenAI-compatible endpoint): {@code POST http://localhost:11434/v1/chat/completions}. */
@Provider(name = "ollama", description = "Ollama on this machine (OpenAI-compatible endpoint)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class OllamaProvider extends OpenAiCompatibleProvider {
    @Override
    protected String defaultBaseUrl() {
        return "http://localhost:11434/v1";
    }

    @Override
    protected String defaultModel() {
        return "llama3.2";
    }

    @Override
    protected boolean requiresKey() {
        return false;
    }
}
