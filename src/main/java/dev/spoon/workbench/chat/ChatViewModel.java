package dev.spoon.workbench.chat;

import dev.spoon.llm.ChatRequest;
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
import dev.spoon.workbench.BackgroundTask;
import dev.spoon.workbench.CallNotice;
import dev.spoon.workbench.FailureText;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.StreamBuffer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The chat console's state and commands (no Nodes). Sends the conversation through the {@code LlmManager}
 * as a stream; chunks are buffered in the answer's {@link ChatTurn} on the transport thread and handed to the
 * view by {@link #pump()}, which the view calls once per frame. Saving, opening and exporting go through the
 * {@link ConversationStore} as {@link BackgroundTask}s.
 *
 * <p>Thread rules: UI thread only, except what the executor runs in the background.
 */
public final class ChatViewModel {

    /** What the console is doing; drives Send/Stop. */
    public enum State { IDLE, STREAMING, DONE, FAILED, STOPPED }

    /** Receives document changes (the view). Called on the UI thread. */
    public interface Listener {
        /** Everything changed (new chat, loaded conversation, edit/retry, reasoning toggled). */
        void reset(List<ChatTurn> turns);

        void turnAdded(ChatTurn turn);

        /** New text of the streaming answer. */
        void delta(ChatTurn turn, StreamBuffer.Delta delta);

        void turnFinished(ChatTurn turn);

        /** The streaming answer's retry/fallback line changed ({@link ChatTurn#notice()}). */
        default void noticeChanged(ChatTurn turn) {
        }
    }

    private static final String NEW_CHAT = "New chat";

    private final WorkbenchContext context;
    private final ConversationStore store;
    private final ChatSettings settings = new ChatSettings();
    private final List<ChatTurn> turns = new ArrayList<>();
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final StringProperty input = new SimpleStringProperty(this, "input", "");
    private final StatusLine status = new StatusLine();
    private final StringProperty title = new SimpleStringProperty(this, "title", NEW_CHAT);
    private final IntegerProperty editing = new SimpleIntegerProperty(this, "editing", -1);
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final RequestOptionsViewModel options;
    private final DraftTokens draftTokens;
    private final StringBinding editingLabel;
    private Listener listener;
    private CompletableFuture<LlmResponse> inFlight;
    private ChatTurn streaming;
    private Instant created = Instant.now();
    private Path savedAs;

    public ChatViewModel(WorkbenchContext context) {
        this(context, new ConversationStore(ConversationStore.defaultDir()));
    }

    public ChatViewModel(WorkbenchContext context, ConversationStore store) {
        this.context = context;
        this.store = store;
        this.options = new RequestOptionsViewModel(context.executor(), RequestOptionsViewModel.SUPPORTED);
        this.draftTokens = new DraftTokens(context.executor(), this::draft);
        settings.providerProperty().set(context.providerChoices().defaultProvider());
        settings.providerProperty().addListener((o, a, b) -> {
            context.activeProviderProperty().set(b);
            showModelsOf(b);
        });
        settings.modelProperty().addListener((o, a, b) -> context.activeModelProperty().set(settings.modelOrNull()));
        context.activeProviderProperty().set(settings.providerProperty().get());
        showModelsOf(settings.providerProperty().get());
        editingLabel = Bindings.createStringBinding(() -> editing.get() < 0 ? "" : "Editing your message "
                + userOrdinal(editing.get()) + " \u2014 sending replaces it and every answer after it", editing);
        javafx.beans.InvalidationListener recount = o -> draftTokens.draftChanged();
        for (javafx.beans.Observable o : List.of(input, settings.systemProperty(), settings.providerProperty(),
                settings.modelProperty(), options.images())) {
            o.addListener(recount);
        }
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends the input as a new user turn (or, while editing turn N, replaces turn N and everything after it)
     * and streams the answer. Does nothing while an answer is streaming or when the input is blank; refused,
     * with the reason in the status line, while a setting is invalid.
     */
    public void send() {
        String text = input.get() == null ? "" : input.get().strip();
        if (state.get() == State.STREAMING || text.isEmpty() || refusedBySettings()) {
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
        if (title.get().equals(NEW_CHAT)) {
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
            status.error(problem);
            return null;
        }
        return options.options();
    }

    private boolean refusedBySettings() {
        String problem = settings.problemBinding().get();
        if (problem != null) {
            status.error("Not sent: " + problem + ".");
            return true;
        }
        return false;
    }

    /** Streams a new answer to the conversation as it is (after a send, a retry or an edit). */
    private void stream(SendOptions chosen) {
        String p = settings.providerProperty().get();
        String m = settings.modelOrNull();
        ChatRequest request = chosen.applyTo(ChatRequests.of(settings, turns).toBuilder()).build();
        ChatTurn answer = ChatTurn.streaming(p, m != null ? m : defaultModel(p));
        answer.request(request);
        turns.add(answer);
        streaming = answer;
        if (listener != null) {
            listener.turnAdded(answer);
        }
        state.set(State.STREAMING);
        status.busy("Streaming from " + p + "\u2026");
        CallNotice notice = new CallNotice(context.executor(), line -> {
            answer.setNotice(line);
            if (listener != null && answer == streaming) {
                listener.noticeChanged(answer);
            }
        });
        CompletableFuture<LlmResponse> call = context.executor().call(
                () -> context.manager().chatStream(request, p, answer::offer, notice));
        inFlight = call;
        context.requests().track(call);
        ResponseFormat format = request.options().responseFormat();
        // a JSON answer is checked in the background (a schema check can take a while), also when the call has
        // already ended and this would otherwise run on the calling (UI) thread
        call.whenComplete((r, e) -> context.executor().submit(() -> {
            StructuredOutput out = e == null && r != null ? StructuredOutput.of(format, r.content()) : null;
            context.executor().ui(() -> {
                notice.end();
                answer.setNoticeEvents(notice.events());
                answer.setStructured(out, format instanceof ResponseFormat.JsonSchema);
                finish(answer, r, e);
            });
            return null;
        }));
    }

    /** The request the next send would make, with the draft and its images, for the token count; null: none. */
    private DraftTokens.Draft draft() {
        String p = settings.providerProperty().get();
        ProviderConfig pc;
        try {
            pc = p == null ? null : context.configuration().loadProviderConfig(p);
        } catch (dev.spoon.llm.ConfigurationException e) {
            return null;
        }
        if (pc == null) {
            return null;
        }
        String m = settings.modelOrNull();
        String counted = m != null ? m : defaultModel(p);
        String text = input.get() == null ? "" : input.get().strip();
        ChatRequest.Builder b = ChatRequests.of(settings, editing.get() >= 0 ? turns.subList(0, editing.get()) : turns)
                .toBuilder();
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

    /**
     * The request answer {@code turn} was asked with, as its provider builds it ("View code").
     *
     * @throws IllegalArgumentException when the turn is no answer asked in this session (a loaded one)
     * @throws LlmException when the provider cannot be made or cannot build the request
     */
    public dev.spoon.llm.code.CodeRequest code(int turn) {
        ChatTurn t = turns.get(turn);
        if (t.request() == null) {
            throw new IllegalArgumentException("this answer was loaded from a file: its request is not known");
        }
        return dev.spoon.llm.code.CodeRequest.preview(context.manager().provider(t.provider()), t.request(), true);
    }

    /** Moves newly arrived text of the streaming answer to the listener. Call at most once per frame. */
    public void pump() {
        ChatTurn t = streaming;
        if (t == null) {
            return;
        }
        StreamBuffer.Delta d = t.drain();
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
            answer.finish(ChatTurn.Status.DONE, r.provider(), r.model(), r.toolCalls(), r.ttftMs(),
                    r.tokensPerSecond(), r.usage(), cost(r, answer), r.durationMs());
            state.set(State.DONE);
            status.info("Answered by " + r.provider() + " in " + r.durationMs() + " ms");
        } else if (FailureText.isCancellation(e)) {
            answer.fail(ChatTurn.Status.CANCELLED, null, null, null);
            state.set(State.STOPPED);
            status.info("Stopped; the partial answer is kept");
        } else {
            LlmException le = LlmProvider.unwrap(e);
            LlmResponse partial = le.partial();
            if (partial != null) {
                answer.finish(ChatTurn.Status.FAILED, partial.provider(), partial.model(), partial.toolCalls(),
                        partial.ttftMs(), partial.tokensPerSecond(), partial.usage(), cost(partial, answer),
                        partial.durationMs());
            }
            answer.fail(ChatTurn.Status.FAILED, le.displayTitle(), le.displayMessage(), le.guiHint());
            state.set(State.FAILED);
            status.error(FailureText.llm(le));
        }
        if (listener != null) {
            listener.turnFinished(answer);
        }
        draftTokens.draftChanged();
    }

    /** The answer's cost: priced by the model that answered, else by the model asked for. */
    private Double cost(LlmResponse r, ChatTurn answer) {
        Double c = context.costOf(r.model(), r.usage());
        return c != null ? c : context.costOf(answer.model(), r.usage());
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
            finish(streaming, null, new java.util.concurrent.CancellationException());
        }
        turns.clear();
        editing.set(-1);
        title.set(NEW_CHAT);
        created = Instant.now();
        savedAs = null;
        state.set(State.IDLE);
        status.clear();
        fireReset();
    }

    /**
     * Re-asks the answer at {@code index} (or, for a user turn, the answer to it): removes it and everything
     * after it and streams a new answer.
     */
    public void retry(int index) {
        if (state.get() == State.STREAMING || index < 0 || index >= turns.size() || refusedBySettings()) {
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
        status.info("Editing your message " + userOrdinal(index) + ": Ctrl+Enter resends it and replaces every"
                + " answer after it");
    }

    /** Leaves edit mode without changing anything. */
    public void cancelEdit() {
        if (editing.get() >= 0) {
            editing.set(-1);
            input.set("");
            status.clear();
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

    /** 1 for the first user turn, 2 for the second… (what the user counts), for turn {@code index}. */
    private int userOrdinal(int index) {
        int n = 0;
        for (int i = 0; i <= index && i < turns.size(); i++) {
            if (turns.get(i).role() == ChatTurn.Role.USER) {
                n++;
            }
        }
        return n;
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

    // ------------------------------------------------------------------ save / open / export

    public Conversation snapshot() {
        return new Conversation(title.get(), created, settings.systemProperty().get(),
                settings.providerProperty().get(), settings.modelProperty().get(),
                settings.temperatureProperty().get().value(), settings.maxTokensProperty().get().value(),
                List.copyOf(turns));
    }

    /** Saves the conversation in the background (to its file, or a new one in the store's folder). */
    public CompletableFuture<Path> save() {
        if (savedAs == null) {
            savedAs = store.newFile(title.get(), created);
        }
        Path target = savedAs;
        Conversation c = snapshot();
        return context.executor().execute(BackgroundTask.run("save the conversation", p -> {
            store.write(c, target);
            return target;
        }).onSuccess(f -> status.info("Saved to " + f)).showFailureIn(status));
    }

    /** The saved conversations with their titles, newest first (read in the background). */
    public CompletableFuture<List<ConversationStore.Saved>> listSaved() {
        return context.executor().execute(BackgroundTask.run("list the saved conversations", p -> store.list())
                .showFailureIn(status));
    }

    /** Opens {@code file} in the background and shows it (stopping a stream first); a bad file keeps the chat. */
    public CompletableFuture<Conversation> load(Path file) {
        return context.executor().execute(BackgroundTask.run("open " + file.getFileName(), p -> store.read(file))
                .onSuccess(c -> show(c, file)).showFailureIn(status));
    }

    private void show(Conversation c, Path file) {
        newChat();
        turns.addAll(c.turns());
        title.set(c.title());
        created = c.created();
        savedAs = file;
        settings.systemProperty().set(c.system() == null ? "" : c.system());
        if (c.provider() != null && context.providerChoices().names().contains(c.provider())) {
            settings.providerProperty().set(c.provider());
        }
        settings.modelProperty().set(c.model() == null ? "" : c.model());
        settings.setParameters(c.temperature(), c.maxTokens());
        status.info("Opened " + c.title());
        fireReset();
    }

    /** Writes the conversation as Markdown to {@code file} in the background. */
    public CompletableFuture<Path> exportMarkdown(Path file) {
        Conversation c = snapshot();
        return context.executor().execute(BackgroundTask.run("export the conversation", p -> {
            store.exportMarkdown(c, file);
            return file;
        }).onSuccess(f -> status.info("Exported to " + f)).showFailureIn(status));
    }

    /** The folder the store saves to. */
    public Path conversationsDir() {
        return store.dir();
    }

    // ------------------------------------------------------------------ providers and models

    /** The model a request without one goes to: the configured one, else the provider's own default. */
    private String defaultModel(String p) {
        String configured = context.models().configuredModel(p);
        if (configured != null) {
            return configured;
        }
        try {
            return context.manager().provider(p).metadata().defaultModel();
        } catch (RuntimeException e) {
            return null; // the request will report why the provider cannot be used
        }
    }

    private void showModelsOf(String p) {
        ObservableList<String> source = context.models().models(p);
        models.setAll(source);
        if (p != null) {
            context.models().load(p, status).thenRun(() -> {
                if (p.equals(settings.providerProperty().get())) {
                    models.setAll(context.models().models(p));
                }
            });
        }
    }

    /** Reads the provider's live model list again (the user opened the model box). */
    public void loadModels() {
        String p = settings.providerProperty().get();
        context.models().reload(p, status).thenRun(() -> {
            if (p != null && p.equals(settings.providerProperty().get())) {
                models.setAll(context.models().models(p));
            }
        });
    }

    // ------------------------------------------------------------------ properties

    public List<ChatTurn> turns() {
        return Collections.unmodifiableList(turns);
    }

    /** Provider, model, system prompt, temperature and max tokens of the next request. */
    public ChatSettings settings() {
        return settings;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public StringProperty systemProperty() {
        return settings.systemProperty();
    }

    public StringProperty providerProperty() {
        return settings.providerProperty();
    }

    public StringProperty modelProperty() {
        return settings.modelProperty();
    }

    public StringProperty inputProperty() {
        return input;
    }

    /** The status line: the last action or error, with its kind. */
    public StatusLine status() {
        return status;
    }

    /** The status line's text. */
    public ReadOnlyStringProperty statusProperty() {
        return status.textProperty();
    }

    public StringProperty titleProperty() {
        return title;
    }

    /** Index of the user turn being edited, or -1. */
    public IntegerProperty editingProperty() {
        return editing;
    }

    /** "Editing your message 2 — …" while editing (counting the user's messages), else "". */
    public StringBinding editingLabel() {
        return editingLabel;
    }

    public ObservableList<String> providers() {
        return context.providerChoices().names();
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
