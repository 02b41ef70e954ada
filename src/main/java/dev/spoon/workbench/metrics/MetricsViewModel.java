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
import dev.spoon.workbench.BackgroundTask;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import dev.spoon.llm.io.SecureFiles;

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
    private final StatusLine message = new StatusLine();
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
            executor.execute(BackgroundTask.run("read the metrics", progress -> read(w, p))
                    .onSuccess(this::apply).showFailureIn(message).onFinished(() -> {
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

    /** Runs a health check of every configured provider now (real, minimal requests); composed, never waited for. */
    public CompletableFuture<?> checkHealth() {
        message.busy("Checking providers\u2026");
        return executor.execute(BackgroundTask.call("check the providers", health::checkAll)
                .onSuccess(r -> message.info("Checked " + r.size() + " providers."))
                .onFinished(this::requestRefresh).showFailureIn(message));
    }

    /** Formats for {@link #export}. */
    public enum Format { CSV, JSON }

    /** Writes the shown figures (series + table; JSON adds the session totals) to {@code file} in the background. */
    public CompletableFuture<Path> export(Path file, Format format) {
        Snapshot s = snapshot.get();
        if (s == null) {
            message.error("Nothing to export yet.");
            return CompletableFuture.completedFuture(null);
        }
        MetricsWindow w = window.get();
        String p = provider.get();
        return executor.execute(BackgroundTask.run("write " + file, progress -> {
            SecureFiles.writeAtomically(file, format == Format.CSV ? MetricsExport.csv(s.series(), s.table())
                    : MetricsExport.json(w, p, s.session(), s.table(), s.series()));
            return file;
        }).onSuccess(f -> message.info("Exported metrics to " + f)).showFailureIn(message));
    }

    /** Writes {@code image} (a chart's snapshot) as PNG to {@code file} in the background. */
    public CompletableFuture<Path> savePng(javafx.scene.image.Image image, Path file) {
        return executor.execute(BackgroundTask.run("save " + file, progress -> ChartSnapshot.write(image, file))
                .onSuccess(f -> message.info("Saved " + f)).showFailureIn(message));
    }

    @Override
    public void close() {
        metrics.removeListener(metricsListener);
        health.removeListener(healthListener);
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

    /** The pane's status line. */
    public StatusLine message() {
        return message;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.textProperty();
    }
}
