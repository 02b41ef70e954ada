package dev.spoon.llm.providers;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.registry.Provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Base of the providers that speak HTTP: configuration, the {@link HttpTransport}, base URL and model
 * defaults, metadata from the {@link Provider} annotation, and the health check. A subclass supplies the
 * wire format: how to build a call ({@link #call}) and how to read the answers ({@link #reader}).
 * Thread-safe after {@link #initialize}.
 */
public abstract class HttpProvider implements LlmProvider {
    private volatile ProviderConfig config;
    private volatile HttpTransport transport;
    private volatile Redactor redactor;

    /** The base URL used when the configuration gives none (DESIGN.md table). */
    protected abstract String defaultBaseUrl();

    /** The model used when neither the request nor the configuration names one. */
    protected abstract String defaultModel();

    /** Whether calls need an API key. */
    protected abstract boolean requiresKey();

    /** Builds the HTTP call for {@code request} (body in the provider's format). */
    protected abstract HttpTransport.Call call(ChatRequest request, String model, boolean stream);

    /** How to read the answers of a call for {@code model}; {@code handler} is null for non-streamed calls. */
    protected abstract HttpTransport.ResponseReader reader(String model, StreamHandler handler);

    /**
     * How to read the answers of the call built for {@code request}: {@link #reader(String, StreamHandler)}
     * unless the request changes the wire format (an OpenAI-family provider's API choice) or how the answer is
     * carried (a structured answer in a forced tool call).
     */
    protected HttpTransport.ResponseReader reader(ChatRequest request, String model, StreamHandler handler) {
        return reader(model, handler);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConfigurationException when the provider needs a key and has none, or the proxy is malformed
     */
    @Override
    public void initialize(ProviderConfig cfg, ProviderContext context) {
        if (requiresKey() && !cfg.hasApiKey()) {
            String var = cfg.keyVariable();
            throw new ConfigurationException("No API key configured for provider '" + cfg.name() + "': "
                    + (var != null ? "set " + var + ", put api_key in the config file" : "put api_key in its"
                    + " config table [providers." + cfg.name() + "]") + ", or pass --api-key", cfg.name());
        }
        Redactor r = context.redactor().with(new Redactor.Secrets().provider(cfg));
        try {
            String base = cfg.baseUrl() == null || cfg.baseUrl().isBlank() ? defaultBaseUrl() : cfg.baseUrl().strip();
            this.transport = new HttpTransport(cfg, context, r, base);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("provider '" + cfg.name() + "': " + e.getMessage(), cfg.name());
        }
        this.redactor = r;
        this.config = cfg;
    }

    /** The owner's redaction list plus this provider's own key, headers and proxy credentials. */
    protected final Redactor redactor() {
        return redactor;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    protected final HttpTransport transport() {
        HttpTransport t = transport;
        if (t == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " used before initialize()");
        }
        return t;
    }

    /** The configured base URL without a trailing slash, or the default. */
    public String baseUrl() {
        return baseUrlFor(config);
    }

    /** {@code cfg}'s base URL without a trailing slash, or the default. */
    @Override
    public String baseUrlFor(ProviderConfig cfg) {
        String b = cfg.baseUrl();
        if (b == null || b.isBlank()) {
            b = defaultBaseUrl();
        }
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    /** The model for {@code request}: its own, else the configured one, else {@link #defaultModel()}. */
    protected String modelFor(ChatRequest request) {
        if (request.model() != null && !request.model().isBlank()) {
            return request.model();
        }
        return config.model() != null ? config.model() : defaultModel();
    }

    /** {@code request.maxTokens()}, else the configured max_tokens, else null. */
    protected Integer maxTokensFor(ChatRequest request) {
        return request.maxTokens() != null ? request.maxTokens() : config.maxTokens();
    }

    /**
     * An integer option of this provider's table ({@code thinking_budget}…), or null when unset.
     *
     * @throws ConfigurationException naming the provider and key when the value is not a whole number
     */
    protected Integer intOption(String key) {
        String v = config.option(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d != Math.rint(d)) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("providers." + config.name() + "." + key + " must be a whole number, found '"
                    + v + "'", config.name());
        }
    }

    protected Double temperatureFor(ChatRequest request) {
        return request.temperature() != null ? request.temperature() : config.temperature();
    }

    /**
     * The HTTP call {@code request} would make, built exactly as {@link #chat} and {@link #chatStream} build it,
     * but not sent ("View code"). Its headers hold the real key: mask them before showing anything.
     *
     * @throws LlmException when the request cannot be built (e.g. a bad option)
     */
    public final HttpTransport.Call preview(ChatRequest request, boolean stream) {
        return call(request, modelFor(request), stream);
    }

    /** {@inheritDoc} A request that cannot be built (e.g. a bad option) fails the returned future. */
    @Override
    public CompletableFuture<LlmResponse> chat(ChatRequest request) {
        return send(request, false, null);
    }

    /** {@inheritDoc} A request that cannot be built (e.g. a bad option) fails the returned future. */
    @Override
    public CompletableFuture<LlmResponse> chatStream(ChatRequest request, StreamHandler handler) {
        return send(request, true, handler == null ? StreamHandler.NONE : handler);
    }

    private CompletableFuture<LlmResponse> send(ChatRequest request, boolean stream, StreamHandler handler) {
        HttpTransport t = transport();
        String model = modelFor(request);
        if (!request.options().headers().isEmpty()) {
            // a request's own headers are secrets like configured ones: hidden before anything records the call
            redactor().remember(new Redactor.Secrets().headers(request.options().headers()));
        }
        HttpTransport.Call call;
        try {
            call = call(request, model, stream);
        } catch (LlmException e) {
            return CompletableFuture.failedFuture(e);
        }
        return t.send(call, reader(request, model, handler));
    }

    @Override
    public ProviderMetadata metadata() {
        Provider a = getClass().getAnnotation(Provider.class);
        Set<ProviderCapability> caps = a == null ? EnumSet.of(ProviderCapability.CHAT)
                : EnumSet.copyOf(Arrays.asList(a.capabilities()));
        String name = config != null ? config.name() : a != null ? a.name() : getClass().getSimpleName();
        String model = config != null && config.model() != null ? config.model() : defaultModel();
        return new ProviderMetadata(name, "1.0", caps, config != null && config.maxTokens() != null
                ? config.maxTokens() : 4096, caps.contains(ProviderCapability.SYSTEM_MESSAGES), model,
                model == null ? List.of() : List.of(model));
    }

    /**
     * {@code headers} with the request's own headers ({@link dev.spoon.llm.RequestOptions#headers()}) set over
     * them; a request header replaces a header of the same name in any case.
     */
    protected static Map<String, String> withRequestHeaders(Map<String, String> headers, ChatRequest request) {
        Map<String, String> extra = request.options().headers();
        if (extra.isEmpty()) {
            return headers;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(headers);
        extra.forEach((k, v) -> {
            out.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
            out.put(k, v);
        });
        return out;
    }

    /**
     * {@code body} as JSON text, with the request's extra body ({@link ChatRequest#extra()}) merged over it: an
     * object merges into the object of the same name key by key, any other value replaces what was there.
     */
    protected static String bodyJson(Object body, Map<String, Object> extra) {
        if (extra.isEmpty()) {
            return Json.write(body);
        }
        ObjectNode o = Json.MAPPER.valueToTree(body);
        extra.forEach((k, v) -> merge(o, k, Json.MAPPER.valueToTree(v)));
        return o.toString();
    }

    private static void merge(ObjectNode target, String key, com.fasterxml.jackson.databind.JsonNode value) {
        com.fasterxml.jackson.databind.JsonNode existing = target.get(key);
        if (existing instanceof ObjectNode eo && value != null && value.isObject()) {
            value.properties().forEach(e -> merge(eo, e.getKey(), e.getValue()));
        } else {
            target.set(key, value);
        }
    }

    /** One page of a model list: the ids it holds and the token of the next page (null on the last). */
    public record ModelPage(List<String> ids, String next) {
    }

    /**
     * Follows a paged model list: {@code url} builds a page's URL from the previous page's token (null for
     * the first), {@code page} reads a 2xx body. Stops at the last page, a repeated token or 100,000 ids.
     */
    protected CompletableFuture<List<String>> pagedModels(Function<String, String> url, Map<String, String> headers,
                                                         HttpTransport.ErrorMapper errors,
                                                         Function<String, ModelPage> page) {
        return nextPage(new ArrayList<>(), null, url, headers, errors, page);
    }

    private CompletableFuture<List<String>> nextPage(List<String> acc, String token, Function<String, String> url,
                                                     Map<String, String> headers, HttpTransport.ErrorMapper errors,
                                                     Function<String, ModelPage> page) {
        return transport().get(url.apply(token), headers, errors).thenCompose(body -> {
            ModelPage p = page.apply(body);
            acc.addAll(p.ids());
            if (p.next() != null && !p.next().isBlank() && !p.next().equals(token) && acc.size() < 100_000) {
                return nextPage(acc, p.next(), url, headers, errors, page);
            }
            return CompletableFuture.completedFuture(acc);
        });
    }

    /** Nothing to release: connections and threads belong to the shared client and time out when idle. */
    @Override
    public void cleanup() {
        // shared OkHttp client; idle connections are evicted by its pool
    }
}
