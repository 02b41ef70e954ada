package dev.spoon.workbench.providers;

import dev.spoon.llm.config.ConfigEdit;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.FileConfig;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editable settings of one provider as the user types them, checked on every change by the configuration's
 * own rules ({@link ConfigurationManager#checkProviderValue}). Fields hold what the configuration <i>file</i>
 * says (blank: not set, the default or the environment applies); the effective values are offered as prompts.
 * {@link #applyTo} sets only these keys through the typed configuration edit, leaving every other key alone.
 * UI-thread only.
 */
public final class ProviderEditor {
    /** Field names: the provider keys of the configuration, also the keys of {@link #errors()}. */
    public static final String BASE_URL = "base_url";
    public static final String MODEL = "model";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String TEMPERATURE = "temperature";
    public static final String TIMEOUT = "timeout_s";
    public static final String PROXY = "proxy";
    public static final String HEADERS = "headers";
    public static final String WEIGHT = "weight";
    private static final List<String> FIELDS = List.of(BASE_URL, MODEL, MAX_TOKENS, TEMPERATURE, TIMEOUT, PROXY,
            HEADERS, WEIGHT);

    private final Map<String, StringProperty> fields = new LinkedHashMap<>();
    private final StringProperty apiKey = new SimpleStringProperty(this, "apiKey", "");
    private final BooleanProperty keyInConfigFile = new SimpleBooleanProperty(this, "keyInConfigFile");
    private final BooleanProperty dirty = new SimpleBooleanProperty(this, "dirty");
    private final ReadOnlyBooleanWrapper keyEdited = new ReadOnlyBooleanWrapper(this, "keyEdited");
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final BooleanBinding valid = Bindings.isEmpty(errors);
    private boolean loading;

    public ProviderEditor() {
        for (String key : FIELDS) {
            StringProperty p = new SimpleStringProperty(this, key, "");
            fields.put(key, p);
            p.addListener((o, a, b) -> {
                String err = check(key, b == null ? "" : b.strip());
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
        apiKey.addListener((o, a, b) -> keyChanged());
        keyInConfigFile.addListener((o, a, b) -> keyChanged());
    }

    private void keyChanged() {
        if (!loading) {
            keyEdited.set(true);
            dirty.set(true);
        }
    }

    /** What is wrong with {@code text} in field {@code key}, prefixed with the field's label, or null. */
    private static String check(String key, String text) {
        if (key.equals(HEADERS)) {
            return headersError(text);
        }
        String problem = ConfigurationManager.checkProviderValue(key, text);
        return problem == null ? null : label(key) + ": " + problem;
    }

    /** The field's label as the pane shows it. */
    static String label(String key) {
        return switch (key) {
            case BASE_URL -> "Base URL";
            case MODEL -> "Model";
            case MAX_TOKENS -> "Max tokens";
            case TEMPERATURE -> "Temperature";
            case TIMEOUT -> "Timeout (s)";
            case PROXY -> "Proxy";
            case HEADERS -> "Headers";
            case WEIGHT -> "Weight";
            default -> key;
        };
    }

    /**
     * Shows what the configuration file says about a provider ({@code table} may be null when it says nothing).
     *
     * @param shownKey the key to show masked (from the file or the key store), or null
     */
    public void load(FileConfig.ProviderTable table, String shownKey, boolean keyInFile) {
        loading = true;
        try {
            errors.clear();
            FileConfig.ProviderTable t = table == null ? FileConfig.ProviderTable.EMPTY : table;
            field(BASE_URL).set(text(t.baseUrl()));
            field(MODEL).set(text(t.model()));
            field(MAX_TOKENS).set(text(t.maxTokens()));
            field(TEMPERATURE).set(text(t.temperature()));
            field(TIMEOUT).set(text(t.timeoutS()));
            field(PROXY).set(text(t.proxy()));
            field(WEIGHT).set(text(t.weight()));
            StringBuilder h = new StringBuilder();
            t.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append('\n'));
            field(HEADERS).set(h.toString().strip());
            apiKey.set(shownKey == null ? "" : shownKey);
            keyInConfigFile.set(keyInFile);
            keyEdited.set(false);
            dirty.set(false);
        } finally {
            loading = false;
        }
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return v == null ? "" : String.valueOf(v);
    }

    /**
     * Writes the edited settings into {@code edit}: blank fields are removed from the file (the default or the
     * environment applies again). When the key field was changed, the key goes to the key store, or to the file
     * when the user chose so; a cleared key field removes the key from both.
     *
     * @throws IllegalStateException when a field is invalid (check {@link #validProperty()} first)
     */
    public void applyTo(ConfigEdit.ProviderEdit edit) {
        if (!valid.get()) {
            throw new IllegalStateException(firstError());
        }
        String maxTokens = field(MAX_TOKENS).get().strip();
        edit.baseUrl(field(BASE_URL).get()).model(field(MODEL).get())
                .maxTokens(maxTokens.isEmpty() ? null : Integer.valueOf(maxTokens))
                .temperature(number(TEMPERATURE))
                .timeoutSeconds(number(TIMEOUT))
                .proxy(field(PROXY).get())
                .weight(number(WEIGHT))
                .headers(parseHeaders(field(HEADERS).get()));
        if (keyEdited.get()) {
            String key = apiKey.get().strip();
            boolean inFile = keyInConfigFile.get() && !key.isEmpty();
            edit.apiKeyInFile(inFile ? key : null).storedKey(inFile ? null : key);
        }
    }

    private Double number(String key) {
        String s = field(key).get().strip();
        return s.isEmpty() ? null : Double.valueOf(s);
    }

    /** One header per line, {@code Name: value}; each checked by the configuration's header rules. */
    static String headersError(String s) {
        int line = 0;
        for (String l : s.split("\n")) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                return "Headers line " + line + ": write one header per line as Name: value";
            }
            String problem = ConfigurationManager.checkHeader(l.substring(0, colon).strip(),
                    l.substring(colon + 1).strip());
            if (problem != null) {
                return "Headers line " + line + ": " + problem;
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

    private StringProperty field(String key) {
        return fields.get(key);
    }

    public StringProperty baseUrlProperty() {
        return field(BASE_URL);
    }

    public StringProperty modelProperty() {
        return field(MODEL);
    }

    public StringProperty maxTokensProperty() {
        return field(MAX_TOKENS);
    }

    public StringProperty temperatureProperty() {
        return field(TEMPERATURE);
    }

    public StringProperty timeoutProperty() {
        return field(TIMEOUT);
    }

    public StringProperty proxyProperty() {
        return field(PROXY);
    }

    public StringProperty headersProperty() {
        return field(HEADERS);
    }

    public StringProperty weightProperty() {
        return field(WEIGHT);
    }

    /** The key as typed (never logged). */
    public StringProperty apiKeyProperty() {
        return apiKey;
    }

    /** The user chose to keep the key in the config file (plain text) instead of the key store. */
    public BooleanProperty keyInConfigFileProperty() {
        return keyInConfigFile;
    }

    /** Whether the key field (or where it goes) was changed since {@link #load}. */
    public ReadOnlyBooleanProperty keyEditedProperty() {
        return keyEdited.getReadOnlyProperty();
    }

    public boolean keyEdited() {
        return keyEdited.get();
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

    /** The first error in the order of the form, for a one-line summary, or null. */
    public String firstError() {
        for (String k : FIELDS) {
            if (errors.containsKey(k)) {
                return errors.get(k);
            }
        }
        return null;
    }
}
