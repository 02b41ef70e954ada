package dev.spoon.gateway;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.TokenLimitException;

/**
 * The HTTP status the gateway answers a failed call with: the upstream's own status when it sent one (a 429
 * stays a 429, an Anthropic 529 stays a 529), else one that says the same in HTTP terms.
 */
final class ErrorStatus {
    private ErrorStatus() {
    }

    static int of(LlmException e) {
        Integer s = e.status();
        if (s != null && s >= 400 && s <= 599) {
            return s;
        }
        if (e instanceof RateLimitException) {
            return 429;
        }
        if (e instanceof AuthenticationException) {
            return 401;
        }
        if (e instanceof ModelNotFoundException) {
            return 404;
        }
        if (e instanceof TokenLimitException || e instanceof ConfigurationException) {
            return 400;
        }
        if (e instanceof NetworkException) {
            String m = String.valueOf(e.getMessage());
            return m.contains("timeout") || m.contains("timed out") || m.contains("no data from") ? 504 : 502;
        }
        return 502;
    }
}
