package dev.spoon.workbench;

import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The providers a pane may send to: every configured provider that has what it needs to run (a key where
 * one is required), in configuration order. One list for every pane's provider box, kept in step with the
 * configuration.
 *
 * <p>The list changes only when the set of providers changes, and then item by item: a combo box showing one
 * of its items keeps showing it (replacing every item would clear a combo box's selection, which left the
 * provider boxes blank and swallowed a click that landed during a refresh).
 *
 * <p>Thread rules: the list changes on the UI thread.
 */
public final class ProviderChoices implements AutoCloseable {
    private final ConfigurationManager configuration;
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ObservableList<String> readOnly = FXCollections.unmodifiableObservableList(names);
    private final Consumer<SpoonConfig> listener;

    public ProviderChoices(ConfigurationManager configuration, TaskExecutor executor) {
        this.configuration = configuration;
        this.listener = cfg -> executor.ui(this::refresh);
        refresh();
        configuration.addListener(listener);
    }

    /** The configured providers (read-only; UI thread). */
    public ObservableList<String> names() {
        return readOnly;
    }

    /** The default provider of the configuration. */
    public String defaultProvider() {
        return configuration.defaultProvider();
    }

    /** Re-reads the configuration (UI thread); changes the list only where it differs. */
    public void refresh() {
        List<String> now = new ArrayList<>();
        for (ProviderConfig pc : configuration.config().providers().values()) {
            if (ConfigurationManager.isConfigured(pc)) {
                now.add(pc.name());
            }
        }
        update(names, now);
    }

    /** Makes {@code list} equal to {@code target} by removing and inserting single items. */
    static void update(List<String> list, List<String> target) {
        list.removeIf(n -> !target.contains(n));
        for (int i = 0; i < target.size(); i++) {
            String n = target.get(i);
            if (i < list.size() && list.get(i).equals(n)) {
                continue;
            }
            list.remove(n);
            list.add(i, n);
        }
    }

    @Override
    public void close() {
        configuration.removeListener(listener);
    }
}
