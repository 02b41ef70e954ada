package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.registry.Provider;

/** DeepSeek (deepseek-chat, deepseek-reasoner): {@code POST https://api.deepseek.com/v1/chat/completions}. */
@Provider(name = "deepseek", description = "DeepSeek (deepseek-chat, deepseek-reasoner)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class DeepSeekProvider extends OpenAiCompatibleProvider {
    @Override
    protected String defaultBaseUrl() {
        return "https://api.deepseek.com/v1";
    }

    @Override
    protected String defaultModel() {
        return "deepseek-chat";
    }

    @Override
    protected boolean requiresKey() {
        return true;
    }

    /** DeepSeek's JSON output is {@code json_object} only: a schema is checked here, not by the server. */
    @Override
    protected boolean schemaAsJsonObject() {
        return true;
    }
}
