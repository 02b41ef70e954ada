package dev.spoon.llm.config;

import java.util.List;

/**
 * Command-line settings, the highest precedence. Applied to the provider the command targets; null means
 * "not given". {@code timeoutSeconds} is the whole call ({@code --timeout}, {@code timeout_s}),
 * {@code readTimeoutSeconds} the longest wait for the next byte ({@code --read-timeout}, {@code read_timeout_s});
 * the command line checks both are in range before they get here.
 */
public record CliOverrides(String provider, String model, String baseUrl, String apiKey, Integer maxTokens,
                           Double temperature, Double timeoutSeconds, List<String> fallbackChain,
                           Double readTimeoutSeconds) {
    public static final CliOverrides NONE = new CliOverrides(null, null, null, null, null, null, null, null, null);
}
