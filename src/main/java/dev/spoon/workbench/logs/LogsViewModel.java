package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugLogListener;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.BackgroundTask;
import dev.spoon.workbench.FailureText;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The debug log viewer's state: a mirror of the {@link DebugLogger}'s ring, fed in batches (the logger
 * announces changes at most ~20 times a second with a revision counter; at most one UI update is queued at
 * a time), filters by provider, status and text, the selected record, replay of a logged request, and
 * export of the filtered records.
 *
 * <p>Thread rules: FX thread only, except the logger's listener, which only queues changes.
 */
public final class LogsViewModel implements AutoCloseable {
    /** The status filter. */
    public enum StatusFilter {
        ALL("All statuses"), OK("Succeeded"), ERRORS("Errors"), CANCELLED("Cancelled"), CACHE("Cache hits");

        private final String label;

        StatusFilter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        boolean test(DebugRecord r) {
            return switch (this) {
                case ALL -> true;
                case OK -> r.ok();
                case ERRORS -> r.error() != null && !r.cancelled();
                case CANCELLED -> r.cancelled();
                case CACHE -> r.cacheHit();
            };
        }
    }

    /** The kind filter: provider requests, MCP JSON-RPC traffic, or both. */
    public enum KindFilter {
        ALL("LLM + MCP"), LLM("LLM"), MCP("MCP");

        private final String label;

        KindFilter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        boolean test(DebugRecord r) {
            return this == ALL || name().equals(r.kind().name());
        }
    }

    /** "All providers" in the provider filter. */
    public static final String ALL_PROVIDERS = "All providers";
    /** "All origins" in the origin filter (origins: chat, compare, gateway…, the record's {@code origin} tag). */
    public static final String ALL_ORIGINS = "All origins";
    /** "All clients" in the client filter (the gateway's callers, by User-Agent: {@link DebugRecord#userAgent()}). */
    public static final String ALL_CLIENTS = "All clients";

    private final WorkbenchContext context;
    private final DebugLogger logger;
    private final TaskExecutor executor;
    private final ObservableList<DebugRecord> records = FXCollections.observableArrayList();
    private final FilteredList<DebugRecord> filtered = new FilteredList<>(records, r -> true);
    private final ObservableList<String> providers = FXCollections.observableArrayList(ALL_PROVIDERS);
    private final StringProperty provider = new SimpleStringProperty(this, "provider", ALL_PROVIDERS);
    private final ObservableList<String> origins = FXCollections.observableArrayList(ALL_ORIGINS);
    private final StringProperty origin = new SimpleStringProperty(this, "origin", ALL_ORIGINS);
    private final ObservableList<String> clients = FXCollections.observableArrayList(ALL_CLIENTS);
    private final StringProperty client = new SimpleStringProperty(this, "client", ALL_CLIENTS);
    private final ObjectProperty<StatusFilter> status = new SimpleObjectProperty<>(this, "status", StatusFilter.ALL);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObjectProperty<KindFilter> kind = new SimpleObjectProperty<>(this, "kind", KindFilter.ALL);
    private final ObjectProperty<DebugRecord> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");
    private final StatusLine message = new StatusLine();
    private final ReadOnlyDoubleWrapper exportProgress = new ReadOnlyDoubleWrapper(this, "exportProgress", -1);
    private final ConcurrentLinkedQueue<DebugLogListener.Change> changes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final DebugLogListener listener = this::onChange;
    private final Replay replay;
    private BackgroundTask<Integer> export;
    private long lastSeq = -1;

    public LogsViewModel(WorkbenchContext context) {
        this.context = context;
        this.logger = context.debugLogger();
        this.executor = context.executor();
        this.replay = new Replay(this);
        provider.addListener((o, a, b) -> refilter());
        origin.addListener((o, a, b) -> refilter());
        client.addListener((o, a, b) -> refilter());
        selected.addListener((o, a, b) -> replay.follow(b)); // the Replay tab holds the selected request
        status.addListener((o, a, b) -> refilter());
        text.addListener((o, a, b) -> refilter());
        kind.addListener((o, a, b) -> refilter());
        logger.addListener(listener);
        long rev = logger.revision();
        append(logger.records());
        revision.set(rev);
    }

    private void onChange(DebugLogListener.Change change) {
        changes.add(change);
        if (drainQueued.compareAndSet(false, true)) {
            executor.ui(this::drain);
        }
    }

    /** Applies every queued change of the log at once (FX thread). */
    void drain() {
        drainQueued.set(false);
        List<DebugRecord> added = new ArrayList<>();
        DebugLogListener.Change c;
        long rev = revision.get();
        while ((c = changes.poll()) != null) {
            if (c.cleared()) {
                added.clear();
                records.clear();
                lastSeq = -1;
            }
            added.addAll(c.added());
            rev = Math.max(rev, c.revision());
        }
        append(added);
        int max = logger.settings().maxRecords();
        if (records.size() > max) {
            records.remove(0, records.size() - max);
        }
        revision.set(rev);
    }

    private void append(List<DebugRecord> batch) {
        List<DebugRecord> fresh = new ArrayList<>(batch.size());
        for (DebugRecord r : batch) {
            if (r.seq() > lastSeq) {
                fresh.add(r);
                lastSeq = r.seq();
                if (!providers.contains(r.provider())) {
                    providers.add(r.provider());
                }
                addChoice(origins, r.tags().get("origin"));
                addChoice(clients, r.userAgent());
                replay.seen(r);
            }
        }
        records.addAll(fresh);
    }

