package dev.spoon.llm.code;

/**
 * One request header's value as code writes it: a literal, or a secret read from an environment variable
 * ({@code prefix} + the variable's value, e.g. {@code Bearer $OPENAI_API_KEY}). A snippet never holds a secret.
 *
 * @param literal the value when it is no secret, else null
 * @param envVar  the environment variable holding the secret, else null
 * @param prefix  text before the secret ({@code "Bearer "}), empty when none
 */
public record HeaderValue(String literal, String envVar, String prefix) {

    public HeaderValue {
        prefix = prefix == null ? "" : prefix;
    }

    static HeaderValue literal(String value) {
        return new HeaderValue(value, null, "");
    }

    static HeaderValue secret(String envVar, String prefix) {
        return new HeaderValue(null, envVar, prefix);
    }

    /** Whether the value is read from the environment. */
    public boolean isSecret() {
        return envVar != null;
    }
}
