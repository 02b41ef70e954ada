package dev.spoon.llm;

import java.time.Duration;
import java.util.Map;

/**
 * The effective settings of one provider instance, after file, environment and command-line overrides.
 *
 * @param name        the instance name ({@code openai}, {@code mylocal}…)
 * @param type        the registered provider type it is built from ({@code openai-compatible}, {@code sim}…)
 * @param apiKey      the key, or null (placeholders are already turned into null)
 * @param baseUrl     the base URL, or null for the provider's default
 * @param model       the default model, or null for the provider's default
 * @param timeout     whole-call timeout ({@code timeout_s}, default 600 s)
 * @param proxy       {@code http://host:port} or {@code socks5://host:port}, or null
 * @param headers     extra HTTP headers sent with every request
 * @param weight      load-balancing weight (≥ 0)
 * @param options     every other key of the provider's table (e.g. {@code http_referer}, simulator settings)
 * @param connectTimeout how long to wait for a connection ({@code connect_timeout_s}, default 10 s)
 * @param readTimeout    the longest wait for the next byte of a response ({@code read_timeout_s}, default 60 s):
 *                       what catches a stalled stream
 */
public record ProviderConfig(String name, String type, String apiKey, String baseUrl, String model,
                             Integer maxTokens, Double temperature, Duration timeout, String proxy,
                             Map<String, String> headers, double weight, Map<String, Object> options,
                             Duration connectTimeout, Duration readTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public ProviderConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        options = options == null ? Map.of() : Map.copyOf(options);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
    }

    /** Settings with the default connect and read timeouts. */
    public ProviderConfig(String name, String type, String apiKey, String baseUrl, String model, Integer maxTokens,
                          Double temperature, Duration timeout, String proxy, Map<String, String> headers,
                          double weight, Map<String, Object> options) {
        this(name, type, apiKey, baseUrl, model, maxTokens, temperature, timeout, proxy, headers, weight, options,
                null, null);
    }

    /** A config with only a name and type, everything else default. */
    public static ProviderConfig minimal(String name, String type) {
        return new ProviderConfig(name, type, null, null, null, null, null, null, null, null, 1.0, null);
    }

    /**
     * The wire API of an OpenAI-family provider ({@code api = "chat_completions" | "responses"}). One request
     * may choose its own with the tag {@link #TAG} ({@code --api}, a replay of a logged request); providers of
     * other types ignore it.
     */
    public enum Api {
        /** {@code POST {base}/chat/completions} (the default). */
        CHAT_COMPLETIONS("chat_completions", "/chat/completions"),
        /** {@code POST {base}/responses}: the OpenAI Responses API. */
        RESPONSES("responses", "/responses");

        /** The request tag ({@link ChatRequest#tags()}) that chooses the API of one request. */
        public static final String TAG = "api";
        /** The provider types that speak the OpenAI wire formats, the only ones the API choice applies to. */
        public static final java.util.Set<String> PROVIDER_TYPES = java.util.Set.of("openai", "openrouter",
                "deepseek", "ollama", "lmstudio", "openai-compatible");

        private final String key;
        private final String path;

        Api(String key, String path) {
            this.key = key;
            this.path = path;
        }

        /** The word used in the configuration. */
        public String key() {
            return key;
        }

        /** The path of the call, after the base URL ({@code /chat/completions}, {@code /responses}). */
        public String path() {
            return path;
        }

        /** The API a request to {@code endpoint} (a full URL, without query) was sent with, or null. */
        public static Api ofEndpoint(String endpoint) {
            for (Api a : values()) {
                if (endpoint != null && endpoint.endsWith(a.path)) {
                    return a;
                }
            }
            return null;
        }

        /** The API named {@code key} ({@code chat_completions}, {@code responses}), or null for another word. */
        public static Api of(String key) {
            for (Api a : values()) {
                if (a.key.equals(key)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Which wire API to speak ({@code api} in the provider's table; default {@link Api#CHAT_COMPLETIONS}). */
    public Api api() {
        return Api.RESPONSES.key().equals(option("api")) ? Api.RESPONSES : Api.CHAT_COMPLETIONS;
    }

    /** The wire API for {@code request}: the one its {@link Api#TAG} tag names, else {@link #api()}. */
    public Api api(ChatRequest request) {
        Api tagged = Api.of(request.tags().get(Api.TAG));
        return tagged != null ? tagged : api();
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /**
     * The environment variable this provider's key is read from: {@code api_key_env} when set, else
     * {@code NAME_API_KEY} for the built-in providers that read one ({@code OPENAI_API_KEY}…), else null.
     */
    public String keyVariable() {
        String v = option("api_key_env");
        if (v != null && !v.isBlank()) {
            return v;
        }
        return dev.spoon.llm.config.ConfigurationManager.ENV_PROVIDERS.contains(name)
                ? name.toUpperCase(java.util.Locale.ROOT) + "_API_KEY" : null;
    }

    public String option(String key) {
        Object v = options.get(key);
        return v == null ? null : String.valueOf(v);
    }

    public ProviderConfig withApiKey(String key) {
        return new ProviderConfig(name, type, key, baseUrl, model, maxTokens, temperature, timeout, proxy, headers,
                weight, options, connectTimeout, readTimeout);
    }

    public ProviderConfig withBaseUrl(String url) {
        return new ProviderConfig(name, type, apiKey, url, model, maxTokens, temperature, timeout, proxy, headers,
                weight, options, connectTimeout, readTimeout);
    }

    public ProviderConfig withModel(String m) {
        return new ProviderConfig(name, type, apiKey, baseUrl, m, maxTokens, temperature, timeout, proxy, headers,
                weight, options, connectTimeout, readTimeout);
    }

    public ProviderConfig withOptions(Map<String, Object> newOptions) {
        return new ProviderConfig(name, type, apiKey, baseUrl, model, maxTokens, temperature, timeout, proxy, headers,
                weight, newOptions, connectTimeout, readTimeout);
    }

    /** Same settings, with {@code apiKey} replaced by {@code ***} (for display and logs). */
    public ProviderConfig redacted() {
        return withApiKey(hasApiKey() ? "***" : null);
    }

    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", type=" + type + ", apiKey=" + (hasApiKey() ? "***" : "null")
                + ", baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