    private static void addChoice(ObservableList<String> choices, String value) {
        if (value != null && !choices.contains(value)) {
            choices.add(value);
        }
    }

    private static boolean chosen(String choice, String all, String value) {
        return choice == null || choice.equals(all) || choice.equals(value);
    }

    private void refilter() {
        String o = origin.get();
        String c = client.get();
        String p = provider.get();
        StatusFilter s = status.get();
        KindFilter k = kind.get();
        String t = text.get() == null ? "" : text.get().strip().toLowerCase(Locale.ROOT);
        Predicate<DebugRecord> pred = r -> (p == null || p.equals(ALL_PROVIDERS) || p.equals(r.provider()))
                && chosen(o, ALL_ORIGINS, r.tags().get("origin")) && chosen(c, ALL_CLIENTS, r.userAgent())
                && s.test(r) && k.test(r) && (t.isEmpty() || matches(r, t));
        filtered.setPredicate(pred);
    }

    private static boolean matches(DebugRecord r, String t) {
        return contains(r.requestId(), t) || contains(r.provider(), t) || contains(r.model(), t)
                || contains(r.endpoint(), t) || (r.error() != null && (contains(r.error().type(), t)
                || contains(r.error().message(), t))) || contains(r.requestBody(), t)
                || contains(r.responseBody(), t) || r.tags().values().stream().anyMatch(v -> contains(v, t));
    }

    private static boolean contains(String s, String lowerNeedle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** Empties the in-memory log (the file on disk keeps everything). */
    public void clear() {
        logger.clear();
        message.info("Cleared the in-memory log" + (logger.currentFile() == null ? "."
                : "; the file " + logger.currentFile() + " keeps every record."));
    }

    /**
     * Exports the records that pass the filters to {@code file} in the background, with progress (0–1, or
     * -1 when idle) and a message when done. A cancelled or failed export leaves the file that was there.
     */
    public CompletableFuture<Integer> export(Path file, DebugExporter.Format format) {
        List<DebugRecord> snapshot = List.copyOf(filtered);
        message.busy("Exporting " + snapshot.size() + " records\u2026");
        // atomic: a cancelled or failed export leaves the file that was there
        BackgroundTask<Integer> task = BackgroundTask.run("export to " + file, progress -> DebugExporter.exportTo(file,
                snapshot, format, (done, total) -> progress.update(total == 0 ? 1 : (double) done / total, null),
                progress::isCancelled)).onSuccess(n -> message.info("Exported " + n + " records to " + file)).onFailure(e -> {
            if (FailureText.isCancellation(e)) {
                message.info("Export cancelled; " + file + " is unchanged.");
            }
        }).onFinished(() -> {
            exportProgress.unbind();
            exportProgress.set(-1);
        }).showFailureIn(message);
        export = task;
        exportProgress.bind(javafx.beans.binding.Bindings.when(task.runningProperty())
                .then(javafx.beans.binding.Bindings.max(0, task.progressProperty())).otherwise(-1));
        return executor.execute(task);
    }

    /** Stops a running export (the file that was there stays). */
    public void cancelExport() {
        BackgroundTask<Integer> t = export;
        if (t != null) {
            t.cancel();
        }
    }

    /** The providers a replay can go to (configured ones; the workbench's one list). */
    public List<String> configuredProviders() {
        return List.copyOf(context.providerChoices().names());
    }

    /** Sends {@code request} to {@code provider} (streamed or not), tagged as a replay of {@code originalId}. */
    /** The wire format {@code provider}'s requests are in, or empty when it is not configured (or has none). */
    Optional<WireFormat> wireFormatOf(String provider) {
        try {
            return context.manager().provider(provider).wireFormat();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    CompletableFuture<LlmResponse> send(ChatRequest request, String provider, boolean stream, String originalId) {
        ChatRequest r = request.toBuilder().tag("origin", "logs-replay").tag(Replay.TAG, originalId).build();
        CompletableFuture<LlmResponse> call = executor.call(() -> stream ? context.manager().chatStream(r, provider,
                null) : context.manager().chat(r, provider));
        return context.requests().track(call);
    }


    @Override
    public void close() {
        logger.removeListener(listener);
        cancelExport();
    }

    TaskExecutor executor() {
        return executor;
    }

    // ------------------------------------------------------------------ properties

    /** Every record held, oldest first. */
    public ObservableList<DebugRecord> records() {
        return records;
    }

    /** The records that pass the filters. */
    public FilteredList<DebugRecord> filtered() {
        return filtered;
    }

    public ObservableList<String> providers() {
        return providers;
    }

    /** Every origin seen in the log, after {@link #ALL_ORIGINS}. */
    public ObservableList<String> origins() {
        return origins;
    }

    public StringProperty originProperty() {
        return origin;
    }

    /** Every gateway client (User-Agent) seen in the log, after {@link #ALL_CLIENTS}. */
    public ObservableList<String> clients() {
        return clients;
    }

    public StringProperty clientProperty() {
        return client;
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public ObjectProperty<StatusFilter> statusProperty() {
        return status;
    }

    /** LLM calls, MCP traffic, or both. */
    public ObjectProperty<KindFilter> kindProperty() {
        return kind;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObjectProperty<DebugRecord> selectedProperty() {
        return selected;
    }

    /** The logger revision the view shows. */
    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** The pane's status line. */
    public StatusLine message() {
        return message;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.textProperty();
    }

    /** Export progress 0–1, or -1 when no export runs. */
    public ReadOnlyDoubleProperty exportProgressProperty() {
        return exportProgress.getReadOnlyProperty();
    }

    public Replay replay() {
        return replay;
    }
}
