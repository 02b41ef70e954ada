package dev.spoon.workbench.metrics;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.manager.HealthListener;
import dev.spoon.llm.manager.HealthMonitor;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.llm.metrics.MetricsListener;
import dev.spoon.llm.metrics.MetricsWindow;
import dev.spoon.llm.metrics.PerformanceStats;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.llm.metrics.SeriesPoint;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live metrics dashboard's state: the series of the chosen window and provider, the per provider/model
 * table of that window, the session totals, and every provider's health. Refreshed when the
 * {@link MetricsCollector} says something changed (at most {@value MetricsCollector#NOTIFY_HZ} times a
 * second, never per token) or when the view ticks to slide the window; queries run in the background and at
 * most one refresh is in flight.
 *
 * <p>Thread rules: FX thread only, except the collector/health listeners, which only schedule a refresh.
 */
public final class MetricsViewModel implements AutoCloseable {
    /** The provider filter's "all" entry. */
    public static final String ALL_PROVIDERS = "All providers";

    /** What one refresh read. */
    public record Snapshot(List<SeriesPoint> series, List<ProviderStats> table, PerformanceStats session,
                           List<HealthRow> health, long revision) {
    }

    private final MetricsCollector metrics;
    private final HealthMonitor health;
    private final TaskExecutor executor;
    private final ObjectProperty<MetricsWindow> window = new SimpleObjectProperty<>(this, "window",
            MetricsWindow.LAST_5_MIN);
    private final StringProperty provider = new SimpleStringProperty(this, "provider", ALL_PROVIDERS);
    private final ObservableList<String> providers = FXCollections.observableArrayList(ALL_PROVIDERS);
    private final ReadOnlyObjectWrapper<Snapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final MetricsListener metricsListener = rev -> requestRefresh();
    private final HealthListener healthListener = (before, now) -> requestRefresh();

    public MetricsViewModel(WorkbenchContext context) {
        this.metrics = context.metrics();
        this.health = context.manager().health();
        this.executor = context.executor();
        window.addListener((o, a, b) -> requestRefresh());
        provider.addListener((o, a, b) -> requestRefresh());
        metrics.addListener(metricsListener);
        health.addListener(healthListener);
        requestRefresh();
    }

    /** Schedules a refresh; when one is running, one more follows it (never more). Any thread. */
    public void requestRefresh() {
        if (!refreshing.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        executor.ui(() -> {
            MetricsWindow w = window.get();
            String p = ALL_PROVIDERS.equals(provider.get()) ? null : provider.get();
            executor.submit(() -> read(w, p)).whenComplete((s, e) -> executor.ui(() -> {
                if (s != null) {
                    apply(s);
                } else if (e != null) {
                    message.set("Could not read the metrics: " + e);
                }
                refreshing.set(false);
                if (again.getAndSet(false)) {
                    requestRefresh();
                }
            }));
        });
    }

    private Snapshot read(MetricsWindow w, String p) {
        long rev = metrics.revision();
        PerformanceStats session = metrics.getPerformanceStats(); // first: the window figures are never older
        List<SeriesPoint> series = metrics.series(w, p, null);
        List<ProviderStats> table = metrics.breakdown(w).stream()
                .filter(s -> p == null || p.equals(s.provider())).toList();
        Map<String, HealthStatus> statuses = health.statuses();
        List<HealthRow> rows = new ArrayList<>();
        List<String> names = new ArrayList<>(health.checkedProviders());
        statuses.keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
        for (String n : names) {
            rows.add(new HealthRow(n, statuses.get(n)));
        }
        return new Snapshot(series, table, session, rows, rev);
    }

    private void apply(Snapshot s) {
        for (ProviderStats ps : s.session().providers()) {
            if (!providers.contains(ps.provider())) {
                providers.add(ps.provider());
            }
        }
        snapshot.set(s);
    }

    /** Runs a health check of every configured provider now (real, minimal requests) in the background. */
    public CompletableFuture<?> checkHealth() {
        message.set("Checking providers\u2026");
        return health.checkAll().whenComplete((r, e) -> executor.ui(() -> {
            message.set(e == null ? "Checked " + r.size() + " providers." : "Health check failed: " + e);
            requestRefresh();
        }));
    }

    /** Formats for {@link #export}. */
    public enum Format { CSV, JSON }

    /** Writes the shown figures (series + table; JSON adds the session totals) to {@code file} in the background. */
    public CompletableFuture<Path> export(Path file, Format format) {
        Snapshot s = snapshot.get();
        if (s == null) {
            message.set("Nothing to export yet.");
            return CompletableFuture.completedFuture(null);
        }
        MetricsWindow w = window.get();
        String p = provider.get();
        return executor.submit(() -> {
            try {
                Files.writeString(file, format == Format.CSV ? MetricsExport.csv(s.series(), s.table())
                        : MetricsExport.json(w, p, s.session(), s.table(), s.series()), StandardCharsets.UTF_8);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).whenComplete((f, e) -> executor.ui(() -> message.set(e == null ? "Exported metrics to " + file
                : "Could not write " + file + ": " + (e.getCause() != null ? e.getCause().getMessage()
                : e.getMessage()))));
    }

    @Override
    public void close() {
        metrics.removeListener(metricsListener);
        health.removeListener(healthListener);
    }

    TaskExecutor executor() {
        return executor;
    }

    public ObjectProperty<MetricsWindow> windowProperty() {
        return window;
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public ObservableList<String> providers() {
        return providers;
    }

    /** The latest figures, or null before the first refresh. */
    public ReadOnlyObjectProperty<Snapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public StringProperty messageProperty() {
        return message;
    }
}
