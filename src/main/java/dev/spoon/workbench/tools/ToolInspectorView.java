package dev.spoon.workbench.tools;

import dev.spoon.workbench.Placeholder;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.Locale;

/**
 * The Tools pane's layout: the tool definitions editor on the left; the run controls, the transcript of the
 * shown run, and the calls the run is paused on (editable arguments, result, built-in answer) on the right.
 */
final class ToolInspectorView {
    private final ToolInspectorViewModel vm;
    private final SplitPane root = new SplitPane();
    private final ListView<TranscriptEntry> transcript = new ListView<>();
    private final VBox pendingBox = new VBox(10);
    private final TextArea prompt = new TextArea();

    /** @param mcp the MCP servers section, or null for none */
    ToolInspectorView(ToolInspectorViewModel vm, McpServersView mcp) {
        this.vm = vm;
        root.getStyleClass().add("tools-pane");
        root.getStylesheets().add(ToolInspectorView.class.getResource("tools.css").toExternalForm());
        root.getItems().addAll(mcp == null ? editor() : leftTabs(editor(), mcp.root()), runArea());
        root.setDividerPositions(0.32);
        vm.currentProperty().addListener((o, a, b) -> transcript.setItems(b == null ? null : b.entries()));
        vm.pending().addListener((ListChangeListener<ToolCallItem>) c -> showPending());
        transcript.getItems().addListener((ListChangeListener<TranscriptEntry>) c -> scrollToEnd());
    }

    Node root() {
        return root;
    }

    void focusPrompt() {
        prompt.requestFocus();
    }

    private void scrollToEnd() {
        if (!transcript.getItems().isEmpty()) {
            transcript.scrollTo(transcript.getItems().size() - 1);
        }
    }

