package dev.spoon.workbench.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ProviderConfig;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The editable settings of one provider as the user types them, validated on every change. Fields hold
 * what the configuration <i>file</i> says (blank: not set, the default or the environment applies); the
 * effective values are offered as prompts. {@link #applyTo} writes only these keys into the provider's table,
 * leaving every other key alone. UI-thread only.
 */
public final class ProviderEditor {
    /** Field names, also the keys of {@link #errors()}. */
    public static final String BASE_URL = "base_url";
    public static final String MODEL = "model";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String TEMPERATURE = "temperature";
    public static final String TIMEOUT = "timeout_s";
    public static final String PROXY = "proxy";
    public static final String HEADERS = "headers";
    public static final String WEIGHT = "weight";

    private final StringProperty baseUrl = new SimpleStringProperty(this, BASE_URL, "");
    private final StringProperty model = new SimpleStringProperty(this, MODEL, "");
    private final StringProperty maxTokens = new SimpleStringProperty(this, MAX_TOKENS, "");
    private final StringProperty temperature = new SimpleStringProperty(this, TEMPERATURE, "");
    private final StringProperty timeout = new SimpleStringProperty(this, TIMEOUT, "");
    private final StringProperty proxy = new SimpleStringProperty(this, PROXY, "");
    private final StringProperty headers = new SimpleStringProperty(this, HEADERS, "");
    private final StringProperty weight = new SimpleStringProperty(this, WEIGHT, "");
    private final StringProperty apiKey = new SimpleStringProperty(this, "apiKey", "");
    private final BooleanProperty keyInConfigFile = new SimpleBooleanProperty(this, "keyInConfigFile");
    private final BooleanProperty dirty = new SimpleBooleanProperty(this, "dirty");
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final BooleanBinding valid = Bindings.isEmpty(errors);
    private boolean loading;
    private boolean keyEdited;

    public ProviderEditor() {
        watch(baseUrl, BASE_URL, s -> url(s, Set.of("http", "https"),
                "Base URL must be a full http(s) URL, e.g. https://api.example.com/v1"));
        watch(model, MODEL, s -> null);
        watch(maxTokens, MAX_TOKENS, s -> whole(s, 1, 10_000_000, "Max tokens"));
        watch(temperature, TEMPERATURE, s -> decimal(s, 0, 2, "Temperature"));
        watch(timeout, TIMEOUT, s -> decimal(s, 0.001, 86_400, "Timeout (seconds)"));
        watch(proxy, PROXY, s -> url(s, Set.of("http", "https", "socks", "socks5"),
                "Proxy must be a URL like http://127.0.0.1:3128 or socks5://127.0.0.1:1080"));
        watch(headers, HEADERS, ProviderEditor::headersError);
        watch(weight, WEIGHT, s -> decimal(s, 0, 1_000_000, "Weight"));
        apiKey.addListener((o, a, b) -> {
            if (!loading) {
                keyEdited = true;
                dirty.set(true);
            }
        });
        keyInConfigFile.addListener((o, a, b) -> {
            if (!loading) {
                keyEdited = true;
                dirty.set(true);
            }
        });
    }

    private void watch(StringProperty p, String key, Function<String, String> check) {
        p.addListener((o, a, b) -> {
            String err = check.apply(b == null ? "" : b.strip());
            if (err == null) {
                errors.remove(key);
            } else {
                errors.put(key, err);
            }
            if (!loading) {
                dirty.set(true);
            }
        });
    }

    /**
     * Shows the file's values of a provider table ({@code node} may be null when the file has none).
     *
     * @param storedKey the key to show masked (from the file or the key store), or null
     */
    public void load(JsonNode node, String storedKey, boolean keyInFile) {
        loading = true;
        try {
            errors.clear();
            JsonNode n = node == null ? Json0.EMPTY : node;
            baseUrl.set(text(n, BASE_URL));
            model.set(text(n, MODEL));
            maxTokens.set(text(n, MAX_TOKENS));
            temperature.set(text(n, TEMPERATURE));
            timeout.set(text(n, TIMEOUT));
            proxy.set(text(n, PROXY));
            weight.set(text(n, WEIGHT));
            StringBuilder h = new StringBuilder();
            n.path(HEADERS).fields().forEachRemaining(e -> h.append(e.getKey()).append(": ")
                    .append(e.getValue().asText()).append('\n'));
            headers.set(h.toString().strip());
            apiKey.set(storedKey == null ? "" : storedKey);
            keyInConfigFile.set(keyInFile);
            keyEdited = false;
            dirty.set(false);
        } finally {
            loading = false;
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** Writes the edited keys into {@code table} (a provider's table): blank fields are removed. */
    public void applyTo(ObjectNode table) {
        putText(table, BASE_URL, baseUrl.get());
        putText(table, MODEL, model.get());
        putNumber(table, MAX_TOKENS, maxTokens.get(), true);
        putNumber(table, TEMPERATURE, temperature.get(), false);
        putNumber(table, TIMEOUT, timeout.get(), false);
        putText(table, PROXY, proxy.get());
        putNumber(table, WEIGHT, weight.get(), false);
        Map<String, String> h = parseHeaders(headers.get());
        if (h.isEmpty()) {
            table.remove(HEADERS);
        } else {
            ObjectNode hn = table.putObject(HEADERS);
            h.forEach(hn::put);
        }
        if (keyEdited) {
            if (keyInConfigFile.get() && !apiKey.get().isBlank()) {
                table.put("api_key", apiKey.get().strip());
            } else {
                table.remove("api_key");
            }
        }
    }

    /** The effective settings with the edited values laid over them (for "Test connection" before saving). */
    public ProviderConfig overlay(ProviderConfig effective) {
        String key = apiKey.get().isBlank() ? effective.apiKey() : apiKey.get().strip();
        Map<String, String> h = headers.get().isBlank() ? effective.headers() : parseHeaders(headers.get());
        return new ProviderConfig(effective.name(), effective.type(), key,
                blankOr(baseUrl.get(), effective.baseUrl()), blankOr(model.get(), effective.model()),
                maxTokens.get().isBlank() ? effective.maxTokens() : Integer.valueOf(maxTokens.get().strip()),
                temperature.get().isBlank() ? effective.temperature() : Double.valueOf(temperature.get().strip()),
                timeout.get().isBlank() ? effective.timeout()
                        : Duration.ofMillis((long) (Double.parseDouble(timeout.get().strip()) * 1000)),
                blankOr(proxy.get(), effective.proxy()), h,
                weight.get().isBlank() ? effective.weight() : Double.parseDouble(weight.get().strip()),
                effective.options());
    }

    /** Whether the key field was changed since {@link #load} (it then goes to the key store or the file). */
    public boolean keyEdited() {
        return keyEdited;
    }

    private static String blankOr(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip();
    }

    private static void putText(ObjectNode t, String key, String v) {
        if (v == null || v.isBlank()) {
            t.remove(key);
        } else {
            t.put(key, v.strip());
        }
    }

    private static void putNumber(ObjectNode t, String key, String v, boolean whole) {
        if (v == null || v.isBlank()) {
            t.remove(key);
        } else if (whole) {
            t.put(key, Long.parseLong(v.strip()));
        } else {
            t.put(key, Double.parseDouble(v.strip()));
        }
    }

    // ------------------------------------------------------------------ validation (null = fine)

    static String url(String s, Set<String> schemes, String message) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getHost() == null
                    || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))) {
                return message;
            }
            return null;
        } catch (Exception e) {
            return message;
        }
    }

    static String whole(String s, long min, long max, String what) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseLong(s);
            return v < min || v > max ? what + " must be from " + min + " to " + max : null;
        } catch (NumberFormatException e) {
            return what + " must be a whole number";
        }
    }

    static String decimal(String s, double min, double max, String what) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(s);
            return v < min || v > max || Double.isNaN(v) ? what + " must be from " + fmt(min) + " to " + fmt(max)
                    : null;
        } catch (NumberFormatException e) {
            return what + " must be a number";
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String headersError(String s) {
        int line = 0;
        for (String l : s.split("\n")) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || !l.substring(0, colon).strip().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                return "Headers line " + line + ": write one header per line as Name: value";
            }
        }
        return null;
    }

    static Map<String, String> parseHeaders(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        for (String l : s.split("\n")) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                out.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            }
        }
        return out;
    }

    /** An empty JSON object, for a provider the file does not mention. */
    private static final class Json0 {
        static final JsonNode EMPTY = dev.spoon.llm.json.Json.MAPPER.createObjectNode();
    }

    public StringProperty baseUrlProperty() {
        return baseUrl;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty maxTokensProperty() {
        return maxTokens;
    }

    public StringProperty temperatureProperty() {
        return temperature;
    }

    public StringProperty timeoutProperty() {
        return timeout;
    }

    public StringProperty proxyProperty() {
        return proxy;
    }

    public StringProperty headersProperty() {
        return headers;
    }

    public StringProperty weightProperty() {
        return weight;
    }

    /** The key as typed (never logged). */
    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    /** The user chose to keep the key in the config file (plain text) instead of the key store. */
    public BooleanProperty keyInConfigFileProperty() {
        return keyInConfigFile;
    }

    public BooleanProperty dirtyProperty() {
        return dirty;
    }

    /** Field name → what is wrong with it; empty when everything is valid. */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    /** The first error, for a one-line summary, or null. */
    public String firstError() {
        for (String k : List.of(BASE_URL, MAX_TOKENS, TEMPERATURE, TIMEOUT, PROXY, HEADERS, WEIGHT)) {
            if (errors.containsKey(k)) {
                return errors.get(k);
            }
        }
        return null;
    }
}
