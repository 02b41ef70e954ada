package dev.spoon.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider-neutral chat request. Null parameters mean "the provider's configured default".
 *
 * @param extra provider-specific body fields passed through unchanged (e.g. {@code top_p}, {@code seed})
 * @param tags  labels that travel with the request to the debug log and metrics but are never sent
 *              (e.g. {@code origin=chat}, {@code attempt=2}); never null
 */
public record ChatRequest(List<Message> messages, String model, Integer maxTokens, Double temperature,
                          List<Tool> tools, ToolChoice toolChoice, Duration timeout, Map<String, Object> extra,
                          Map<String, String> tags) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static ChatRequest of(List<Message> messages) {
        return new ChatRequest(messages, null, null, null, null, null, null, null, null);
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

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(messages, model, maxTokens, temperature, tools, toolChoice, timeout, extra, tags);
        }
    }
}
