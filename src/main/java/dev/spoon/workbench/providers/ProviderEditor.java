package dev.spoon.workbench.providers;

import dev.spoon.llm.config.ConfigEdit;
import dev.spoon.llm.config.FileConfig;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The editable settings of one provider as the user types them, validated on every change. Fields hold
 * what the configuration <i>file</i> says (blank: not set, the default or the environment applies); the
 * effective values are offered as prompts. {@link #applyTo} sets only these keys through the typed
 * configuration edit, leaving every other key alone. UI-thread only.
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
     * Shows what the configuration file says about a provider ({@code table} may be null when it says nothing).
     *
     * @param storedKey the key to show masked (from the file or the key store), or null
     */
    public void load(FileConfig.ProviderTable table, String storedKey, boolean keyInFile) {
        loading = true;
        try {
            errors.clear();
            FileConfig.ProviderTable t = table == null ? FileConfig.ProviderTable.EMPTY : table;
            baseUrl.set(text(t.baseUrl()));
            model.set(text(t.model()));
            maxTokens.set(text(t.maxTokens()));
            temperature.set(text(t.temperature()));
            timeout.set(text(t.timeoutS()));
            proxy.set(text(t.proxy()));
            weight.set(text(t.weight()));
            StringBuilder h = new StringBuilder();
            t.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append('\n'));
            headers.set(h.toString().strip());
            apiKey.set(storedKey == null ? "" : storedKey);
            keyInConfigFile.set(keyInFile);
            keyEdited = false;
            dirty.set(false);
        } finally {
            loading = false;
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return fmt(d);
        }
        return String.valueOf(v);
    }

    /**
     * Writes the edited settings into {@code edit}: blank fields are removed from the file (the default or the
     * environment applies again). When the key field was changed, the key goes to the key store, or to the file
     * when the user chose so; a cleared key field removes the key from both.
     */
    public void applyTo(ConfigEdit.ProviderEdit edit) {
        edit.baseUrl(baseUrl.get()).model(model.get())
                .maxTokens(maxTokens.get().isBlank() ? null : Integer.valueOf(maxTokens.get().strip()))
                .temperature(number(temperature.get()))
                .timeoutSeconds(number(timeout.get()))
                .proxy(proxy.get())
                .weight(number(weight.get()))
                .headers(parseHeaders(headers.get()));
        if (keyEdited) {
            String key = apiKey.get().strip();
            boolean inFile = keyInConfigFile.get() && !key.isEmpty();
            edit.apiKeyInFile(inFile ? key : null).storedKey(inFile ? null : key);
        }
    }

    private static Double number(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
    }

    /** Whether the key field was changed since {@link #load} (it then goes to the key store or the file). */
    public boolean keyEdited() {
        return keyEdited;
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
