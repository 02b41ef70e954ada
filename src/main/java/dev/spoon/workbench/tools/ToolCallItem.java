package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.json.Json;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * A tool call the run is paused on: the model's call (arguments pretty-printed, editable), its problems
 * against the tool's schema (re-checked as the user edits), the raw wire fragments it arrived in, and the
 * result the user types, pastes or takes from the built-in example tool. FX thread only.
 */
public final class ToolCallItem {
    private final ToolCall call;
    private final JsonNode schema;
    private final boolean known;
    private final String raw;
    private final StringProperty arguments = new SimpleStringProperty(this, "arguments");
    private final StringProperty result = new SimpleStringProperty(this, "result", "");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final List<String> modelProblems;
    /** The MCP tool behind this call (set when a connected server offers it), or null. */
    private dev.spoon.llm.mcp.McpToolset.Entry mcp;
    private final javafx.beans.property.ObjectProperty<dev.spoon.llm.mcp.McpCallResult> mcpResult =
            new javafx.beans.property.SimpleObjectProperty<>(this, "mcpResult");
    private final TranscriptEntry card;

    /**
     * @param schema the tool's parameter schema, or null when the model called a tool that is not defined
     * @param raw    the wire fragments of this call (SSE events or argument deltas), or null
     */
    ToolCallItem(ToolCall call, JsonNode schema, String raw) {
        this.call = call;
        this.schema = schema;
        this.known = schema != null;
        this.raw = raw;
        arguments.addListener((o, a, b) -> check());
        arguments.set(pretty(call.arguments()));
        modelProblems = List.copyOf(problems);
        card = new TranscriptEntry(TranscriptEntry.Kind.TOOL_CALL, call.name() + " \u00B7 " + call.id(),
                arguments.get(), modelProblems, raw);
    }

    /** The transcript card of the call as the model made it. */
    TranscriptEntry card() {
        return card;
    }

    /** The card of the call as it is sent back: the edited arguments, and what the model had sent. */
    TranscriptEntry sentCard() {
        JsonNode original = Json.tryParse(call.arguments());
        return new TranscriptEntry(TranscriptEntry.Kind.TOOL_CALL, call.name() + " \u00B7 " + call.id()
                + " \u00B7 arguments edited (the model sent " + (original == null ? call.arguments() : original) + ")",
                pretty(editedCall().arguments()), List.of(), raw);
    }

    /** Pretty-printed JSON, or the text unchanged when it is not JSON. */
    static String pretty(String json) {
        JsonNode n = Json.tryParse(json);
        if (n == null) {
            return json;
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (Exception e) {
            return json;
        }
    }

    private void check() {
        List<String> p = new java.util.ArrayList<>(SchemaCheck.argumentProblems(schema, arguments.get()));
        if (!known) {
            p.add(0, "the model called '" + call.name() + "', which is not among the defined tools");
        }
        problems.setAll(p);
    }

    /** Fills the result from the built-in example tool; returns false when the tool is not built in. */
    public boolean useBuiltIn() {
        return BuiltInTools.answer(call.name(), arguments.get()).map(r -> {
            result.set(pretty(r));
            return true;
        }).orElse(false);
    }

    /** The call as it will be sent back: same id and name, the (possibly edited) arguments, compacted. */
    ToolCall editedCall() {
        JsonNode n = Json.tryParse(arguments.get());
        return new ToolCall(call.id(), call.name(), n == null ? arguments.get() : n.toString(),
                call.thoughtSignature());
    }

    /** Whether the arguments now differ (as JSON) from what the model sent. */
    public boolean argumentsEdited() {
        JsonNode now = Json.tryParse(arguments.get());
        JsonNode was = Json.tryParse(call.arguments());
        return now == null || was == null ? !arguments.get().strip().equals(call.arguments().strip())
                : !now.equals(was);
    }

    public String id() {
        return call.id();
    }

    public String name() {
        return call.name();
    }

    /** The arguments exactly as the model sent them. */
    public String originalArguments() {
        return call.arguments();
    }

    /** What was wrong with the arguments as the model sent them (empty when they were fine). */
    public List<String> modelProblems() {
        return modelProblems;
    }

    /** Marks this call as one an MCP server answers ({@link McpRunCalls}). */
    void mcp(dev.spoon.llm.mcp.McpToolset.Entry entry) {
        this.mcp = entry;
    }

    /** The MCP tool behind this call, if a connected server offers it. */
    public java.util.Optional<dev.spoon.llm.mcp.McpToolset.Entry> mcp() {
        return java.util.Optional.ofNullable(mcp);
    }

    /** What the MCP server answered the last time it was called for this call (content blocks), or null. */
    public javafx.beans.property.ObjectProperty<dev.spoon.llm.mcp.McpCallResult> mcpResultProperty() {
        return mcpResult;
    }

    public boolean hasBuiltIn() {
        return mcp == null && BuiltInTools.answers(call.name());
    }

    /** The raw wire fragments, or null when none were seen. */
    public String raw() {
        return raw;
    }

    public StringProperty argumentsProperty() {
        return arguments;
    }

    public StringProperty resultProperty() {
        return result;
    }

    /** Problems of the current arguments (live). */
    public ObservableList<String> problems() {
        return problems;
    }
}
