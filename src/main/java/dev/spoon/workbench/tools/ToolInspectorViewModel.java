package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.ToolChoice;
import dev.spoon.workbench.BackgroundTask;
import dev.spoon.workbench.FailureText;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool-call inspector: tool definitions (edited as JSON Schema, from examples or a file), runs of a
 * conversation with tools on any provider, pausing at each round of tool calls so the user can edit the
 * arguments and supply results (or let the built-in example tools answer, or continue automatically), and
 * replays of the same opening on another provider. Every run is kept for comparison.
 *
 * <p>Thread rules: FX thread only; provider calls run asynchronously and report back through the
 * {@link TaskExecutor}. Call {@link #close()} when done (it unsubscribes from the exchange hook).
 */
public final class ToolInspectorViewModel implements AutoCloseable {
    /** Rounds that auto-continue may run in a row before it pauses (a model may call tools forever). */
    public static final int MAX_AUTO_ROUNDS = 8;

    private final WorkbenchContext context;
    private final TaskExecutor executor;
    private final WireCapture wire;
    private final StringProperty toolsText = new SimpleStringProperty(this, "toolsText", "");
    private final ReadOnlyObjectWrapper<ToolDefinitions> definitions =
            new ReadOnlyObjectWrapper<>(this, "definitions", ToolDefinitions.parse(""));
    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final StringProperty system = new SimpleStringProperty(this, "system", "");
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final ObjectProperty<String> toolChoice = new SimpleObjectProperty<>(this, "toolChoice", "auto");
    private final BooleanProperty autoContinue = new SimpleBooleanProperty(this, "autoContinue", false);
    private final StatusLine status = new StatusLine();
    private final ObservableList<ToolRun> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ToolRun> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ObservableList<ToolCallItem> pending = FXCollections.observableArrayList();
    private List<Tool> runTools = List.of();
    /** The connected MCP servers' side of runs, or null when the pane has no MCP section. */
    private McpRunCalls mcp;
    private CompletableFuture<LlmResponse> call;
    private int autoRounds;
    /** The text the model sent beside the calls it is paused on. */
    private String pendingText = "";
    /** The reasoning of the turn that made the pending calls: sent back with them (Anthropic requires it). */
    private String pendingReasoning;

    public ToolInspectorViewModel(WorkbenchContext context) {
        this.context = context;
        this.executor = context.executor();
        this.wire = new WireCapture(context.core().listeners());
        toolsText.addListener((o, a, b) -> definitions.set(ToolDefinitions.parse(b)));
        provider.set(context.providerChoices().defaultProvider());
        toolsText.set(ToolDefinitions.withTool(ToolDefinitions.withTool("",
                BuiltInTools.Example.WEATHER.definition()), BuiltInTools.Example.CALCULATOR.definition()));
    }

    /** Offers the connected MCP servers' tools in runs, and lets their servers answer the calls. */
    public void useMcp(McpServersViewModel servers) {
        this.mcp = new McpRunCalls(servers, executor);
    }

    /**
     * Has the MCP server behind {@code item} answer it with the arguments as they are now (again, after an
     * edit); the status says how it went.
     */
    public void callMcp(ToolCallItem item) {
        if (mcp == null || item.mcp().isEmpty()) {
            return;
        }
        status.busy("Calling " + item.mcp().get().server() + " \u00B7 " + item.mcp().get().tool().name() + "\u2026");
        mcp.call(item, "tools pane run").whenComplete((r, e) -> {
            if (e != null) {
                status.error(McpServersViewModel.describe(e));
            } else {
                status.info(item.name() + " answered by MCP server '" + r.server() + "' in " + r.durationMs() + " ms"
                        + (r.isError() ? " (it reports an error)" : "") + ".");
            }
        });
    }

    // ------------------------------------------------------------------ tool definitions

    /** Adds (or replaces) an example tool in the editor; the status says why when the text is not an array. */
    public void addExample(BuiltInTools.Example example) {
        try {
            toolsText.set(ToolDefinitions.withTool(toolsText.get(), example.definition()));
        } catch (IllegalArgumentException e) {
            status.error(e.getMessage());
        }
    }

    /** Loads an OpenAI-format tools file into the editor (in the background). */
    public CompletableFuture<String> loadTools(Path file) {
        return executor.execute(BackgroundTask.run("read " + file, p -> Files.readString(file, StandardCharsets.UTF_8))
                .onSuccess(text -> {
                    toolsText.set(ToolCallItem.pretty(text));
                    ToolDefinitions d = definitions.get();
                    if (d.valid()) {
                        status.info("Loaded " + d.tools().size() + " tools from " + file);
                    } else {
                        status.error("Loaded " + file + ", but it has problems: " + d.problems().get(0));
                    }
                }).showFailureIn(status));
    }

    // ------------------------------------------------------------------ runs

    /** Starts a new run: the system prompt and the prompt, with the defined tools, on the chosen provider. */
    public boolean start() {
        String text = prompt.get() == null ? "" : prompt.get().strip();
        if (text.isEmpty()) {
            status.error("Type a prompt first.");
            return false;
        }
        List<Message> opening = new ArrayList<>();
        if (system.get() != null && !system.get().isBlank()) {
            opening.add(Message.system(system.get().strip()));
        }
        opening.add(Message.user(text));
        return begin(provider.get(), model.get(), opening);
    }

    /** Runs the opening of the shown run again on {@code otherProvider} (model: its default when blank). */
    public boolean replay(String otherProvider, String otherModel) {
        ToolRun r = current.get();
        if (r == null) {
            status.error("Run a conversation first; then it can be replayed on another provider.");
            return false;
        }
        return begin(otherProvider, otherModel, r.opening());
    }

    private boolean begin(String p, String m, List<Message> opening) {
        if (isBusy()) {
            status.error("A run is in progress: finish or stop it first.");
            return false;
        }
        ToolDefinitions d = definitions.get();
        if (!d.valid()) {
            status.error("Fix the tool definitions first: " + d.problems().get(0));
            return false;
        }
        if (p == null || p.isBlank()) {
            status.error("Choose a provider.");
            return false;
        }
        runTools = mcp == null ? d.tools() : mcp.offered(d.tools());
        ToolRun run = new ToolRun(runs.size() + 1, p, m == null || m.isBlank() ? null : m.strip(), opening);
        runs.add(run);
        current.set(run);
        pending.clear();
        autoRounds = 0;
        send(run);
        return true;
    }

    /** Whether a run is waiting for the model or for tool results. */
    public boolean isBusy() {
        ToolRun r = current.get();
        return r != null && (r.stateProperty().get() == ToolRun.State.RUNNING
                || r.stateProperty().get() == ToolRun.State.AWAITING_RESULTS);
    }

    private void send(ToolRun run) {
        run.setState(ToolRun.State.RUNNING);
        String round = UUID.randomUUID().toString();
        wire.expect(round);
        ChatRequest req = ChatRequest.builder().messages(run.messages()).model(run.model()).tools(runTools)
                .toolChoice(ToolChoice.parse(toolChoice.get())).tag("origin", "tools").tag(WireCapture.TAG, round)
                .build();
        Map<Integer, StringBuilder> deltas = new ConcurrentHashMap<>();
        status.busy("Round " + run.nextRound() + ": waiting for " + run.provider() + "\u2026");
        call = executor.call(() -> context.manager().chatStream(req, run.provider(), chunk -> {
            for (ToolCallDelta d : chunk.toolCallDeltas()) {
                if (d.argumentsFragment() != null) {
                    deltas.computeIfAbsent(d.index(), i -> new StringBuilder())
                            .append("fragment: ").append(d.argumentsFragment()).append('\n');
                }
            }
        }));
        context.requests().track(call);
        CompletableFuture<LlmResponse> mine = call;
        mine.whenComplete((r, e) -> executor.ui(() -> answered(run, round, r, e, deltas)));
    }

    private void answered(ToolRun run, String round, LlmResponse r, Throwable e, Map<Integer, StringBuilder> deltas) {
        List<String> events = wire.take(round);
        if (run.stateProperty().get() != ToolRun.State.RUNNING) {
            return; // stopped meanwhile
        }
        if (e != null) {
            LlmException le = LlmProvider.unwrap(e);
            String msg = le.displayMessage();
            run.note(TranscriptEntry.of(TranscriptEntry.Kind.ERROR, le.displayTitle(),
                    msg + (le.guiHint() == null ? "" : "\n" + le.guiHint())));
            run.setState(ToolRun.State.FAILED);
            status.error(le.displayLine());
            return;
        }
        String text = r.content();
        List<TranscriptEntry> cards = new ArrayList<>();
        if (!text.isBlank() || r.toolCalls().isEmpty()) {
            cards.add(TranscriptEntry.of(TranscriptEntry.Kind.ASSISTANT, "Assistant \u00B7 " + r.provider() + " \u00B7 "
                    + r.model() + " \u00B7 finish " + (r.finishReason() == null ? "?" : r.finishReason().wireName()),
                    text));
        }
        List<ToolCallItem> items = new ArrayList<>();
        for (int i = 0; i < r.toolCalls().size(); i++) {
            ToolCall tc = r.toolCalls().get(i);
            ToolCallItem item = new ToolCallItem(tc, schemaOf(tc.name()), rawFor(events, deltas.get(i)));
            if (mcp != null) {
                mcp.mark(item);
            }
            items.add(item);
            cards.add(item.card());
        }
        if (items.isEmpty()) {
            run.add(Message.assistant(text), cards.toArray(TranscriptEntry[]::new));
            run.setState(ToolRun.State.DONE);
            status.info("Done: " + run.provider() + " answered without calling more tools.");
            return;
        }
        cards.forEach(run::note);
        pendingText = text;
        pendingReasoning = r.reasoning();
        pending.setAll(items);
        run.setState(ToolRun.State.AWAITING_RESULTS);
        long flagged = items.stream().filter(x -> !x.modelProblems().isEmpty()).count();
        status.info("Paused: " + items.size() + " tool call" + (items.size() == 1 ? "" : "s") + " to answer"
                + (flagged > 0 ? " (" + flagged + " with malformed arguments)" : "") + ".");
        if (autoContinue.get() && flagged == 0 && items.stream().allMatch(x -> x.hasBuiltIn() || x.mcp().isPresent())) {
            if (++autoRounds > MAX_AUTO_ROUNDS) {
                status.info("Paused after " + MAX_AUTO_ROUNDS + " automatic rounds: check the calls, then continue.");
                autoRounds = 0;
                return;
            }
            items.stream().filter(ToolCallItem::hasBuiltIn).forEach(ToolCallItem::useBuiltIn);
            if (mcp == null || items.stream().noneMatch(x -> x.mcp().isPresent())) {
                continueRun();
                return;
            }
            mcp.callAll(items, "tools pane run").whenComplete((v, failure) -> {
                if (failure != null) {
                    status.error("Paused: " + McpServersViewModel.describe(failure));
                } else if (run.stateProperty().get() == ToolRun.State.AWAITING_RESULTS) {
                    continueRun();
                }
            });
        }
    }

    private JsonNode schemaOf(String name) {
        return runTools.stream().filter(t -> t.name().equals(name)).map(Tool::parameters).findFirst().orElse(null);
    }

    /** The raw events that carried tool-call data, else the argument fragments seen in the stream. */
    private static String rawFor(List<String> events, StringBuilder fragments) {
        List<String> toolEvents = events.stream().filter(ev -> ev.contains("tool_calls") || ev.contains("tool_use")
                || ev.contains("input_json_delta") || ev.contains("functionCall")).toList();
        if (!toolEvents.isEmpty()) {
            return String.join("\n", toolEvents);
        }
        return fragments == null ? null : fragments.toString().strip();
    }

    /**
     * Sends the (edited) tool calls and their results and lets the model continue. Refused, with the reason,
     * while a result is empty or edited arguments are not a JSON object.
     */
    public boolean continueRun() {
        ToolRun run = current.get();
        if (run == null || run.stateProperty().get() != ToolRun.State.AWAITING_RESULTS) {
            return false;
        }
        for (ToolCallItem item : pending) {
            JsonNode args = dev.spoon.llm.json.Json.tryParse(item.argumentsProperty().get());
            if (args == null || !args.isObject()) {
                status.error("The arguments of " + item.name() + " (" + item.id() + ") are not a JSON object: fix them "
                        + "before continuing.");
                return false;
            }
            if (item.resultProperty().get() == null || item.resultProperty().get().isBlank()) {
                status.error("Type or paste a result for " + item.name() + " (" + item.id() + ")"
                        + (item.hasBuiltIn() ? ", or use the built-in example tool." : "."));
                return false;
            }
        }
        for (ToolCallItem item : pending) {
            if (item.argumentsEdited()) {
                run.replace(item.card(), item.sentCard()); // the transcript shows what was sent
            }
        }
        List<ToolCall> calls = pending.stream().map(ToolCallItem::editedCall).toList();
        run.add(new Message(dev.spoon.llm.Role.ASSISTANT, pendingText, null, calls, null, null, pendingReasoning));
        for (ToolCallItem item : pending) {
            String typed = item.resultProperty().get().strip();
            JsonNode json = dev.spoon.llm.json.Json.tryParse(typed);
            String result = json != null && json.isContainerNode() ? json.toString() : typed; // compact JSON
            boolean edited = item.argumentsEdited();
            run.add(Message.tool(item.id(), item.name(), result), TranscriptEntry.of(TranscriptEntry.Kind.TOOL_RESULT,
                    "Result of " + item.name() + " \u00B7 " + item.id() + (edited ? " (arguments edited)" : "")
                            + item.mcp().map(m -> " \u00B7 from MCP server '" + m.server() + "'").orElse(""),
                    ToolCallItem.pretty(result)));
        }
        pending.clear();
        send(run);
        return true;
    }

    /** Stops the shown run (cancels a request in flight); returns whether something was running. */
    public boolean stop() {
        ToolRun run = current.get();
        if (run == null || !isBusy()) {
            return false;
        }
        if (call != null) {
            call.cancel(true);
        }
        pending.clear();
        run.note(TranscriptEntry.of(TranscriptEntry.Kind.INFO, "Stopped", "The run was stopped by the user."));
        run.setState(ToolRun.State.STOPPED);
        status.info("Stopped.");
        return true;
    }

    /** Shows an earlier run (its transcript; it cannot be continued unless it is the latest). */
    public void show(ToolRun run) {
        if (run != null && !isBusy()) {
            current.set(run);
        }
    }

    @Override
    public void close() {
        stop();
        wire.close();
    }

    // ------------------------------------------------------------------ properties

    public StringProperty toolsTextProperty() {
        return toolsText;
    }

    public ReadOnlyObjectProperty<ToolDefinitions> definitionsProperty() {
        return definitions.getReadOnlyProperty();
    }

    /** The providers a run may use (the workbench's one list). */
    public ObservableList<String> providers() {
        return context.providerChoices().names();
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty systemProperty() {
        return system;
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    /** auto, none, required, or a tool's name. */
    public ObjectProperty<String> toolChoiceProperty() {
        return toolChoice;
    }

    public BooleanProperty autoContinueProperty() {
        return autoContinue;
    }

    /** The status line: the last action or error, with its kind. */
    public StatusLine status() {
        return status;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.textProperty();
    }

    public ObservableList<ToolRun> runs() {
        return runs;
    }

    public ReadOnlyObjectProperty<ToolRun> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The calls the current run is paused on. */
    public ObservableList<ToolCallItem> pending() {
        return pending;
    }
}
