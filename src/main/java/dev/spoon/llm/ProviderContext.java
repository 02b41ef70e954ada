package dev.spoon.llm;

import dev.spoon.llm.exchange.ExchangeListeners;

/**
 * What the owner of a provider (a core's manager, a pane testing a connection) gives it at
 * {@link LlmProvider#initialize}: where to report its exchanges and which secrets to hide. Nothing a provider
 * reports or hides is process-wide.
 *
 * @param listeners the owner's exchange listeners; every exchange of the provider gets one listener from them
 * @param redactor  the owner's one redaction list (the provider adds its own key and headers to it)
 */
public record ProviderContext(ExchangeListeners listeners, Redactor redactor) {

    public ProviderContext {
        listeners = listeners == null ? new ExchangeListeners() : listeners;
        redactor = redactor == null ? new Redactor() : redactor;
    }

    /** No listeners and an empty redaction list (a provider used on its own, e.g. in a test). */
    public static ProviderContext none() {
        return new ProviderContext(null, null);
    }

    /** Reports to {@code listeners}, with an empty redaction list. */
    public static ProviderContext of(ExchangeListeners listeners) {
        return new ProviderContext(listeners, null);
    }
}
