package dev.spoon.workbench;

import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.Usage;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.llm.registry.ProviderRegistry;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Objects;

/**
 * Everything a pane may use, handed to every pane factory: the core services, the background executor, the
 * theme, the app preferences, the request counter and a few shell-wide properties (active provider and model
 * for the status bar, the selected pane for navigation). Created once per window.
 *
 * <p>Thread rules: the JavaFX properties are read and written on the FX thread only.
 */
public final class WorkbenchContext {
    private final SpoonCore core;
    private final SecretStore secrets;
    private final TaskExecutor executor;
    private final ThemeManager theme;
    private final PreferencesStore preferences;
    private final RequestTracker requests;
    private final ProviderChoices providerChoices;
    private final ModelCatalog models;
    private final String startupProblem;
    private final StringProperty activeProvider = new SimpleStringProperty(this, "activeProvider");
    private final StringProperty activeModel = new SimpleStringProperty(this, "activeModel");
    private final ObjectProperty<Nav> selectedPane = new SimpleObjectProperty<>(this, "selectedPane", Nav.CHAT);

    /**
     * @param startupProblem why the user's configuration could not be used (the workbench then runs on
     *                       built-in defaults and refuses to overwrite the file), or null
     */
    public WorkbenchContext(SpoonCore core, SecretStore secrets, TaskExecutor executor, ThemeManager theme,
                            PreferencesStore preferences, String startupProblem) {
        this.core = Objects.requireNonNull(core);
        this.secrets = secrets == null ? SecretStore.NONE : secrets;
        this.executor = Objects.requireNonNull(executor);
        this.theme = Objects.requireNonNull(theme);
        this.preferences = Objects.requireNonNull(preferences);
        this.requests = new RequestTracker(executor);
        this.providerChoices = new ProviderChoices(core.configuration(), executor);
        this.models = new ModelCatalog(core.configuration(), core.manager(), executor);
        this.startupProblem = startupProblem;
        activeProvider.set(core.configuration().defaultProvider());
    }

    /** The core services (configuration, registry, manager, debug log, metrics). */
    public SpoonCore core() {
        return core;
    }

    public ConfigurationManager configuration() {
        return core.configuration();
    }

    public ProviderRegistry registry() {
        return core.registry();
    }

    public LlmManager manager() {
        return core.manager();
    }

    /** Every request of this process, for the Logs pane. */
    public DebugLogger debugLogger() {
        return core.debugLogger();
    }

    public MetricsCollector metrics() {
        return core.metrics();
    }

    /** Where API keys are kept (OS key store or the user-only key file). */
    public SecretStore secrets() {
        return secrets;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public ThemeManager theme() {
        return theme;
    }

    public PreferencesStore preferences() {
        return preferences;
    }

    public RequestTracker requests() {
        return requests;
    }

    /** The providers the panes may send to (one list for every provider box). */
    public ProviderChoices providerChoices() {
        return providerChoices;
    }

    /** Every provider's model list (one source for every model box). */
    public ModelCatalog models() {
        return models;
    }

    /**
     * The cost in US dollars of {@code usage} on {@code model}, from the configured prices (the core's one
     * price lookup: exact name, else the longest prefix), or null when the model has no price or there was no
     * usage.
     */
    public Double costOf(String model, Usage usage) {
        if (usage == null || model == null) {
            return null;
        }
        java.util.OptionalDouble c = core.metrics().priceTable().cost(model, usage);
        return c.isPresent() ? c.getAsDouble() : null;
    }

    /** Why the configuration file could not be loaded at start-up, or null when it was fine. */
    public String startupProblem() {
        return startupProblem;
    }

    /** The provider the chat console talks to (shown in the status bar). */
    public StringProperty activeProviderProperty() {
        return activeProvider;
    }

    /** The model the chat console asks for, or null for the provider's default. */
    public StringProperty activeModelProperty() {
        return activeModel;
    }

    /** The pane on screen; setting it switches panes. */
    public ObjectProperty<Nav> selectedPaneProperty() {
        return selectedPane;
    }

    /** Shows pane {@code nav}. */
    public void navigate(Nav nav) {
        selectedPane.set(nav);
    }
}
