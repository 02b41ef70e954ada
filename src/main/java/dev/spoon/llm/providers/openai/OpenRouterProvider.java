package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.registry.Provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** OpenRouter: many providers' models through one OpenAI-compatible API: {@code POST https://openrouter.ai/api/v1/chat/completions}. */
@Provider(name = "openrouter", description = "OpenRouter: many providers' models through one OpenAI-compatible API",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class OpenRouterProvider extends OpenAiCompatibleProvider {
    @Override
    protected String defaultBaseUrl() {
        return "https://openrouter.ai/api/v1";
    }

    @Override
    protected String defaultModel() {
        return "openai/gpt-4o-mini";
    }

    @Override
    protected boolean requiresKey() {
        return true;
    }

    /** OpenRouter takes {@code "reasoning": {"effort": …}} for every model it routes to. */
    @Override
    protected boolean effortAsReasoningObject() {
        return true;
    }

    /** OpenRouter passes {@code cache_control} on to the models that take it (Anthropic, Gemini). */
    @Override
    protected boolean cacheControlOnSystem() {
        return true;
    }

    /** OpenRouter's app attribution: {@code HTTP-Referer} and {@code X-Title} from {@code http_referer}/{@code x_title}. */
    @Override
    protected Map<String, String> extraHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        String referer = config().option("http_referer");
        if (referer != null && !referer.isBlank()) {
            h.put("HTTP-Referer", referer);
        }
        String title = config().option("x_title");
        if (title != null && !title.isBlank()) {
            h.put("X-Title", title);
        }
        return h;
    }
}
