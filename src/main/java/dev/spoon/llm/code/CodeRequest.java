package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.HttpProvider;
import dev.spoon.llm.providers.anthropic.AnthropicRequestParser;
import dev.spoon.llm.providers.openai.OpenAiRequestParser;
import dev.spoon.llm.providers.sim.SimProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A provider request as "View code" shows it: the exact URL, headers and JSON body, with every secret replaced by
 * a reference to an environment variable ({@link HeaderValue}). Made from a debug-log record (whose secrets were
 * masked at the source) or from the call a provider would make ({@link #fromCall}, masked here), so no snippet
 * ever holds a key.
 *
 * @param api         the wire API, which decides the SDK call
 * @param provider    the provider instance name ({@code spoon chat -p NAME})
 * @param method      the HTTP method
 * @param url         the URL; a masked key query parameter reads {@value Redactor#MASK} and is read from
 *                    {@code keyVariable}
 * @param headers     the headers worth writing (transport headers such as {@code User-Agent} left out)
 * @param body        the JSON body
 * @param stream      whether the answer is streamed
 * @param keyVariable the environment variable of the provider's key ({@code OPENAI_API_KEY}…)
 * @param chat        the request in the core's form, for {@code spoon chat}; null when the body cannot be read
 *                    back into one
 */
public record CodeRequest(WireApi api, String provider, String method, String url, Map<String, HeaderValue> headers,
                          JsonNode body, boolean stream, String keyVariable, ChatRequest chat) {

    /** Where a simulator request goes when sent from outside the application: {@code spoon serve}'s default. */
    public static final String GATEWAY_URL = "http://127.0.0.1:8787/v1";
    private static final Set<String> TRANSPORT_HEADERS = Set.of("content-length", "host", "user-agent",
            "accept-encoding", "connection");
    private static final Set<String> KEY_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key", "api-key");
    private static final Map<String, String> HOST_KEYS = Map.of("api.openai.com", "OPENAI_API_KEY",
            "api.anthropic.com", "ANTHROPIC_API_KEY", "generativelanguage.googleapis.com", "GEMINI_API_KEY",
            "openrouter.ai", "OPENROUTER_API_KEY", "api.deepseek.com", "DEEPSEEK_API_KEY");

    public CodeRequest {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Whether {@link #fromRecord} can show {@code r}: a provider request with a JSON body, sent or simulated. */
    public static boolean canShow(DebugRecord r) {
        if (r == null || r.kind() != DebugRecord.Kind.LLM || r.endpoint() == null
                || r.endpoint().startsWith("cache://")) {
            return false;
        }
        JsonNode body = r.requestBody() == null ? null : Json.tryParse(r.requestBody());
        return body != null && body.isObject();
    }

    /**
     * The request a debug-log record holds.
     *
     * @throws IllegalArgumentException when the record has no JSON request body (an MCP record, a cache hit)
     */
    public static CodeRequest fromRecord(DebugRecord r) {
        JsonNode body = r.requestBody() == null ? null : Json.tryParse(r.requestBody());
        if (r.kind() != DebugRecord.Kind.LLM || body == null || !body.isObject()) {
            throw new IllegalArgumentException("record " + r.requestId() + " holds no JSON request to show as code");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        r.requestHeaders().forEach((k, v) -> flat.put(k, v.isEmpty() ? "" : v.get(0)));
        return build(r.provider(), r.method(), r.endpoint(), flat, (ObjectNode) body, r.stream(),
                keyVariableOf(r.provider(), r.endpoint()));
    }

    /**
     * The request {@code call} (a provider's {@link HttpTransport.Call}, holding real keys) would send, with the
     * secrets of {@code provider}'s configuration masked first.
     */
    public static CodeRequest fromCall(HttpTransport.Call call, ProviderConfig provider) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        call.headers().forEach((k, v) -> raw.put(k, List.of(v)));
        Map<String, String> flat = new LinkedHashMap<>();
        Redactor.of(provider).headers(raw).forEach((k, v) -> flat.put(k, v.get(0)));
        String key = provider.keyVariable() != null ? provider.keyVariable()
                : keyVariableOf(provider.name(), call.url());
        return build(provider.name(), call.method(), Redactor.url(call.url()), flat,
                (ObjectNode) Json.tryParse(call.body()), call.stream(), key);
    }

    /**
     * The request {@code provider} would send for {@code request} (with {@code stream} as asked), built by the
     * provider itself and not sent: the code of a chat answer or a Compare column.
     *
     * @throws IllegalArgumentException for a provider that makes no single HTTP request (none built in)
     * @throws dev.spoon.llm.LlmException when the provider cannot build the request
     */
    public static CodeRequest preview(LlmProvider provider, ChatRequest request, boolean stream) {
        HttpTransport.Call call;
        if (provider instanceof HttpProvider h) {
            call = h.preview(request, stream);
        } else if (provider instanceof SimProvider s) {
            call = s.preview(request, stream);
        } else {
            throw new IllegalArgumentException(provider.getClass().getSimpleName() + " makes no HTTP request to show");
        }
        return fromCall(call, provider.config());
    }

    private static CodeRequest build(String provider, String method, String url, Map<String, String> rawHeaders,
                                     ObjectNode body, boolean stream, String keyVar) {
        WireApi api = WireApi.of(url);
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        if (api == WireApi.SIM) {
            String path = url.substring(url.indexOf("://") + 3);
            path = path.substring(path.indexOf('/'));
            url = GATEWAY_URL + path;
            body = body.deepCopy();
            body.put("model", provider + "/" + body.path("model").asText());
            headers.put("Content-Type", HeaderValue.literal("application/json"));
            keyVar = null;
        } else {
            for (Map.Entry<String, String> h : rawHeaders.entrySet()) {
                if (!TRANSPORT_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    headers.put(h.getKey(), value(h.getKey(), h.getValue(), keyVar));
                }
            }
            if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
                headers.put("Content-Type", HeaderValue.literal("application/json"));
            }
        }
        return new CodeRequest(api, provider, method == null ? "POST" : method, url, headers, body, stream, keyVar,
                chatOf(api, body));
    }

    private static HeaderValue value(String name, String value, String keyVar) {
        if (value == null || !value.contains(Redactor.MASK)) {
            return HeaderValue.literal(value == null ? "" : value);
        }
        String n = name.toLowerCase(Locale.ROOT);
        String prefix = value.substring(0, value.indexOf(Redactor.MASK));
        if (KEY_HEADERS.contains(n) && keyVar != null) {
            return HeaderValue.secret(keyVar, n.equals("authorization") && prefix.isEmpty() ? "Bearer " : prefix);
        }
        return HeaderValue.secret(envName(name), prefix);
    }

    /** {@code X-My-Header} → {@code X_MY_HEADER}: the variable a masked custom header is read from. */
    static String envName(String name) {
        String s = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "H_" + s : s;
    }

    /** The key variable of a provider: by its API host, else {@code NAME_API_KEY}. */
    static String keyVariableOf(String provider, String url) {
        for (Map.Entry<String, String> e : HOST_KEYS.entrySet()) {
            if (url != null && url.contains("://" + e.getKey())) {
                return e.getValue();
            }
        }
        return envName((provider == null || provider.isBlank() ? "provider" : provider) + "_API_KEY");
    }

    private static ChatRequest chatOf(WireApi api, JsonNode body) {
        try {
            return switch (api) {
                case OPENAI_CHAT, SIM -> OpenAiRequestParser.parse(body);
                case ANTHROPIC -> AnthropicRequestParser.parse(body);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The URL without its scheme, host and API prefix up to the version: the SDK's base URL. */
    String baseUrl() {
        return switch (api) {
            case OPENAI_CHAT, SIM -> strip(url, "/chat/completions");
            case OPENAI_RESPONSES -> strip(url, "/responses");
            case ANTHROPIC -> strip(url, "/v1/messages");
            case GEMINI -> url.substring(0, Math.max(0, url.indexOf("/models/")));
        };
    }

    private static String strip(String url, String tail) {
        int q = url.indexOf('?');
        String u = q < 0 ? url : url.substring(0, q);
        return u.endsWith(tail) ? u.substring(0, u.length() - tail.length()) : u;
    }

    /** The model the body names (Gemini: the one in the URL). */
    String model() {
        if (api == WireApi.GEMINI) {
            int m = url.indexOf("/models/");
            int colon = url.indexOf(':', m + 8);
            return m < 0 ? "" : url.substring(m + 8, colon < 0 ? url.length() : colon);
        }
        return body.path("model").asText("");
    }

    /** The headers an SDK does not set itself: all but the key, content type and accept headers. */
    Map<String, HeaderValue> extraHeaders() {
        Map<String, HeaderValue> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            String n = k.toLowerCase(Locale.ROOT);
            if (!KEY_HEADERS.contains(n) && !n.equals("content-type") && !n.equals("accept")
                    && !(n.equals("anthropic-version") && api == WireApi.ANTHROPIC)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
