package dev.spoon.workbench.providers;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.workbench.WorkbenchContext;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider list of the Providers pane: one row per provider instance, with its type's capabilities, whether
 * it is configured, its last health result and, for local servers, whether one is running. UI-thread only
 * (the maps may be filled from any thread).
 */
final class ProviderList {
    private final WorkbenchContext context;
    private final ObservableList<ProviderRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final Map<String, String> health = new ConcurrentHashMap<>();
    private final Map<String, String> detected = new ConcurrentHashMap<>();

    ProviderList(WorkbenchContext context) {
        this.context = context;
    }

    /** Rebuilds the rows from {@code cfg}, the registry, health results and detected servers. */
    void refresh(SpoonConfig cfg) {
        List<ProviderRow> out = new ArrayList<>();
        for (ProviderConfig pc : cfg.providers().values()) {
            boolean registered = context.registry().contains(pc.type());
            String h = health.get(pc.name());
            Optional<HealthStatus> last = context.core().health().status(pc.name());
            if (h == null) {
                h = last.map(ProviderList::describe).orElse(null);
            }
            String found = detected.get(pc.name());
            boolean running = (found != null && found.startsWith("running"))
                    || last.map(HealthStatus::healthy).orElse(false);
            out.add(new ProviderRow(pc.name(), pc.type(), registered,
                    registered ? context.registry().entry(pc.type()).capabilities() : Set.of(),
                    ConfigurationManager.isConfigured(cfg, pc, running),
                    !ConfigurationManager.BUILT_IN.contains(pc.name()), h, found,
                    ConfigurationManager.dependsOnRunning(cfg, pc)));
        }
        rows.setAll(out);
        if (!names.equals(new ArrayList<>(cfg.providers().keySet()))) {
            names.setAll(cfg.providers().keySet());
        }
    }

    /** Remembers the badge of {@code provider}'s last check ("✓ 120 ms", "✗ AuthenticationError"). */
    void health(String provider, String badge) {
        health.put(provider, badge);
    }

    void health(String provider, HealthStatus status) {
        health.put(provider, describe(status));
    }

    /** Remembers what detection found for local servers (provider → "running on …" / "not running at …"). */
    void detected(Map<String, String> found) {
        detected.putAll(found);
    }

    private static String describe(HealthStatus s) {
        return s.healthy() ? "\u2713 " + s.latencyMs() + " ms" : "\u2717 " + s.errorType() + ": " + s.error();
    }

    ObservableList<ProviderRow> rows() {
        return rows;
    }

    ObservableList<String> names() {
        return names;
    }
}
