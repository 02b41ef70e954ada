package dev.spoon.workbench.providers;

import dev.spoon.llm.config.ConfigEdit;
import dev.spoon.llm.config.SpoonConfig;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.function.Consumer;

/**
 * The routing part of the Providers pane: default provider, fallback chain and load balancing, as the effective
 * configuration has them, edited and saved together. {@link #dirtyProperty()} is true only after the user changed
 * one of them. UI-thread only.
 */
public final class RoutingViewModel {
    private final StringProperty defaultProvider = new SimpleStringProperty(this, "defaultProvider");
    private final ObservableList<String> fallbackChain = FXCollections.observableArrayList();
    private final StringProperty loadBalancing = new SimpleStringProperty(this, "loadBalancing", "none");
    private final BooleanProperty dirty = new SimpleBooleanProperty(this, "dirty");
    private boolean loading;

    RoutingViewModel() {
        fallbackChain.addListener((ListChangeListener<String>) c -> changed());
        defaultProvider.addListener((o, a, b) -> changed());
        loadBalancing.addListener((o, a, b) -> changed());
    }

    private void changed() {
        if (!loading) {
            dirty.set(true);
        }
    }

    /** Shows the routing of {@code cfg} (the default as the command line, environment or file give it). */
    void load(SpoonConfig cfg) {
        loading = true;
        try {
            defaultProvider.set(cfg.defaultProvider());
            fallbackChain.setAll(cfg.fallbackChain());
            loadBalancing.set(cfg.loadBalancing());
            dirty.set(false);
        } finally {
            loading = false;
        }
    }

    /** Moves a fallback chain entry (drag and drop, or the ↑ button). */
    public void moveInChain(int from, int to) {
        if (from < 0 || from >= fallbackChain.size() || to < 0 || to >= fallbackChain.size() || from == to) {
            return;
        }
        String p = fallbackChain.remove(from);
        fallbackChain.add(to, p);
    }

    /** The edit that saves what is shown (a blank default leaves the key out of the file). */
    Consumer<ConfigEdit> edit() {
        String def = defaultProvider.get();
        List<String> chain = List.copyOf(fallbackChain);
        String lb = loadBalancing.get();
        return e -> e.routing(def, chain).loadBalancing(lb);
    }

    /** "default sim, fallback a → b, load balancing none", for the saved message. */
    String summary(SpoonConfig saved) {
        return "default " + saved.defaultProvider() + ", fallback " + (saved.fallbackChain().isEmpty() ? "none"
                : String.join(" \u2192 ", saved.fallbackChain())) + ", load balancing " + saved.loadBalancing();
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

    /** Whether the user changed the routing since it was last loaded or saved. */
    public BooleanProperty dirtyProperty() {
        return dirty;
    }
}
