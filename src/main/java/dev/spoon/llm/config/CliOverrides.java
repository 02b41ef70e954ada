package dev.spoon.llm.config;

import java.util.List;

/**
 * Command-line settings, the highest precedence. Applied to the provider the command targets; null means
 * "not given".
 */
public record CliOverrides(String provider, String model, String baseUrl, String apiKey, Integer maxTokens,
                           Double temperature, Double timeoutSeconds, List<String> fallbackChain) {
    public static final CliOverrides NONE = new CliOverrides(null, null, null, null, null, null, null, null);
}
