package dev.spoon.llm.providers.sim;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.TokenLimitException;

import java.time.Duration;
import java.util.Random;

/**
 * The simulator's injected failures: whether a request fails ({@code fail_rate}, drawn from a random source
 * seeded with {@code seed}, so a run repeats exactly) and with which error ({@code fail_type}, each shaped like
 * the real provider's: status, message, {@code Retry-After}). Thread-safe.
 */
final class SimFaults {
    private final String provider;
    private final SimSettings settings;
    private final Random random;

    SimFaults(String provider, SimSettings settings) {
        this.provider = provider;
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** The error the next request fails with, or null when it succeeds. */
    LlmException next() {
        boolean fail;
        synchronized (random) {
            fail = settings.failType() != null && random.nextDouble() < settings.failRate();
        }
        return fail ? failure(settings.failType()) : null;
    }

    /** The error of a stream cut after {@code emitted} tokens ({@code disconnect_after}). */
    LlmException disconnected(int emitted) {
        return new NetworkException("stream disconnected after " + emitted + " tokens (simulated)", provider, null,
                null, true, null, null);
    }

    /** The error of a request for a model the simulator does not offer. */
    LlmException unknownModel(String model) {
        return new ModelNotFoundException("The model '" + model + "' does not exist. Simulator models: "
                + String.join(", ", settings.models()), provider, 404, "The model '" + model + "' does not exist");
    }

    private LlmException failure(String type) {
        String p = provider;
        Duration retryAfter = settings.retryAfterSeconds() == null ? null
                : Duration.ofMillis((long) (settings.retryAfterSeconds() * 1000));
        return switch (type) {
            case "rate_limit" -> new RateLimitException("Rate limit reached (simulated)", p, 429,
                    "Rate limit reached (simulated)", true, retryAfter, null);
            case "auth" -> new AuthenticationException("Incorrect API key provided (simulated)", p, 401,
                    "Incorrect API key provided (simulated)");
            case "overloaded" -> new ProviderException("Overloaded (simulated)", p, 529, "Overloaded (simulated)",
                    true, retryAfter, null);
            case "network" -> new NetworkException("Connection reset (simulated)", p, null, null, true, null, null);
            case "token_limit" -> new TokenLimitException("This model's maximum context length is 8192 tokens"
                    + " (simulated)", p, 400, "This model's maximum context length is 8192 tokens (simulated)");
            case "model_not_found" -> new ModelNotFoundException("The model does not exist (simulated)", p, 404,
                    "The model does not exist (simulated)");
            case "bad_request" -> new ProviderException("Invalid request (simulated)", p, 400,
                    "Invalid request (simulated)", false, null, null);
            default -> new ProviderException("Internal server error (simulated)", p, 500,
                    "Internal server error (simulated)", true, retryAfter, null);
        };
    }
}