    private Node editor() {
        MenuButton examples = new MenuButton("Add example");
        examples.setId("tools-examples");
        for (BuiltInTools.Example ex : BuiltInTools.Example.values()) {
            MenuItem item = new MenuItem(ex.label());
            item.setId("example-" + ex.name().toLowerCase(Locale.ROOT));
            item.setOnAction(e -> vm.addExample(ex));
            examples.getItems().add(item);
        }
        Button load = new Button("Load tools file\u2026");
        load.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Load tools (OpenAI tools format, a JSON array)");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
            File f = fc.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                vm.loadTools(f.toPath());
            }
        });
        TextArea text = new TextArea();
        text.setId("tools-editor");
        text.getStyleClass().add("code");
        text.textProperty().bindBidirectional(vm.toolsTextProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        Label validation = new Label();
        validation.setId("tools-validation");
        validation.setWrapText(true);
        validation.textProperty().bind(Bindings.createStringBinding(() -> {
            ToolDefinitions d = vm.definitionsProperty().get();
            return d.valid() ? "\u2713 " + d.tools().size() + " tool" + (d.tools().size() == 1 ? "" : "s") + " valid: "
                    + String.join(", ", d.tools().stream().map(dev.spoon.llm.Tool::name).toList())
                    : "\u2717 " + String.join("\n\u2717 ", d.problems());
        }, vm.definitionsProperty()));
        vm.definitionsProperty().addListener((o, a, b) -> styleValidation(validation, b.valid()));
        styleValidation(validation, vm.definitionsProperty().get().valid());
        Label title = new Label("Tools (JSON Schema, OpenAI tools format)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setWrapText(true);
        FlowPane bar = new FlowPane(6, 6, examples, load);
        VBox box = new VBox(8, title, bar, text, validation);
        box.getStyleClass().add("tools-editor-box");
        return box;
    }

    /** The tool definitions and the MCP servers, one tab each. */
    private static Node leftTabs(Node definitions, Node mcp) {
        javafx.scene.control.Tab defs = new javafx.scene.control.Tab("Definitions", definitions);
        defs.setId("tools-tab-definitions");
        javafx.scene.control.Tab servers = new javafx.scene.control.Tab("MCP servers", mcp);
        servers.setId("tools-tab-mcp");
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane(defs, servers);
        tabs.setId("tools-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        // both tab titles and the MCP section's buttons stay whole when the run area asks for more (1024 px)
        tabs.setMinWidth(300);
        return tabs;
    }

    private static void styleValidation(Label l, boolean ok) {
        l.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        l.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
    }

    private Node runArea() {
        ComboBox<String> provider = new ComboBox<>(vm.providers());
        provider.setId("tools-provider");
        dev.spoon.workbench.ChoiceBinding.bind(provider, vm.providerProperty());
        TextField model = new TextField();
        model.setPromptText("model (default)");
        model.textProperty().bindBidirectional(vm.modelProperty());
        ComboBox<String> choice = new ComboBox<>();
        choice.setEditable(true);
        choice.getItems().addAll("auto", "none", "required");
        choice.valueProperty().bindBidirectional(vm.toolChoiceProperty());
        choice.setPrefWidth(110);
        Button run = new Button("Run");
        run.setId("tools-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setOnAction(e -> vm.start());
        Button stop = new Button("Stop");
        stop.setOnAction(e -> vm.stop());
        // rows that wrap in a narrow window instead of cutting their labels
        FlowPane top = new FlowPane(6, 6, new Label("Provider"), provider, model, new Label("tool choice"), choice, run,
                stop);
        top.setAlignment(Pos.CENTER_LEFT);
        TextField system = new TextField();
        system.setPromptText("System prompt (optional)");
        system.textProperty().bindBidirectional(vm.systemProperty());
        prompt.setId("tools-prompt");
        prompt.setPromptText("User message, e.g. What's the weather in Florence? (Ctrl+Enter runs)");
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());

        ComboBox<ToolRun> runs = new ComboBox<>(vm.runs());
        runs.setId("tools-runs");
        runs.setCellFactory(l -> new RunCell());
        runs.setButtonCell(new RunCell());
        vm.currentProperty().addListener((o, a, b) -> runs.setValue(b));
        runs.setOnAction(e -> vm.show(runs.getValue()));
        ComboBox<String> replayTo = new ComboBox<>(vm.providers());
        replayTo.setId("replay-provider");
        replayTo.setPromptText("provider");
        TextField replayModel = new TextField();
        replayModel.setPromptText("model (default)");
        replayModel.setPrefColumnCount(10);
        Button replay = new Button("Replay");
        replay.setId("replay-button");
        replay.setOnAction(e -> vm.replay(replayTo.getValue(), replayModel.getText()));
        replay.disableProperty().bind(replayTo.valueProperty().isNull());
        FlowPane replayRow = new FlowPane(6, 6, new Label("Showing"), runs, new Label("\u00B7 replay its opening on"),
                replayTo, replayModel, replay);
        replayRow.setAlignment(Pos.CENTER_LEFT);

        transcript.setId("tools-transcript");
        transcript.setCellFactory(l -> new EntryCell());
        transcript.setPlaceholder(Placeholder.of("Define tools, type a message and press Run. Each tool call the model "
                + "makes pauses the run here."));
        ScrollPane pendingScroll = new ScrollPane(pendingBox);
        pendingScroll.setFitToWidth(true);
        pendingBox.getStyleClass().add("pending-box");
        Button cont = new Button("Continue \u25B6");
        cont.setId("tools-continue");
        cont.setMinWidth(Region.USE_PREF_SIZE);
        cont.getStyleClass().add(Styles.SUCCESS);
        cont.disableProperty().bind(Bindings.isEmpty(vm.pending()));
        cont.setOnAction(e -> vm.continueRun());
        CheckBox auto = new CheckBox("Auto-continue: built-in example tools and MCP servers answer");
        auto.setId("tools-auto");
        auto.selectedProperty().bindBidirectional(vm.autoContinueProperty());
        Label status = new Label();
        status.setId("tools-status");
        status.setWrapText(true);
        dev.spoon.workbench.StatusStyle.bind(status, vm.status());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox contRow = new HBox(10, cont, auto, spacer);
        contRow.setAlignment(Pos.CENTER_LEFT);
        VBox pendingArea = new VBox(6, contRow, pendingScroll);
        VBox.setVgrow(pendingScroll, Priority.ALWAYS);
        SplitPane middle = new SplitPane(transcript, pendingArea);
        middle.setOrientation(Orientation.VERTICAL);
        middle.setDividerPositions(0.55);
        VBox.setVgrow(middle, Priority.ALWAYS);
        VBox box = new VBox(8, top, system, prompt, replayRow, middle, status);
        box.getStyleClass().add("tools-run-box");
        showPending();
        return new BorderPane(box);
    }

    private void showPending() {
        pendingBox.getChildren().clear();
        if (vm.pending().isEmpty()) {
            Label none = new Label("No tool calls waiting.");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            pendingBox.getChildren().add(none);
            return;
        }
        for (int i = 0; i < vm.pending().size(); i++) {
            pendingBox.getChildren().add(callCard(vm.pending().get(i), i));
        }
    }

    private Node callCard(ToolCallItem item, int i) {
        Label title = new Label(item.name() + "  \u00B7  " + item.id());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label builtIn = new Label(item.mcp().map(m -> "MCP \u00B7 " + m.server()).orElse(item.hasBuiltIn()
                ? "built-in example available" : "no built-in: supply the result"));
        if (item.mcp().isPresent()) {
            builtIn.getStyleClass().add("mcp-badge");
        }
        builtIn.getStyleClass().add(Styles.TEXT_MUTED);
        TextArea args = new TextArea();
        args.setId("tool-args-" + i);
        args.getStyleClass().add("code");
        args.setPrefRowCount(4);
        args.textProperty().bindBidirectional(item.argumentsProperty());
        VBox problems = new VBox(2);
        problems.setId("tool-problems-" + i);
        Runnable showProblems = () -> {
            problems.getChildren().clear();
            for (String p : item.problems()) {
                Label l = new Label("\u26A0 " + p);
                l.setWrapText(true);
                l.getStyleClass().addAll(Styles.DANGER, "problem");
                problems.getChildren().add(l);
            }
        };
        item.problems().addListener((ListChangeListener<String>) c -> showProblems.run());
        showProblems.run();
        TextArea result = new TextArea();
        result.setId("tool-result-" + i);
        result.getStyleClass().add("code");
        result.setPrefRowCount(3);
        result.setPromptText("Type or paste the tool's result (JSON or text)");
        result.textProperty().bindBidirectional(item.resultProperty());
        Button use = new Button("Use built-in example tool");
        use.setId("tool-builtin-" + i);
        use.setDisable(!item.hasBuiltIn());
        use.setOnAction(e -> item.useBuiltIn());
        if (item.mcp().isPresent()) {
            use.setText("Call MCP server");
            use.setDisable(false);
            use.setOnAction(e -> vm.callMcp(item));
        }
        VBox argsBox = new VBox(4, new Label("Arguments (editable)"), args, problems);
        VBox resultBox = new VBox(4, new Label("Result"), result, use);
        McpCallCard.addBlocks(item, resultBox);
        HBox.setHgrow(argsBox, Priority.ALWAYS);
        HBox.setHgrow(resultBox, Priority.ALWAYS);
        argsBox.setPrefWidth(300);
        resultBox.setPrefWidth(300);
        VBox card = new VBox(4, new HBox(10, title, builtIn), new HBox(10, argsBox, resultBox));
        if (item.raw() != null && !item.raw().isBlank()) {
            TextArea raw = new TextArea(item.raw());
            raw.setEditable(false);
            raw.setPrefRowCount(4);
            raw.getStyleClass().add("code");
            TitledPane tp = new TitledPane("Raw wire fragments", raw);
            tp.setExpanded(false);
            argsBox.getChildren().add(tp);
        }
        card.getStyleClass().add("call-card");
        return card;
    }

    private static final class RunCell extends ListCell<ToolRun> {
        @Override
        protected void updateItem(ToolRun r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? null : r.label());
        }
    }

    private final class EntryCell extends ListCell<TranscriptEntry> {
        @Override
        protected void updateItem(TranscriptEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().removeIf(s -> s.startsWith("entry-"));
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            getStyleClass().add("entry-" + e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            Label title = new Label(switch (e.kind()) {
                case TOOL_CALL -> "\u2692 Tool call: " + e.title();
                case TOOL_RESULT -> "\u21A9 " + e.title();
                case ERROR -> "\u26A0 " + e.title();
                default -> e.title();
            });
            title.getStyleClass().addAll(Styles.TEXT_BOLD, "entry-title");
            Label body = new Label(e.body() == null || e.body().isEmpty() ? "(empty)" : e.body());
            body.setWrapText(true);
            body.getStyleClass().add(e.kind() == TranscriptEntry.Kind.TOOL_CALL
                    || e.kind() == TranscriptEntry.Kind.TOOL_RESULT ? "code" : "entry-body");
            body.maxWidthProperty().bind(transcript.widthProperty().subtract(40));
            body.setMinHeight(Region.USE_PREF_SIZE); // multi-line JSON: never clip to one line
            VBox box = new VBox(3, title, body);
            for (String p : e.problems()) {
                Label l = new Label("\u26A0 malformed: " + p);
                l.setWrapText(true);
                l.getStyleClass().addAll(Styles.DANGER, "problem");
                l.maxWidthProperty().bind(transcript.widthProperty().subtract(40));
                l.setMinHeight(Region.USE_PREF_SIZE);
                box.getChildren().add(l);
            }
            if (e.raw() != null && !e.raw().isBlank()) {
                Label raw = new Label(e.raw());
                raw.setWrapText(true);
                raw.getStyleClass().addAll("code", "raw");
                raw.maxWidthProperty().bind(transcript.widthProperty().subtract(60));
                TitledPane tp = new TitledPane("Raw wire fragments", raw);
                tp.setExpanded(false);
                box.getChildren().add(tp);
            }
            setText(null);
            setGraphic(box);
        }
    }
}
