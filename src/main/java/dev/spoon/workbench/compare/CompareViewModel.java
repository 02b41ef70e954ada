package dev.spoon.workbench.compare;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.workbench.BackgroundTask;
import dev.spoon.workbench.CallNotice;
import dev.spoon.workbench.FailureText;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.request.DraftTokens;
import dev.spoon.workbench.request.SendOptions;
import dev.spoon.workbench.request.RequestOptionsViewModel;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SpoonConfig;
import dev.spoon.llm.io.SecureFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Compare pane's state and commands: 2–6 columns, one shared prompt sent to all of them at once (each
 * column keeps its own answers, so a comparison can go on for several turns), re-running one column, the
 * summary of the latest turn, word diffs, save/load and export.
 *
 * <p>Thread rules: FX thread only, except that streamed text goes to the columns' buffers on transport
 * threads; the view calls {@link #drainNext()} once per frame. Files are read and written as
 * {@link BackgroundTask}s.
 */
public final class CompareViewModel {
    public static final int MIN_COLUMNS = 2;
    public static final int MAX_COLUMNS = 6;

    private int lastDrained = -1;
    private final WorkbenchContext context;
    private final TaskExecutor executor;
    private final ObservableList<CompareColumn> columns = FXCollections.observableArrayList();
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty system = new SimpleStringProperty(this, "system", "");
    private final StatusLine status = new StatusLine();
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(this, "running", 0);
    private final ReadOnlyObjectWrapper<CompareSummary> summary =
            new ReadOnlyObjectWrapper<>(this, "summary", CompareSummary.NONE);
    private final List<String> prompts = new ArrayList<>();
    /** The images attached to each prompt, parallel to {@link #prompts}. */
    private final List<List<ContentPart.Image>> promptImages = new ArrayList<>();
    private final RequestOptionsViewModel options;
    private final DraftTokens draftTokens;
    /** The request-wide options of the latest send or re-run. */
    private SendOptions chosen = SendOptions.NONE;

    public CompareViewModel(WorkbenchContext context) {
        this.context = context;
        this.executor = context.executor();
        this.options = new RequestOptionsViewModel(executor, RequestOptionsViewModel.SUPPORTED);
        this.draftTokens = new DraftTokens(executor, this::draft);
        String first = context.providerChoices().defaultProvider();
        List<String> models = configuredModels(first);
        columns.add(new CompareColumn(first, models.isEmpty() ? "" : models.get(0)));
        // another provider that answers without more set-up: not a default local server that may not be running
        // (a first-time user would compare against "could not connect to ollama"); else a second model of #1's
        SpoonConfig cfg = context.configuration().config();
        String second = providers().stream().filter(p -> !p.equals(first)).filter(p -> cfg.providers().get(p) != null
                && !ConfigurationManager.dependsOnRunning(cfg, cfg.providers().get(p)))
                .findFirst().orElse(first);
        List<String> m2 = second.equals(first) ? configuredModels(first) : List.of();
        columns.add(new CompareColumn(second, m2.size() > 1 ? m2.get(1) : ""));
        javafx.beans.InvalidationListener recount = o -> draftTokens.draftChanged();
        for (javafx.beans.Observable o : List.of(prompt, system, options.images(), columns)) {
            o.addListener(recount);
        }
        // the count is for column #1's target: recount when any column's target changes
        java.util.function.Consumer<CompareColumn> watch = c -> {
            c.providerProperty().addListener(recount);
            c.modelProperty().addListener(recount);
        };
        columns.forEach(watch);
        columns.addListener((javafx.collections.ListChangeListener<CompareColumn>) ch -> {
            while (ch.next()) {
                ch.getAddedSubList().forEach(watch);
            }
        });
    }

    private List<String> configuredModels(String provider) {
        try {
            return context.manager().provider(provider).metadata().availableModels();
        } catch (LlmException e) {
            return List.of();
        }
    }

    /**
     * The models of {@code provider}: the workbench's one model list (the configured model at once, the live
     * list once {@link #loadModels} read it).
     */
    public ObservableList<String> modelsOf(String provider) {
        return context.models().models(provider);
    }

    /** Reads the live model list of {@code provider} (a column's model box opens); a failure goes to the status. */
    public CompletableFuture<List<String>> loadModels(String provider) {
        return context.models().reload(provider, status);
    }

    // ------------------------------------------------------------------ columns

    /** Adds a column (a copy of the last one's target); refused beyond {@value #MAX_COLUMNS}. */
    public boolean addColumn() {
        if (columns.size() >= MAX_COLUMNS) {
            status.error("At most " + MAX_COLUMNS + " columns.");
            return false;
        }
        CompareColumn last = columns.get(columns.size() - 1);
        CompareColumn c = new CompareColumn(last.providerProperty().get(), last.modelProperty().get());
        c.temperatureProperty().set(last.temperatureProperty().get());
        c.maxTokensProperty().set(last.maxTokensProperty().get());
        columns.add(c);
        return true;
    }

    /** Removes a column; refused below {@value #MIN_COLUMNS}. */
    public boolean removeColumn(CompareColumn c) {
        if (columns.size() <= MIN_COLUMNS) {
            status.error("A comparison needs at least " + MIN_COLUMNS + " columns.");
            return false;
        }
        c.cancel();
        columns.remove(c);
        summary.set(CompareSummary.of(columns));
        return true;
    }

    // ------------------------------------------------------------------ running

    /**
     * Sends the prompt to every column at once (a new turn of the comparison).
     *
     * @return completes when every column finished (successfully or not); null when nothing was sent
     */
    public CompletableFuture<Void> send() {
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty()) {
            status.error("Type a prompt first.");
            return null;
        }
        if (running.get() > 0) {
            status.error("Wait for the running answers (or stop them) before the next turn.");
            return null;
        }
        if (!takeOptions()) {
            return null;
        }
        prompts.add(text);
        promptImages.add(chosen.imageParts());
        options.clearImages();
        prompt.set("");
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (CompareColumn c : columns) {
            all.add(start(c, c.begin(text)));
        }
        status.busy("Turn " + prompts.size() + " sent to " + columns.size() + " targets.");
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Asks {@code c} its latest turn again; null when there is no turn yet or it is running. */
    public CompletableFuture<Void> rerun(CompareColumn c) {
        if (prompts.isEmpty() || c.stateProperty().get() == CompareColumn.State.RUNNING || !takeOptions()) {
            return null;
        }
        return start(c, c.restartLatest());
    }

    /** Takes the options for the next requests; false (with the reason in the status) when one is wrong. */
    private boolean takeOptions() {
        String problem = options.problem();
        if (problem != null) {
            status.error(problem);
            return false;
        }
        chosen = options.options();
        return true;
    }

    private CompletableFuture<Void> start(CompareColumn c, long gen) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.set(running.get() + 1);
        ChatRequest request = request(c);
        String provider = c.providerProperty().get();
        CallNotice notice = new CallNotice(executor, line -> c.notice(gen, line));
        CompletableFuture<LlmResponse> call = executor.call(() -> context.manager().chatStream(request, provider,
                chunk -> c.offer(gen, chunk.deltaContent()), notice));
        c.setCall(call);
        context.requests().track(call);
        ResponseFormat format = request.options().responseFormat();
        call.whenComplete((r, e) -> {
            // a JSON answer is checked here, off the UI thread (a schema check can take a while)
            StructuredOutput out = e == null && r != null ? StructuredOutput.of(format, r.content()) : null;
            executor.ui(() -> {
                notice.end();
                try {
                    finished(c, gen, r, e, out, format instanceof ResponseFormat.JsonSchema);
                } finally {
                    running.set(running.get() - 1);
                    done.complete(null);
                }
            });
        });
        return done;
    }

    private void finished(CompareColumn c, long gen, LlmResponse r, Throwable e, StructuredOutput out,
                          boolean withSchema) {
        if (e == null) {
            c.finish(gen, r.content(), ColumnFigures.of(r, context.costOf(r.model(), r.usage()))
                    .withJsonCheck(out, withSchema));
        } else if (FailureText.isCancellation(e)) {
            c.finish(gen, c.latestAnswer(), ColumnFigures.of(provider(c), c.elapsedMs(), "error", "Cancelled",
                    "stopped before the answer was complete"));
        } else {
            LlmException le = LlmProvider.unwrap(e);
            LlmResponse p = le.partial();
            Double cost = p == null ? null : context.costOf(p.model(), p.usage());
            c.finish(gen, p != null ? p.content() : c.latestAnswer(), ColumnFigures.failed(le, cost, c.elapsedMs()));
        }
        summary.set(CompareSummary.of(columns));
        if (running.get() <= 1) {
            long failed = columns.stream().filter(x -> x.stateProperty().get() == CompareColumn.State.FAILED).count();
            if (failed == 0) {
                status.info("All " + columns.size() + " answers are in.");
            } else {
                status.error(failed + " of " + columns.size() + " targets failed; the others answered.");
            }
        }
    }

    private static String provider(CompareColumn c) {
        return c.providerProperty().get();
    }

    /**
     * The request column #1 would send for the prompt being typed, for the token count (the columns share the
     * prompts; their answers and models differ, so the count names the first column's model); null: none.
     */
    private DraftTokens.Draft draft() {
        CompareColumn c = columns.isEmpty() ? null : columns.get(0);
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (c == null || c.providerProperty().get() == null || text.isEmpty() && options.images().isEmpty()) {
            return null;
        }
        dev.spoon.llm.ProviderConfig pc;
        try {
            pc = context.configuration().loadProviderConfig(c.providerProperty().get());
        } catch (dev.spoon.llm.ConfigurationException e) {
            return null;
        }
        List<Message> msgs = messages(c, true);
        msgs.add(SendOptions.userMessage(text, options.images().stream().map(i -> i.part()).toList()));
        String m = c.modelProperty().get() == null || c.modelProperty().get().isBlank() ? pc.model()
                : c.modelProperty().get().strip();
        int window = m == null ? 0 : context.configuration().config().contextWindow(m).orElse(0);
        return new DraftTokens.Draft(ChatRequest.builder().messages(msgs).model(m).build(), pc, window, m);
    }

    /** The request column {@code c} sends for the latest turn: its own earlier answers, the shared prompts. */
    ChatRequest request(CompareColumn c) {
        String m = c.modelProperty().get();
        return chosen.applyTo(ChatRequest.builder().messages(messages(c, false)).model(m == null || m.isBlank() ? null
                        : m.strip()).temperature(c.temperatureProperty().get()).maxTokens(c.maxTokensProperty().get())
                .tag("origin", "compare")).build();
    }

    /**
     * Column {@code c}'s conversation: the system prompt, the shared prompts and its own answers; the answer to
     * the latest prompt only when {@code latestAnswer} (a next prompt follows it).
     */
    private List<Message> messages(CompareColumn c, boolean latestAnswer) {
        List<Message> msgs = new ArrayList<>();
        if (system.get() != null && !system.get().isBlank()) {
            msgs.add(Message.system(system.get().strip()));
        }
        List<Message> answers = c.assistantTurns();
        for (int i = 0; i < prompts.size(); i++) {
            msgs.add(SendOptions.userMessage(prompts.get(i), i < promptImages.size() ? promptImages.get(i)
                    : List.of()));
            if ((latestAnswer || i < prompts.size() - 1) && i < answers.size() && answers.get(i) != null) {
                msgs.add(answers.get(i));
            }
        }
        return msgs;
    }

    /** Stops every running column; returns whether any was running. */
    public boolean stopAll() {
        boolean any = false;
        for (CompareColumn c : columns) {
            any |= c.cancel();
        }
        return any;
    }

    /** Moves streamed text of every column into its transcript (FX thread; at the end of a run). */
    public boolean drainAll() {
        boolean any = false;
        for (CompareColumn c : columns) {
            any |= c.drain();
        }
        return any;
    }

    /**
     * Moves the streamed text of one column into its transcript: the next column after the last one drained
     * that has text waiting. The view calls this once per frame it may draw, so a frame lays out one column,
     * not all of them: four fast streams cost a quarter each per frame, and every column still updates several
     * times a second. Returns whether anything moved.
     */
    public boolean drainNext() {
        int n = columns.size();
        for (int i = 1; i <= n; i++) {
            int k = (lastDrained + i) % n;
            if (columns.get(k).drain()) {
                lastDrained = k;
                return true;
            }
        }
        return false;
    }

    /** Starts over: no turns, empty columns (targets and column count stay). */
    public void newComparison() {
        stopAll();
        prompts.clear();
        promptImages.clear();
        columns.forEach(CompareColumn::reset);
        summary.set(CompareSummary.NONE);
        status.info("New comparison.");
    }

    // ------------------------------------------------------------------ diff, save, export

    /** The word diff of the latest answers of columns {@code left} and {@code right}. */
    public WordDiff.Result diff(int left, int right) {
        return WordDiff.diff(columns.get(left).latestAnswer(), columns.get(right).latestAnswer());
    }

    /** The comparison as a document (targets, ratings, answers, figures). */
    public ComparisonDocument document() {
        List<ComparisonDocument.Column> cols = new ArrayList<>();
        CompareSummary s = summary.get();
        for (int i = 0; i < columns.size(); i++) {
            CompareColumn c = columns.get(i);
            cols.add(new ComparisonDocument.Column(c.providerProperty().get(), c.modelProperty().get(),
                    c.temperatureProperty().get(), c.maxTokensProperty().get(), c.ratingProperty().get(),
                    c.answers(), c.answerFigures(), s.marksOf(i)));
        }
        return new ComparisonDocument(ComparisonDocument.VERSION, Instant.now().toString(), system.get(), prompts, cols);
    }

    /** Export formats. */
    public enum Format { JSON, MARKDOWN }

    /** Writes the comparison to {@code file} in the background; the status says where (or why not). */
    public CompletableFuture<Path> export(Path file, Format format) {
        ComparisonDocument d = document();
        return executor.execute(BackgroundTask.run("write " + file, p -> {
            SecureFiles.writeAtomically(file, format == Format.JSON ? d.toJson() : d.toMarkdown());
            return file;
        }).onSuccess(f -> status.info("Saved " + f)).showFailureIn(status));
    }

    /** Opens a comparison saved as JSON (in the background); the status reports a bad file. */
    public CompletableFuture<ComparisonDocument> load(Path file) {
        if (running.get() > 0) {
            status.error("Stop the running answers before opening another comparison.");
            return CompletableFuture.completedFuture(null);
        }
        return executor.execute(BackgroundTask.run("open " + file,
                p -> ComparisonDocument.fromJson(Files.readString(file, StandardCharsets.UTF_8)))
                .onSuccess(d -> {
                    restore(d);
                    status.info("Opened " + file);
                }).showFailureIn(status));
    }

    private void restore(ComparisonDocument d) {
        stopAll();
        system.set(d.system() == null ? "" : d.system());
        prompts.clear();
        prompts.addAll(d.prompts());
        promptImages.clear(); // a saved comparison keeps its prompts' text, not their images
        List<CompareColumn> restored = new ArrayList<>();
        for (ComparisonDocument.Column sc : d.columns().subList(0, Math.min(MAX_COLUMNS, d.columns().size()))) {
            CompareColumn c = new CompareColumn(sc.provider(), sc.model());
            c.temperatureProperty().set(sc.temperature());
            c.maxTokensProperty().set(sc.maxTokens());
            c.restore(d.prompts(), sc.answers(), sc.figures());
            c.ratingProperty().set(Math.max(0, Math.min(CompareColumn.MAX_RATING, sc.rating())));
            restored.add(c);
        }
        while (restored.size() < MIN_COLUMNS) {
            restored.add(new CompareColumn(context.providerChoices().defaultProvider(), ""));
        }
        columns.setAll(restored);
        summary.set(CompareSummary.of(columns));
    }

    // ------------------------------------------------------------------ properties

    public ObservableList<CompareColumn> columns() {
        return columns;
    }

    /** The providers a column may target (the workbench's one list). */
    public ObservableList<String> providers() {
        return context.providerChoices().names();
    }

    /** The prompts of every turn so far. */
    public List<String> prompts() {
        return List.copyOf(prompts);
    }

    /** The request options (images, answer format, reasoning effort, extra body and headers) of the next send. */
    public RequestOptionsViewModel requestOptions() {
        return options;
    }

    /** The live token count of the prompt being typed (for column #1's model), and its context window. */
    public DraftTokens draftTokens() {
        return draftTokens;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty systemProperty() {
        return system;
    }

    /** The status line: the last action or error, with its kind. */
    public StatusLine status() {
        return status;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.textProperty();
    }

    /** How many columns are answering now. */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CompareSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /**
     * The request column {@code c} sends for its latest turn, as its provider builds it ("View code").
     *
     * @throws LlmException when the provider cannot be made or cannot build the request
     */
    public dev.spoon.llm.code.CodeRequest code(CompareColumn c) {
        return dev.spoon.llm.code.CodeRequest.preview(context.manager().provider(provider(c)), request(c), true);
    }
}
