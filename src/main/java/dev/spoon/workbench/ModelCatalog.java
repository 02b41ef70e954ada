package dev.spoon.workbench;

import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.manager.LlmManager;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The models each provider offers, one source for every pane's model box. A provider's list starts with its
 * configured model (so the box is never empty while the live list loads), then holds the provider's live
 * list ({@code GET /models} or the like) with the configured model first. A list that cannot be read keeps
 * the configured model, and the failure goes to the asking pane's status line: nothing falls back silently.
 * Lists are read again after the configuration changes.
 *
 * <p>Thread rules: UI thread only; the live lists are read through {@link BackgroundTask}s.
 */
public final class ModelCatalog implements AutoCloseable {
    /** How long a live model list may take. */
    public static final Duration LIST_TIMEOUT = Duration.ofSeconds(15);

    private final ConfigurationManager configuration;
    private final LlmManager manager;
    private final TaskExecutor executor;
    private final Map<String, ObservableList<String>> lists = new HashMap<>();
    private final Map<String, BackgroundTask<List<String>>> loading = new HashMap<>();
    private final Map<String, Boolean> loaded = new HashMap<>();
    private final Consumer<SpoonConfig> listener;

    public ModelCatalog(ConfigurationManager configuration, LlmManager manager, TaskExecutor executor) {
        this.configuration = configuration;
        this.manager = manager;
        this.executor = executor;
        this.listener = cfg -> executor.ui(this::configurationChanged);
        configuration.addListener(listener);
    }

    /**
     * The model list of {@code provider}: the same list each time, filled now with the configured model and
     * later with the live list (the first call starts reading it). Empty for null.
     */
    public ObservableList<String> models(String provider) {
        if (provider == null) {
            return FXCollections.observableArrayList();
        }
        return lists.computeIfAbsent(provider, p -> {
            ObservableList<String> list = FXCollections.observableArrayList();
            String configured = configuredModel(p);
            if (configured != null) {
                list.add(configured);
            }
            return list;
        });
    }

    /**
     * Reads the live list of {@code provider} unless it was read already or is being read; a failure is shown
     * in {@code status}. Returns when the list is current (at once when it was read already).
     */
    public CompletableFuture<List<String>> load(String provider, StatusLine status) {
        ObservableList<String> list = models(provider);
        if (provider == null || Boolean.TRUE.equals(loaded.get(provider))) {
            return CompletableFuture.completedFuture(List.copyOf(list));
        }
        BackgroundTask<List<String>> running = loading.get(provider);
        if (running != null) {
            return running.outcome();
        }
        BackgroundTask<List<String>> task = BackgroundTask.call("list the models of " + provider,
                () -> manager.provider(provider).listModels())
                .timeout(LIST_TIMEOUT)
                .onSuccess(found -> {
                    List<String> all = new ArrayList<>();
                    String configured = configuredModel(provider);
                    if (configured != null) {
                        all.add(configured);
                    }
                    found.stream().filter(m -> !all.contains(m)).forEach(all::add);
                    if (!all.equals(list)) {
                        list.setAll(all);
                    }
                    loaded.put(provider, true);
                })
                .onFailure(e -> {
                    if (status != null && !FailureText.isCancellation(e)) {
                        status.error("Could not list the models of " + provider + ": " + FailureText.of(e)
                                + (list.isEmpty() ? ". Type a model name." : ". Showing the configured model; you"
                                + " can type any name."));
                    }
                })
                .onFinished(() -> loading.remove(provider));
        loading.put(provider, task);
        return executor.execute(task);
    }

    /** Reads the live list of {@code provider} again (the user opened the model box). */
    public CompletableFuture<List<String>> reload(String provider, StatusLine status) {
        if (provider != null && !loading.containsKey(provider)) {
            loaded.remove(provider);
        }
        return load(provider, status);
    }

    /** The model configured for {@code provider}, or null. */
    public String configuredModel(String provider) {
        try {
            return configuration.loadProviderConfig(provider).model();
        } catch (ConfigurationException e) {
            return null;
        }
    }

    private void configurationChanged() {
        loaded.clear();
        for (Map.Entry<String, ObservableList<String>> e : lists.entrySet()) {
            String configured = configuredModel(e.getKey());
            if (configured != null && !e.getValue().contains(configured)) {
                e.getValue().add(0, configured);
            }
        }
    }

    @Override
    public void close() {
        configuration.removeListener(listener);
        loading.values().forEach(BackgroundTask::cancel);
    }
}
