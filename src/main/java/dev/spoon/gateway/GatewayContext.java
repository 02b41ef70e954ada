package dev.spoon.gateway;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.manager.LlmManager;

/**
 * What every part of one running gateway shares: the core's manager and redaction list, the counters, and the
 * tool-call signatures to give back to the providers that need them, and the debug log (for refused requests).
 */
record GatewayContext(LlmManager manager, ConfigurationManager configuration, Redactor redactor,
                      GatewayStats stats, ThoughtSignatures signatures, DebugLogger debugLog) {

    /** The text of {@code e} as a client may see it: the provider's own message, with every secret masked. */
    String message(LlmException e) {
        return redactor.redact(e.displayMessage());
    }
}
