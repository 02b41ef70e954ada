package dev.spoon.llm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request features beyond text (DESIGN.md): what shape the answer takes, how hard a reasoning model thinks,
 * prompt caching, and extra HTTP headers. Images travel in the messages ({@link ContentPart.Image}, built by
 * {@link ImageInput}); extra body fields in {@link ChatRequest#extra()}. A provider that has no use for an
 * option leaves it out of its request.
 *
 * @param responseFormat  the answer's shape; {@link ResponseFormat#TEXT} by default, never null
 * @param reasoningEffort how much to think, or null for the provider's or configuration's default
 * @param cachePrompt     mark the system prompt and tools as cacheable (Anthropic {@code cache_control}); the
 *                        providers that cache on their own (OpenAI, Gemini, DeepSeek) need nothing
 * @param headers         extra HTTP headers, sent over the configured ones; their values are secrets
 *                        ({@link Redactor}) except the protocol headers; never null
 */
public record RequestOptions(ResponseFormat responseFormat, ReasoningEffort reasoningEffort, boolean cachePrompt,
                             Map<String, String> headers) {

    /** No options: text, default effort, no caching marks, no headers. */
    public static final RequestOptions NONE = new RequestOptions(ResponseFormat.TEXT, null, false, Map.of());

    public RequestOptions {
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public RequestOptions withResponseFormat(ResponseFormat f) {
        return new RequestOptions(f, reasoningEffort, cachePrompt, headers);
    }

    public RequestOptions withReasoningEffort(ReasoningEffort e) {
        return new RequestOptions(responseFormat, e, cachePrompt, headers);
    }

    public RequestOptions withCachePrompt(boolean on) {
        return new RequestOptions(responseFormat, reasoningEffort, on, headers);
    }

    /** These options with {@code name: value} added to the headers (replacing a header of the same name). */
    public RequestOptions withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        h.put(name, value);
        return new RequestOptions(responseFormat, reasoningEffort, cachePrompt, h);
    }

    public RequestOptions withHeaders(Map<String, String> newHeaders) {
        return new RequestOptions(responseFormat, reasoningEffort, cachePrompt, newHeaders);
    }

    /** Whether these are the defaults (nothing to map). */
    public boolean isDefault() {
        return equals(NONE);
    }
}
