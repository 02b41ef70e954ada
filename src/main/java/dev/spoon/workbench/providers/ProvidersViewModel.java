package dev.spoon.workbench.providers;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Providers pane's state and commands (no Nodes): the provider list with capabilities, configured state,
 * health and local detection; the editor of the selected provider and where its key goes ({@link KeyNote});
 * custom endpoints; routing ({@link RoutingViewModel}). Saving goes through the configuration's typed edit;
 * "Test connection" tests exactly what Save would save ({@link ConfigurationManager#preview}). Work runs on the
 * background executor or as the core's own futures ({@link PaneTasks}); properties change on the UI thread.
 */
public final class ProvidersViewModel {

    /** What the editor is doing. */
    public enum State { IDLE, SAVING, TESTING, FAILED }

    /** Instance names for custom endpoints. */
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,40}";

    private final WorkbenchContext context;
    private final ConfigurationManager configuration;
    private final PaneTasks tasks;
    private final ProviderChecks checks;
    private final ProviderEditor editor = new ProviderEditor();
    private final RoutingViewModel routing = new RoutingViewModel();
    private final ProviderList list;
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<ProviderConfig> effective = new SimpleObjectProperty<>(this, "effective");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final StringProperty testResult = new SimpleStringProperty(this, "testResult", "");
    private final BooleanProperty testOk = new SimpleBooleanProperty(this, "testOk");
    private final StringProperty keySource = new SimpleStringProperty(this, "keySource", "");
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final Consumer<SpoonConfig> configListener;
    private KeyNote keyNote;

    public ProvidersViewModel(WorkbenchContext context) {
        this.context = context;
        this.configuration = context.configuration();
        this.tasks = new PaneTasks(context.executor(), this::fail);
        this.checks = new ProviderChecks(context);
        this.list = new ProviderList(context);
        configListener = cfg -> context.executor().ui(this::configChanged);
        configuration.addListener(configListener);
        editor.apiKeyProperty().addListener((o, a, b) -> showKeyNote());
        editor.keyInConfigFileProperty().addListener((o, a, b) -> showKeyNote());
        editor.keyEditedProperty().addListener((o, a, b) -> showKeyNote());
        refresh();
        routing.load(configuration.config());
    }

    /** Stops listening to configuration changes (pane disposed). */
    public void dispose() {
        configuration.removeListener(configListener);
    }

    private void configChanged() {
        refresh();
        if (!routing.dirtyProperty().get()) {
            routing.load(configuration.config());
        }
    }

    private void fail(String line) {
        message.set(line);
        state.set(State.FAILED);
    }

    // ------------------------------------------------------------------ list

    /** Rebuilds the list from the configuration, the registry, health results and detected servers. */
    public void refresh() {
        SpoonConfig cfg = configuration.config();
        list.refresh(cfg);
        if (selected.get() != null && !cfg.providers().containsKey(selected.get())) {
            selected.set(null);
        }
    }

    /** Shows provider {@code name} in the editor; its stored key is read in the background. */
    public CompletableFuture<Void> select(String name) {
        selected.set(name);
        testResult.set("");
        message.set("");
        models.clear();
        if (name == null) {
            effective.set(null);
            return CompletableFuture.completedFuture(null);
        }
        ProviderConfig effective = configuration.loadProviderConfig(name);
        this.effective.set(effective);
        FileConfig.ProviderTable table = configuration.fileConfig().provider(name);
        String fileKey = table != null && !ConfigurationManager.isPlaceholder(table.apiKey()) ? table.apiKey() : null;
        return tasks.disk(() -> fileKey != null ? Optional.<String>empty() : context.secrets().get(name), stored -> {
            if (!name.equals(selected.get())) {
                return;
            }
            keyNote = KeyNote.of(effective, table, fileKey, stored.orElse(null), context.secrets().description());
            editor.load(table, fileKey != null ? fileKey : stored.orElse(null), fileKey != null);
            showKeyNote();
            state.set(State.IDLE);
        });
    }

    private KeyNote.Action keyAction() {
        return keyNote == null ? KeyNote.Action.NOTHING : keyNote.action(editor.keyEdited(),
                editor.apiKeyProperty().get(), editor.keyInConfigFileProperty().get());
    }

    private void showKeyNote() {
        keySource.set(keyNote == null ? "" : keyNote.describe(keyAction()));
    }

    // ------------------------------------------------------------------ editor commands

    /**
     * Saves the editor through the configuration's typed edit: the other fields to the config file, the key to
     * the key store (or to the file when the user chose so), keeping every other key of the file. The message
     * says what happened to the key.
     */
    public CompletableFuture<Void> save() {
        String name = selected.get();
        if (name == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (!editor.validProperty().get()) {
            fail("Not saved: " + editor.firstError());
            return CompletableFuture.completedFuture(null);
        }
        if (context.startupProblem() != null) {
            fail("Not saved: the configuration file could not be read at start-up (" + context.startupProblem()
                    + "). Fix it by hand first, so nothing in it is lost.");
            return CompletableFuture.completedFuture(null);
        }
        state.set(State.SAVING);
        String keyDone = keyNote == null ? "" : keyNote.done(keyAction());
        return tasks.diskThen(() -> {
            configuration.edit(e -> editor.applyTo(e.provider(name)));
            return configuration.file();
        }, file -> select(name).thenRun(() -> message.set("Saved " + name + " to " + file + keyDone)));
    }

    /** Throws away unsaved edits. */
    public void revert() {
        select(selected.get());
    }

    /**
     * Runs the provider's health check (a real one-token request) with the settings Save would save (edited
     * fields, and the key as Save would leave it) and shows the latency, the provider's error with its status
     * and what to do, or that a local server is not running.
     */
    public CompletableFuture<Void> testConnection() {
        String name = selected.get();
        ProviderConfig pc = name == null ? null : edited(name);
        if (pc == null) {
            return CompletableFuture.completedFuture(null);
        }
        state.set(State.TESTING);
        testResult.set("Testing " + name + "\u2026");
        return tasks.call(checks.test(pc), ProviderChecks.CALL_LIMIT.plusSeconds(5), outcome -> {
            testOk.set(outcome.ok());
            testResult.set(outcome.text());
            list.health(name, outcome.badge());
            state.set(outcome.ok() ? State.IDLE : State.FAILED);
            refresh();
        }, null);
    }

    /** Fills {@link #models()} from the provider's live list (with the edited settings). */
    public CompletableFuture<Void> loadModels() {
        String name = selected.get();
        ProviderConfig pc = name == null ? null : edited(name);
        if (pc == null) {
            return CompletableFuture.completedFuture(null);
        }
        return tasks.call(checks.models(pc), ProviderChecks.CALL_LIMIT, list -> {
            models.setAll(list);
            message.set(list.isEmpty() ? "The provider listed no models; type a model name" : "");
        }, line -> fail("Could not load the model list: " + line));
    }

    /** The settings Save would produce for {@code name}, or null (the reason shown) when they are invalid. */
    private ProviderConfig edited(String name) {
        if (!editor.validProperty().get()) {
            testResult.set("Fix the fields first: " + editor.firstError());
            testOk.set(false);
            return null;
        }
        try {
            return ConfigurationManager.providerOf(configuration.preview(e -> editor.applyTo(e.provider(name))),
                    name);
        } catch (LlmException e) {
            testResult.set("\u2717 " + e.getMessage());
            testOk.set(false);
            return null;
        }
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
        if (configuration.config().providers().containsKey(n)) {
            return "A provider named '" + n + "' already exists";
        }
        String url = baseUrl == null ? "" : baseUrl.strip();
        if (url.isEmpty()) {
            return "A custom endpoint needs its base URL, e.g. http://127.0.0.1:1234/v1";
        }
        String problem = ConfigurationManager.checkProviderValue(ProviderEditor.BASE_URL, url);
        if (problem != null) {
            return "Base URL: " + problem;
        }
        String t = type == null || type.isBlank() ? "openai-compatible" : type;
        tasks.diskThen(() -> configuration.edit(e -> e.provider(n).type(t).baseUrl(url)),
                cfg -> select(n).thenRun(() -> message.set("Added " + n)));
        return null;
    }

    /** Removes custom provider {@code name} from the file (and routing), and its stored key. */
    public CompletableFuture<Void> remove(String name) {
        if (name == null || ConfigurationManager.BUILT_IN.contains(name)) {
            message.set("Built-in providers cannot be removed; leave them unconfigured instead");
            return CompletableFuture.completedFuture(null);
        }
        return tasks.disk(() -> configuration.edit(e -> e.removeProvider(name)), cfg -> {
            message.set("Removed " + name);
            routing.load(cfg);
        });
    }

    // ------------------------------------------------------------------ routing

    /** Saves default provider, fallback chain and load balancing, keeping the rest of the file. */
    public CompletableFuture<Void> saveRouting() {
        return tasks.disk(() -> configuration.edit(routing.edit()), cfg -> {
            routing.load(cfg);
            message.set("Saved routing: " + routing.summary(cfg));
            state.set(State.IDLE);
        });
    }

    // ------------------------------------------------------------------ detection and health

    /** Asks local servers ({@code names}, e.g. ollama and lmstudio) for their models, and marks them in the list. */
    public CompletableFuture<Void> detectLocal(List<String> localNames) {
        return tasks.call(checks.detectLocal(localNames), ProviderChecks.LOCAL_LIMIT.plusSeconds(2), found -> {
            list.detected(found);
            refresh();
        }, null);
    }

    /** Runs the health monitor's check of every configured provider (real requests). */
    public CompletableFuture<Void> checkAll() {
        message.set("Checking every configured provider\u2026");
        return tasks.call(checks.checkAll(), ProviderChecks.CALL_LIMIT, statuses -> {
            statuses.forEach(list::health);
            long bad = statuses.values().stream().filter(HealthStatus::failed).count(); // not running is no failure
            message.set("Checked " + statuses.size() + " providers" + (bad > 0 ? ", " + bad + " failing" : ", all fine"));
            refresh();
        }, line -> fail("Health check failed: " + line));
    }

    // ------------------------------------------------------------------ properties

    public ProviderEditor editor() {
        return editor;
    }

    public RoutingViewModel routing() {
        return routing;
    }

    public ObservableList<ProviderRow> rows() {
        return list.rows();
    }

    public ObjectProperty<String> selectedProperty() {
        return selected;
    }

    /** The selected provider's effective settings (what applies where a field is blank), or null. */
    public ObjectProperty<ProviderConfig> effectiveProperty() {
        return effective;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    /** The last save/add/remove/check outcome or error. */
    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty testResultProperty() {
        return testResult;
    }

    public BooleanProperty testOkProperty() {
        return testOk;
    }

    /** Where the selected provider's key comes from, or what Save will do to it: the one key line. */
    public StringProperty keySourceProperty() {
        return keySource;
    }

    public ObservableList<String> models() {
        return models;
    }

    /** Every provider instance name (for the routing pickers). */
    public ObservableList<String> names() {
        return list.names();
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
