package dev.spoon.llm.config;

/** The manager's response cache: {@code cache = { enabled, ttl_s, max_entries }}. */
public record CacheSettings(boolean enabled, long ttlSeconds, int maxEntries) {
    public static final CacheSettings DEFAULT = new CacheSettings(false, 300, 1000);
}
