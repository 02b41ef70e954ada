package dev.spoon.llm;

/** What a provider can do, as declared in its {@code @Provider} annotation. */
public enum ProviderCapability {
    CHAT, COMPLETION, STREAMING, TOOLS, VISION, REASONING, MODEL_LIST, SYSTEM_MESSAGES
}
