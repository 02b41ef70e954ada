package dev.spoon.llm;

/**
 * One try at answering a request: which provider, and the error it ended with (null when it answered).
 *
 * @param errorType the seed's error name ({@code RateLimitError}…) or null
 */
public record Attempt(String provider, String model, String errorType, Integer status, String error) {

    public static Attempt success(String provider, String model) {
        return new Attempt(provider, model, null, null, null);
    }

    public static Attempt failure(String provider, String model, LlmException e) {
        return new Attempt(provider, model, e.errorType(), e.status(), e.getMessage());
    }
}
