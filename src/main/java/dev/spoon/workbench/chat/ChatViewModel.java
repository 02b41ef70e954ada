package dev.spoon.workbench.chat;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.PriceTable;
import dev.spoon.llm.config.SpoonPaths;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.request.DraftTokens;
import dev.spoon.workbench.request.SendOptions;
import dev.spoon.workbench.request.RequestOptionsViewModel;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The chat console's state and commands (no Nodes). Sends the conversation through the {@code LlmManager}
 * as a stream; chunks are buffered in the answer's {@link ChatTurn} on the transport thread and handed to the
 * view by {@link #pump()}, which the view calls once per frame. Everything here runs on the UI thread
 * (or the test thread with {@code TaskExecutor.direct()}), except what the executor runs in the background.
 */
public final class ChatViewModel {

    /** What the console is doing; drives Send/Stop and the status line. */
    public enum State { IDLE, STREAMING, DONE, FAILED, STOPPED }

    /** Receives document changes (the view). Called on the UI thread. */
    public interface Listener {
        /** Everything changed (new chat, loaded conversation, edit/retry, reasoning toggled). */
        void reset(List<ChatTurn> turns);

        void turnAdded(ChatTurn turn);

        /** New text of the streaming answer. */
        void delta(ChatTurn turn, ChatTurn.Delta delta);

        void turnFinished(ChatTurn turn);
    }

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    private final WorkbenchContext context;
    private final List<ChatTurn> turns = new ArrayList<>();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final StringProperty system = new SimpleStringProperty(this, "system", "");
    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final ObjectProperty<Double> temperature = new SimpleObjectProperty<>(this, "temperature");
    private final ObjectProperty<Integer> maxTokens = new SimpleObjectProperty<>(this, "maxTokens");
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final StringProperty title = new SimpleStringProperty(this, "title", "New chat");
    private final IntegerProperty editing = new SimpleIntegerProperty(this, "editing", -1);
    private final ObservableList<String> providers = FXCollections.observableArrayList();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final RequestOptionsViewModel options;
    private final DraftTokens draftTokens;
    private Listener listener;
    private CompletableFuture<LlmResponse> inFlight;
    private ChatTurn streaming;
    private Instant created = Instant.now();
    private Path savedAs;

    public ChatViewModel(WorkbenchContext context) {
        this.context = context;
        this.options = new RequestOptionsViewModel(context.executor(), RequestOptionsViewModel.SUPPORTED);
        this.draftTokens = new DraftTokens(context.executor(), this::draft);
        refreshProviders();
        provider.set(context.configuration().defaultProvider());
        provider.addListener((o, a, b) -> {
            context.activeProviderProperty().set(b);
            loadModels();
        });
        model.addListener((o, a, b) -> context.activeModelProperty().set(b == null || b.isBlank() ? null : b));
        context.configuration().addListener(cfg -> context.executor().ui(this::refreshProviders));
        context.activeProviderProperty().set(provider.get());
        javafx.beans.InvalidationListener recount = o -> draftTokens.draftChanged();
        for (javafx.beans.Observable o : List.of(input, system, provider, model, options.images())) {
            o.addListener(recount);
        }
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    // ------------------------------------------------------------------ commands

    /**
     * Sends the input as a new user turn (or, while editing turn N, replaces turn N and everything after it)
     * and streams the answer. Does nothing while an answer is streaming or when the input is blank.
     */
    public void send() {
        String text = input.get() == null ? "" : input.get().strip();
        if (state.get() == State.STREAMING || text.isEmpty()) {
            return;
        }
        SendOptions chosen = chosenOptions();
        if (chosen == null) {
            return;
        }
        if (editing.get() >= 0) {
            truncate(editing.get());
            editing.set(-1);
            fireReset();
        }
        ChatTurn user = ChatTurn.user(text, chosen.imageParts());
        options.clearImages();
        turns.add(user);
        if (title.get().equals("New chat")) {
            title.set(text.length() > 60 ? text.substring(0, 60) + "\u2026" : text);
        }
        if (listener != null) {
            listener.turnAdded(user);
        }
        input.set("");
        stream(chosen);
    }

    /** The options of the next request, or null (with the reason in the status line) when one is wrong. */
    private SendOptions chosenOptions() {
        String problem = options.problem();
        if (problem != null) {
            status.set(problem);
            return null;
        }
        return options.options();
    }

    /** Streams a new answer to the conversation as it is (after a retry or an edit). */
    private void stream(SendOptions chosen) {
        String p = provider.get();
        String m = model.get() == null || model.get().isBlank() ? null : model.get().strip();
        ChatRequest request = buildRequest(m, chosen);
        ChatTurn answer = ChatTurn.streaming(p, m != null ? m : defaultModel(p));
        turns.add(answer);
        streaming = answer;
        if (listener != null) {
            listener.turnAdded(answer);
        }
        state.set(State.STREAMING);
        status.set("Streaming from " + p + "\u2026");
        CompletableFuture<LlmResponse> call;
        try {
            call = context.manager().chatStream(request, p, answer::offer);
        } catch (LlmException e) {
            call = CompletableFuture.failedFuture(e);
        }
        inFlight = call;
        context.requests().track(call);
        ResponseFormat format = request.options().responseFormat();
        call.whenComplete((r, e) -> {
            // a JSON answer is checked here, off the UI thread (a schema check can take a while)
            StructuredOutput out = e == null && r != null ? StructuredOutput.of(format, r.content()) : null;
            context.executor().ui(() -> {
                answer.setStructured(out, format instanceof ResponseFormat.JsonSchema);
                finish(answer, r, e);
            });
        });
    }

    /** The request the next send would make, with the draft and its images, for the token count; null: none. */
    private DraftTokens.Draft draft() {
        String p = provider.get();
        ProviderConfig pc;
        try {
            pc = p == null ? null : context.configuration().loadProviderConfig(p);
        } catch (ConfigurationException e) {
            return null;
        }
        if (pc == null) {
            return null;
        }
        String m = model.get() == null || model.get().isBlank() ? null : model.get().strip();
        String counted = m != null ? m : defaultModel(p);
        String text = input.get() == null ? "" : input.get().strip();
        ChatRequest.Builder b = request(m, editing.get() >= 0 ? turns.subList(0, editing.get()) : turns);
        if (!text.isEmpty() || !options.images().isEmpty()) {
            b.message(SendOptions.userMessage(text, options.images().stream().map(i -> i.part()).toList()));
        }
        ChatRequest request = b.model(counted).build();
        if (request.messages().isEmpty()) {
            return null; // nothing typed yet: no count
        }
        int window = counted == null ? 0 : context.configuration().config().contextWindow(counted).orElse(0);
        return new DraftTokens.Draft(request, pc, window, counted);
    }

    private ChatRequest buildRequest(String m, SendOptions chosen) {
        return chosen.applyTo(request(m, turns)).build();
    }

    /** The conversation {@code upTo} as a request to model {@code m}, without the request options. */
    private ChatRequest.Builder request(String m, List<ChatTurn> upTo) {
        ChatRequest.Builder b = ChatRequest.builder().model(m).maxTokens(maxTokens.get())
                .temperature(temperature.get()).tag("origin", "chat");
        if (system.get() != null && !system.get().isBlank()) {
            b.message(Message.system(system.get()));
        }
        for (ChatTurn t : upTo) {
            if (t.role() == ChatTurn.Role.USER) {
                b.message(SendOptions.userMessage(t.content(), t.images()));
            } else if (!t.content().isEmpty()) {
                // tool calls are shown, not replayed: the console runs no tools, so none have results to send
                b.message(Message.assistant(t.content()));
            }
        }
        return b;
    }

    /** Moves newly arrived text of the streaming answer to the listener. Call at most once per frame. */
    public void pump() {
        ChatTurn t = streaming;
        if (t == null) {
            return;
        }
        ChatTurn.Delta d = t.drain();
        if (!d.isEmpty() && listener != null) {
            listener.delta(t, d);
        }
    }

    private void finish(ChatTurn answer, LlmResponse r, Throwable e) {
        if (answer != streaming) {
            return; // a newer request replaced it (new chat during a stream)
        }
        pump();
        streaming = null;
        inFlight = null;
        if (e == null) {
            answer.finish(ChatTurn.Status.DONE, r.model(), r.toolCalls(), r.ttftMs(), r.tokensPerSecond(), r.usage(),
                    cost(r), r.durationMs());
            state.set(State.DONE);
            status.set("Answered by " + r.provider() + " in " + r.durationMs() + " ms");
        } else if (e instanceof CancellationException || e.getCause() instanceof CancellationException) {
            answer.fail(ChatTurn.Status.CANCELLED, null, null, null);
            state.set(State.STOPPED);
            status.set("Stopped; the partial answer is kept");
        } else {
            LlmException le = LlmProvider.unwrap(e);
            LlmResponse partial = le.partial();
            if (partial != null) {
                answer.finish(ChatTurn.Status.FAILED, partial.model(), partial.toolCalls(), partial.ttftMs(),
                        partial.tokensPerSecond(), partial.usage(), cost(partial), partial.durationMs());
            }
            String message = le.providerMessage() != null ? le.providerMessage() : le.getMessage();
            String type = le.errorType() + (le.status() != null ? " (HTTP " + le.status() + ")" : "");
            answer.fail(ChatTurn.Status.FAILED, type, message, le.guiHint());
            state.set(State.FAILED);
            status.set(type + ": " + message);
        }
        if (listener != null) {
            listener.turnFinished(answer);
        }
        draftTokens.draftChanged();
    }

    private Double cost(LlmResponse r) {
        if (r.usage() == null) {
            return null;
        }
        PriceTable prices = context.metrics().priceTable();
        OptionalDouble cost = prices.cost(r.model(), r.usage());
        if (cost.isEmpty()) {
            cost = prices.cost(streamingModel(r), r.usage());
        }
        return cost.isPresent() ? cost.getAsDouble() : null;
    }

    private String streamingModel(LlmResponse r) {
        return model.get() == null || model.get().isBlank() ? configuredModel(r.provider()) : model.get();
    }

    /** Stops the streaming answer ({@code future.cancel(true)} aborts the HTTP call); keeps what arrived. */
    public boolean stop() {
        CompletableFuture<LlmResponse> f = inFlight;
        if (f == null) {
            return false;
        }
        f.cancel(true);
        return true;
    }

    /** Starts an empty conversation (stopping a stream first). */
    public void newChat() {
        stop();
        if (streaming != null) {
            finish(streaming, null, new CancellationException());
        }
        turns.clear();
        editing.set(-1);
        title.set("New chat");
        created = Instant.now();
        savedAs = null;
        state.set(State.IDLE);
        status.set("");
        fireReset();
    }

    /**
     * Re-asks the answer at {@code index} (or, for a user turn, the answer to it): removes it and everything
     * after it and streams a new answer.
     */
    public void retry(int index) {
        if (state.get() == State.STREAMING || index < 0 || index >= turns.size()) {
            return;
        }
        SendOptions chosen = chosenOptions();
        if (chosen == null) {
            return;
        }
        int cut = turns.get(index).role() == ChatTurn.Role.USER ? index + 1 : index;
        truncate(cut);
        fireReset();
        stream(chosen);
    }

    /** Puts user turn {@code index} into the input; the next {@link #send()} replaces it and what followed. */
    public void edit(int index) {
        if (state.get() == State.STREAMING || index < 0 || index >= turns.size()
                || turns.get(index).role() != ChatTurn.Role.USER) {
            return;
        }
        editing.set(index);
        input.set(turns.get(index).content());
        status.set("Editing message " + (index + 1) + ": Ctrl+Enter resends it, and the answers after it are"
                + " replaced");
    }

    /** Leaves edit mode without changing anything. */
    public void cancelEdit() {
        if (editing.get() >= 0) {
            editing.set(-1);
            input.set("");
            status.set("");
        }
    }

    /** Shows or hides the reasoning of finished answer {@code index}. */
    public void toggleReasoning(int index) {
        if (index < 0 || index >= turns.size() || turns.get(index) == streaming) {
            return;
        }
        ChatTurn t = turns.get(index);
        t.setReasoningCollapsed(!t.reasoningCollapsed());
        fireReset();
    }

    private void truncate(int from) {
        while (turns.size() > from) {
            turns.remove(turns.size() - 1);
        }
    }

    private void fireReset() {
        draftTokens.draftChanged();
        if (listener != null) {
            listener.reset(Collections.unmodifiableList(turns));
        }
    }

    // ------------------------------------------------------------------ save / load / export

    /** Where conversations are saved. */
    public static Path conversationsDir() {
        return SpoonPaths.dataDir().resolve("conversations");
    }

    public Conversation snapshot() {
        return new Conversation(title.get(), created, system.get(), provider.get(), model.get(), temperature.get(),
                maxTokens.get(), List.copyOf(turns));
    }

    /** Saves the conversation in the background (to its file, or a new one in {@link #conversationsDir()}). */
    public CompletableFuture<Path> save() {
        if (savedAs == null) {
            String slug = title.get().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("(^-+|-+$)", "");
            savedAs = conversationsDir().resolve(FILE_TIME.format(created) + "-"
                    + (slug.isEmpty() ? "chat" : slug.substring(0, Math.min(40, slug.length()))) + ".json");
        }
        Path target = savedAs;
        Conversation c = snapshot();
        return context.executor().submit(() -> {
            try {
                c.write(target);
                return target;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((p, e) -> context.executor().ui(() -> status.set(e == null ? "Saved to " + p
                : "Could not save: " + rootMessage(e))));
    }

    /** Saved conversations, newest first (read in the background). */
    public CompletableFuture<List<Path>> listSaved() {
        return context.executor().submit(() -> {
            Path dir = conversationsDir();
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted(Collections.reverseOrder()).toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Loads {@code file} in the background and shows it (stopping a stream first). */
    public CompletableFuture<Conversation> load(Path file) {
        return context.executor().submit(() -> {
            try {
                return Conversation.read(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((c, e) -> context.executor().ui(() -> {
            if (e != null) {
                status.set("Could not open " + file.getFileName() + ": " + rootMessage(e));
                return;
            }
            newChat();
            turns.addAll(c.turns());
            title.set(c.title());
            created = c.created();
            savedAs = file;
            system.set(c.system() == null ? "" : c.system());
            if (c.provider() != null && providers.contains(c.provider())) {
                provider.set(c.provider());
            }
            model.set(c.model() == null ? "" : c.model());
            temperature.set(c.temperature());
            maxTokens.set(c.maxTokens());
            status.set("Opened " + file.getFileName());
            fireReset();
        }));
    }

    /** Writes the conversation as Markdown to {@code file} in the background. */
    public CompletableFuture<Path> exportMarkdown(Path file) {
        String md = snapshot().toMarkdown();
        return context.executor().submit(() -> {
            try {
                Files.writeString(file, md);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((p, e) -> context.executor().ui(() -> status.set(e == null ? "Exported to " + p
                : "Could not export: " + rootMessage(e))));
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException
                || c instanceof java.io.UncheckedIOException)) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    // ------------------------------------------------------------------ providers and models

    private void refreshProviders() {
        List<String> names = new ArrayList<>();
        for (ProviderConfig pc : context.configuration().config().providers().values()) {
            if (ConfigurationManager.isConfigured(pc)) {
                names.add(pc.name());
            }
        }
        if (provider.get() != null && !names.contains(provider.get())) {
            names.add(provider.get());
        }
        providers.setAll(names);
    }

    /** The model a request without one goes to: the configured one, else the provider's own default. */
    private String defaultModel(String p) {
        String configured = configuredModel(p);
        if (configured != null) {
            return configured;
        }
        try {
            return context.manager().provider(p).metadata().defaultModel();
        } catch (RuntimeException e) {
            return null; // the request will report why the provider cannot be used
        }
    }

    private String configuredModel(String p) {
        try {
            return context.configuration().loadProviderConfig(p).model();
        } catch (ConfigurationException e) {
            return null;
        }
    }

    /** Fills {@link #models()} from the provider's live list, in the background. */
    public void loadModels() {
        String p = provider.get();
        if (p == null) {
            return;
        }
        context.executor().submit(() -> {
            try {
                return context.manager().provider(p).listModels().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                String configured = configuredModel(p);
                return configured == null ? List.<String>of() : List.of(configured);
            }
        }).thenAccept(list -> context.executor().ui(() -> {
            if (p.equals(provider.get())) {
                models.setAll(list);
            }
        }));
    }

    // ------------------------------------------------------------------ properties

    public List<ChatTurn> turns() {
        return Collections.unmodifiableList(turns);
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public StringProperty systemProperty() {
        return system;
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public ObjectProperty<Double> temperatureProperty() {
        return temperature;
    }

    public ObjectProperty<Integer> maxTokensProperty() {
        return maxTokens;
    }

    public StringProperty inputProperty() {
        return input;
    }

    /** One line about the last action or error. */
    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty titleProperty() {
        return title;
    }

    /** Index of the user turn being edited, or -1. */
    public IntegerProperty editingProperty() {
        return editing;
    }

    public ObservableList<String> providers() {
        return providers;
    }

    public ObservableList<String> models() {
        return models;
    }

    /** The request options (images, answer format, reasoning effort, extra body and headers) of the next send. */
    public RequestOptionsViewModel requestOptions() {
        return options;
    }

    /** The live token count of the conversation with the draft, and the model's context window. */
    public DraftTokens draftTokens() {
        return draftTokens;
    }
}
