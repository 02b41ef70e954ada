package dev.spoon.workbench.providers;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.FileConfig;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Providers pane's state and commands (no Nodes): the provider list with capabilities, configured state
 * and health; the editor of the selected provider; keys in the {@code SecretStore}; routing (default
 * provider, fallback chain, load balancing); local server detection; "Test connection". Every file, key
 * store and network action runs through the {@code TaskExecutor}; properties change on the UI thread.
 */
public final class ProvidersViewModel {

    /** What the editor is doing. */
    public enum State { IDLE, SAVING, TESTING, FAILED }

    /** Instance names for custom endpoints. */
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,40}";

    private final WorkbenchContext context;
    private final ProviderEditor editor = new ProviderEditor();
    private final ObservableList<ProviderRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty testResult = new SimpleStringProperty(this, "testResult", "");
    private final BooleanProperty testOk = new SimpleBooleanProperty(this, "testOk");
    private final StringProperty keySource = new SimpleStringProperty(this, "keySource", "");
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty defaultProvider = new SimpleStringProperty(this, "defaultProvider");
    private final ObservableList<String> fallbackChain = FXCollections.observableArrayList();
    private final StringProperty loadBalancing = new SimpleStringProperty(this, "loadBalancing", "none");
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final BooleanProperty routingDirty = new SimpleBooleanProperty(this, "routingDirty");
    private final Map<String, String> health = new ConcurrentHashMap<>();
    private final Map<String, String> detected = new ConcurrentHashMap<>();
    private final Consumer<SpoonConfig> configListener;

    public ProvidersViewModel(WorkbenchContext context) {
        this.context = context;
        configListener = cfg -> context.executor().ui(this::refresh);
        context.configuration().addListener(configListener);
        refresh();
        loadRouting();
        fallbackChain.addListener((javafx.collections.ListChangeListener<String>) c -> routingDirty.set(true));
        defaultProvider.addListener((o, a, b) -> routingDirty.set(true));
        loadBalancing.addListener((o, a, b) -> routingDirty.set(true));
        routingDirty.set(false);
    }

    /** Stops listening to configuration changes (pane disposed). */
    public void dispose() {
        context.configuration().removeListener(configListener);
    }

    // ------------------------------------------------------------------ list

    /** Rebuilds the list from the configuration, the registry, health results and detected servers. */
    public void refresh() {
        SpoonConfig cfg = context.configuration().config();
        List<ProviderRow> out = new ArrayList<>();
        for (ProviderConfig pc : cfg.providers().values()) {
            boolean registered = context.registry().contains(pc.type());
            String h = health.get(pc.name());
            if (h == null) {
                Optional<HealthStatus> hs = context.core().health().status(pc.name());
                h = hs.map(ProvidersViewModel::describe).orElse(null);
            }
            out.add(new ProviderRow(pc.name(), pc.type(), registered,
                    registered ? context.registry().entry(pc.type()).capabilities() : Set.of(),
                    ConfigurationManager.isConfigured(pc), !ConfigurationManager.BUILT_IN.contains(pc.name()), h,
                    detected.get(pc.name())));
        }
        rows.setAll(out);
        names.setAll(cfg.providers().keySet());
        if (selected.get() != null && !cfg.providers().containsKey(selected.get())) {
            selected.set(null);
        }
    }

    private static String describe(HealthStatus s) {
        return s.healthy() ? "\u2713 " + s.latencyMs() + " ms" : "\u2717 " + s.errorType() + ": " + s.error();
    }

    /** Shows provider {@code name} in the editor; its stored key is read in the background. */
    public void select(String name) {
        selected.set(name);
        testResult.set("");
        message.set("");
        models.clear();
        if (name == null) {
            return;
        }
        ProviderConfig effective = context.configuration().loadProviderConfig(name);
        FileConfig.ProviderTable table = context.configuration().fileConfig().provider(name);
        boolean inFile = table != null && !ConfigurationManager.isPlaceholder(table.apiKey());
        background(() -> inFile ? Optional.of(table.apiKey()) : context.secrets().get(name), stored -> {
            if (!name.equals(selected.get())) {
                return;
            }
            editor.load(table, stored.orElse(null), inFile);
            keySource.set(inFile ? "Key: in the config file (plain text)"
                    : stored.isPresent() ? "Key: " + context.secrets().description()
                    : effective.hasApiKey() ? "Key: from the environment (e.g. " + name.toUpperCase(java.util.Locale.ROOT)
                    + "_API_KEY); a key saved here is used when that is unset"
                    : ConfigurationManager.KEY_REQUIRED.contains(effective.type()) ? "Key: none \u2014 this provider"
                    + " needs one" : "Key: not needed");
            state.set(State.IDLE);
        });
    }

    // ------------------------------------------------------------------ editor commands

    /**
     * Saves the editor: the key to the key store (unless the user chose the config file), the other fields
     * to the config file, keeping every other key of the file.
     */
    public CompletableFuture<Void> save() {
        String name = selected.get();
        if (name == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (!editor.validProperty().get()) {
            message.set("Not saved: " + editor.firstError());
            state.set(State.FAILED);
            return CompletableFuture.completedFuture(null);
        }
        if (context.startupProblem() != null) {
            message.set("Not saved: the configuration file could not be read at start-up (" + context.startupProblem()
                    + "). Fix it by hand first, so nothing in it is lost.");
            state.set(State.FAILED);
            return CompletableFuture.completedFuture(null);
        }
        state.set(State.SAVING);
        boolean keyEdited = editor.keyEdited();
        boolean keyInFile = editor.keyInConfigFileProperty().get();
        String key = editor.apiKeyProperty().get().strip();
        return background(() -> {
            context.configuration().edit(e -> editor.applyTo(e.provider(name)));
            return context.configuration().file();
        }, file -> {
            select(name);
            message.set("Saved " + name + " to " + file + (keyEdited && !keyInFile && !key.isEmpty()
                    ? "; key saved in the " + context.secrets().description() : ""));
        });
    }

    /** Throws away unsaved edits. */
    public void revert() {
        select(selected.get());
    }

    /**
     * Sends a real one-token request with the edited settings and shows the latency, or the provider's
     * error with its status and what to do.
     */
    public CompletableFuture<Void> testConnection() {
        String name = selected.get();
        if (name == null || !editor.validProperty().get()) {
            testResult.set(name == null ? "" : "Fix the fields first: " + editor.firstError());
            testOk.set(false);
            return CompletableFuture.completedFuture(null);
        }
        ProviderConfig pc = edited(name);
        if (pc == null) {
            return CompletableFuture.completedFuture(null);
        }
        state.set(State.TESTING);
        testResult.set("Testing " + name + "\u2026");
        return background(() -> {
            long t0 = System.nanoTime();
            LlmProvider p = null;
            try {
                p = context.registry().create(pc, context.core().providerContext());
                LlmResponse r = p.chat(ChatRequest.builder().message(dev.spoon.llm.Message.user("ping"))
                        .maxTokens(1).tag("origin", "providers-test").build()).get(60, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                return new TestOutcome(true, "\u2713 Connected in " + ms + " ms \u2014 " + r.model() + " answered",
                        "\u2713 " + ms + " ms");
            } catch (Exception e) {
                LlmException le = LlmProvider.unwrap(e instanceof java.util.concurrent.ExecutionException
                        ? e.getCause() : e);
                String msg = le.providerMessage() != null ? le.providerMessage() : le.getMessage();
                String text = "\u2717 " + le.errorType() + (le.status() != null ? " (HTTP " + le.status() + ")" : "")
                        + ": " + msg + (le.guiHint() != null ? "\n" + le.guiHint() : "");
                return new TestOutcome(false, text, "\u2717 " + le.errorType());
            } finally {
                if (p != null) {
                    p.cleanup();
                }
            }
        }, outcome -> {
            testOk.set(outcome.ok());
            testResult.set(outcome.text());
            health.put(name, outcome.badge());
            state.set(outcome.ok() ? State.IDLE : State.FAILED);
            refresh();
        });
    }

    /** The settings Save would produce for {@code name}, or null (with the reason shown) when they are invalid. */
    private ProviderConfig edited(String name) {
        try {
            return ConfigurationManager.providerOf(context.configuration().preview(e -> editor.applyTo(e.provider(name))),
                    name);
        } catch (LlmException e) {
            testResult.set("\u2717 " + e.getMessage());
            testOk.set(false);
            return null;
        }
    }

    private record TestOutcome(boolean ok, String text, String badge) {
    }

    /** Fills {@link #models()} from the provider's live list (with the edited settings), in the background. */
    public CompletableFuture<Void> loadModels() {
        String name = selected.get();
        if (name == null || !editor.validProperty().get()) {
            return CompletableFuture.completedFuture(null);
        }
        ProviderConfig pc = edited(name);
        if (pc == null) {
            return CompletableFuture.completedFuture(null);
        }
        return background(() -> {
            LlmProvider p = context.registry().create(pc, context.core().providerContext());
            try {
                return p.listModels().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                LlmException le = LlmProvider.unwrap(e instanceof java.util.concurrent.ExecutionException
                        ? e.getCause() : e);
                throw le;
            } finally {
                p.cleanup();
            }
        }, list -> {
            models.setAll(list);
            message.set(list.isEmpty() ? "The provider listed no models; type a model name" : "");
        });
    }

    // ------------------------------------------------------------------ custom endpoints

    /**
     * Adds a custom provider instance.
     *
     * @return null when it was accepted (it is saved in the background), else what is wrong with the input
     */
    public String addCustom(String name, String type, String baseUrl) {
        String n = name == null ? "" : name.strip();
        if (!n.matches(NAME_PATTERN)) {
            return "Name must be lowercase letters, digits, - or _ (e.g. mylocal)";
        }
        if (context.configuration().config().providers().containsKey(n)) {
            return "A provider named '" + n + "' already exists";
        }
        String url = baseUrl == null ? "" : baseUrl.strip();
        String urlError = ProviderEditor.url(url, Set.of("http", "https"),
                "Base URL must be a full http(s) URL, e.g. http://127.0.0.1:1234/v1");
        if (url.isEmpty() || urlError != null) {
            return urlError != null ? urlError : "A custom endpoint needs its base URL";
        }
        background(() -> context.configuration().edit(e -> e.provider(n)
                .type(type == null || type.isBlank() ? "openai-compatible" : type).baseUrl(url)), cfg -> {
            select(n);
            message.set("Added " + n);
        });
        return null;
    }

    /** Removes custom provider {@code name} from the file (and routing), and its stored key. */
    public CompletableFuture<Void> remove(String name) {
        if (name == null || ConfigurationManager.BUILT_IN.contains(name)) {
            message.set("Built-in providers cannot be removed; leave them unconfigured instead");
            return CompletableFuture.completedFuture(null);
        }
        return background(() -> context.configuration().edit(e -> e.removeProvider(name)), cfg -> {
            message.set("Removed " + name);
            loadRouting();
        });
    }

    // ------------------------------------------------------------------ routing

    private void loadRouting() {
        SpoonConfig cfg = context.configuration().config();
        String inFile = context.configuration().fileConfig().defaultProvider();
        defaultProvider.set(inFile != null ? inFile : cfg.defaultProvider());
        fallbackChain.setAll(cfg.fallbackChain());
        loadBalancing.set(cfg.loadBalancing());
        routingDirty.set(false);
    }

    /** Moves a fallback chain entry (drag and drop). */
    public void moveInChain(int from, int to) {
        if (from < 0 || from >= fallbackChain.size() || to < 0 || to >= fallbackChain.size() || from == to) {
            return;
        }
        String p = fallbackChain.remove(from);
        fallbackChain.add(to, p);
    }

    /** Saves default provider, fallback chain and load balancing, keeping the rest of the file. */
    public CompletableFuture<Void> saveRouting() {
        String def = defaultProvider.get();
        List<String> chain = List.copyOf(fallbackChain);
        String lb = loadBalancing.get();
        return background(() -> context.configuration().edit(e -> e.routing(def, chain).loadBalancing(lb)), cfg -> {
            message.set("Saved routing: default " + def + ", fallback " + (chain.isEmpty() ? "none"
                    : String.join(" \u2192 ", chain)) + ", load balancing " + lb);
            routingDirty.set(false);
        });
    }

    // ------------------------------------------------------------------ detection and health

    /** Looks for Ollama and LM Studio on localhost in the background and marks them in the list. */
    public CompletableFuture<Void> detectLocal(LocalServerProbe probe, Map<String, String> baseUrls) {
        return background(() -> {
            Map<String, String> found = new java.util.LinkedHashMap<>();
            baseUrls.forEach((name, url) -> probe.probe(url).ifPresent(models ->
                    found.put(name, "running on " + url.replaceFirst("^https?://", "").replaceFirst("/v1$", "")
                            + ", " + models.size() + (models.size() == 1 ? " model" : " models"))));
            return found;
        }, found -> {
            detected.clear();
            detected.putAll(found);
            refresh();
        });
    }

    /** Runs the health monitor's check of every configured provider (real requests). */
    public CompletableFuture<Void> checkAll() {
        message.set("Checking every configured provider\u2026");
        return background(() -> context.core().health().checkAll().join(), statuses -> {
            statuses.forEach((n, s) -> health.put(n, describe(s)));
            long bad = statuses.values().stream().filter(s -> !s.healthy()).count();
            message.set("Checked " + statuses.size() + " providers" + (bad > 0 ? ", " + bad + " failing" : ", all fine"));
            refresh();
        });
    }

    // ------------------------------------------------------------------ plumbing

    private <T> CompletableFuture<Void> background(Supplier<T> work, Consumer<T> onUi) {
        return context.executor().submit(work).handle((r, e) -> {
            context.executor().ui(() -> {
                if (e == null) {
                    onUi.accept(r);
                } else {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    message.set(c instanceof LlmException le && le.providerMessage() != null ? le.providerMessage()
                            : c.getMessage());
                    state.set(State.FAILED);
                }
            });
            return null;
        });
    }

    public ProviderEditor editor() {
        return editor;
    }

    public ObservableList<ProviderRow> rows() {
        return rows;
    }

    public ObjectProperty<String> selectedProperty() {
        return selected;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    /** The last save/add/remove outcome or error. */
    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty testResultProperty() {
        return testResult;
    }

    public BooleanProperty testOkProperty() {
        return testOk;
    }

    /** Where the selected provider's key comes from. */
    public StringProperty keySourceProperty() {
        return keySource;
    }

    /** Which key store is in use. */
    public String keyStoreDescription() {
        return context.secrets().description();
    }

    public ObservableList<String> models() {
        return models;
    }

    public StringProperty defaultProviderProperty() {
        return defaultProvider;
    }

    public ObservableList<String> fallbackChain() {
        return fallbackChain;
    }

    public StringProperty loadBalancingProperty() {
        return loadBalancing;
    }

    /** Every provider instance name (for the routing pickers). */
    public ObservableList<String> names() {
        return names;
    }

    public BooleanProperty routingDirtyProperty() {
        return routingDirty;
    }

    /** Registered provider types a custom endpoint can use; {@code openai-compatible} first. */
    public List<String> customTypes() {
        List<String> out = new ArrayList<>(List.of("openai-compatible"));
        for (String n : context.registry().names()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

}
