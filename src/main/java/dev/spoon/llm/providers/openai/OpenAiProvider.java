package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.registry.Provider;

/** OpenAI Chat Completions API: {@code POST https://api.openai.com/v1/chat/completions}. */
@Provider(name = "openai", description = "OpenAI Chat Completions API",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class OpenAiProvider extends OpenAiCompatibleProvider {
    /** OpenAI's API, where requests go unless {@code base_url} says otherwise. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    @Override
    protected String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    protected String defaultModel() {
        return "gpt-4o-mini";
    }

    @Override
    protected boolean requiresKey() {
        return true;
    }
}
