package dev.spoon.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider-neutral chat request. Null parameters mean "the provider's configured default".
 *
 * @param extra   the extra body ({@code --extra-body}): fields merged into the provider's request body last, so
 *                they add to or replace what the mapping wrote (objects are merged key by key, e.g.
 *                {@code {"generationConfig": {"topK": 5}}} keeps Gemini's other generation settings; e.g.
 *                {@code top_p}, {@code seed}); never null
 * @param tags    labels that travel with the request to the debug log and metrics but are never sent
 *                (e.g. {@code origin=chat}, {@code attempt=2}); never null
 * @param options request features beyond text: response format, reasoning effort, prompt caching, extra
 *                headers ({@link RequestOptions}); never null
 */
public record ChatRequest(List<Message> messages, String model, Integer maxTokens, Double temperature,
                          List<Tool> tools, ToolChoice toolChoice, Duration timeout, Map<String, Object> extra,
                          Map<String, String> tags, RequestOptions options) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        options = options == null ? RequestOptions.NONE : options;
    }

    /** A request without the options (text answer, default effort, no extra headers). */
    public ChatRequest(List<Message> messages, String model, Integer maxTokens, Double temperature,
                       List<Tool> tools, ToolChoice toolChoice, Duration timeout, Map<String, Object> extra,
                       Map<String, String> tags) {
        this(messages, model, maxTokens, temperature, tools, toolChoice, timeout, extra, tags, RequestOptions.NONE);
    }

    public static ChatRequest of(List<Message> messages) {
        return new ChatRequest(messages, null, null, null, null, null, null, null, null, null);
    }

    public static ChatRequest ofUser(String text) {
        return of(List.of(Message.user(text)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.messages.addAll(messages);
        b.model = model;
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.timeout = timeout;
        b.extra.putAll(extra);
        b.tags.putAll(tags);
        b.options = options;
        return b;
    }

    public ChatRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    /** The same request with one more tag (not sent to the provider). */
    public ChatRequest withTag(String key, String value) {
        return toBuilder().tag(key, value).build();
    }

    public ChatRequest withTools(List<Tool> newTools) {
        return toBuilder().tools(newTools).build();
    }

    /** The same request with other options. */
    public ChatRequest withOptions(RequestOptions newOptions) {
        return toBuilder().options(newOptions).build();
    }

    /** {@code options().responseFormat()}: the shape the answer must take. */
    public ResponseFormat responseFormat() {
        return options.responseFormat();
    }

    public static final class Builder {
        private final List<Message> messages = new ArrayList<>();
        private String model;
        private Integer maxTokens;
        private Double temperature;
        private final List<Tool> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Duration timeout;
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private RequestOptions options = RequestOptions.NONE;

        public Builder message(Message m) {
            messages.add(m);
            return this;
        }

        public Builder messages(List<Message> ms) {
            messages.clear();
            messages.addAll(ms);
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder maxTokens(Integer v) {
            maxTokens = v;
            return this;
        }

        public Builder temperature(Double v) {
            temperature = v;
            return this;
        }

        public Builder tools(List<Tool> v) {
            tools.clear();
            if (v != null) {
                tools.addAll(v);
            }
            return this;
        }

        public Builder toolChoice(ToolChoice v) {
            toolChoice = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder extra(String key, Object value) {
            extra.put(key, value);
            return this;
        }

        /** Every field of {@code body} (a JSON object) as extra body fields, over those set before. */
        public Builder extraBody(com.fasterxml.jackson.databind.node.ObjectNode body) {
            if (body != null) {
                body.properties().forEach(e -> extra.put(e.getKey(), e.getValue()));
            }
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder options(RequestOptions v) {
            options = v == null ? RequestOptions.NONE : v;
            return this;
        }

        public Builder responseFormat(ResponseFormat v) {
            options = options.withResponseFormat(v);
            return this;
        }

        public Builder reasoningEffort(ReasoningEffort v) {
            options = options.withReasoningEffort(v);
            return this;
        }

        public Builder cachePrompt(boolean v) {
            options = options.withCachePrompt(v);
            return this;
        }

        /** Adds an HTTP header (its value is a secret: redacted wherever it would be shown). */
        public Builder header(String name, String value) {
            options = options.withHeader(name, value);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(messages, model, maxTokens, temperature, tools, toolChoice, timeout, extra, tags,
                    options);
        }
    }
}
