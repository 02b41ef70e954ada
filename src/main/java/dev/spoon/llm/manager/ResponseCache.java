package dev.spoon.llm.manager;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.config.CacheSettings;
import dev.spoon.llm.json.Json;

import java.time.Duration;
import java.util.TreeMap;

/**
 * The manager's response cache ({@code cache = { enabled, ttl_s, max_entries }}): identical non-streamed
 * requests to the same provider and model within the TTL are answered from memory. The key is the provider,
 * the model and the request in a canonical JSON form (messages, parameters, tools, tool choice, extra
 * fields; tags and timeout excluded, since they do not change the answer). Thread-safe.
 */
final class ResponseCache {
    private final Cache<String, LlmResponse> cache;
    private final CacheSettings settings;

    ResponseCache(CacheSettings settings, Ticker ticker) {
        this.settings = settings;
        this.cache = settings.enabled() && settings.ttlSeconds() > 0
                ? Caffeine.newBuilder().maximumSize(settings.maxEntries())
                .expireAfterWrite(Duration.ofSeconds(settings.ttlSeconds())).ticker(ticker).build()
                : null;
    }

    boolean enabled() {
        return cache != null;
    }

    CacheSettings settings() {
        return settings;
    }

    /** The cache key of {@code request} sent to {@code provider} for {@code model} (null: its default). */
    static String key(String provider, String model, ChatRequest request) {
        return provider + '\n' + (model == null ? "" : model) + '\n' + canonical(request);
    }

    /** The request as canonical JSON (keys of free-form maps sorted). */
    static String canonical(ChatRequest r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("messages", LlmJson.messagesJson(r.messages()));
        o.put("max_tokens", r.maxTokens());
        o.put("temperature", r.temperature());
        o.set("tools", LlmJson.toolsJson(r.tools()));
        o.put("tool_choice", r.toolChoice() == null ? null : r.toolChoice().toString());
        o.set("extra", Json.MAPPER.valueToTree(new TreeMap<>(r.extra())));
        o.set("options", LlmJson.optionsJson(r.options()));
        return o.toString();
    }

    LlmResponse get(String key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    void put(String key, LlmResponse response) {
        if (cache != null) {
            cache.put(key, response);
        }
    }

    long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }
}
