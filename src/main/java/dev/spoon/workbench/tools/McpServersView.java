package dev.spoon.workbench.tools;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.mcp.McpServerState;
import dev.spoon.llm.mcp.McpServerStatus;
import dev.spoon.llm.mcp.McpTool;
import dev.spoon.workbench.Placeholder;
import dev.spoon.workbench.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The MCP servers section: servers with status and tool count (add, edit, remove, connect, disconnect), the
 * selected server's last error and stderr, the connected servers' tools with a server badge (double-click or
 * "Call tool…" opens the form), the folders offered as roots, and the servers' sampling requests to approve.
 * Laid out in one scrolling column that fits the Tools pane's left side at 1024×700.
 */
final class McpServersView {
    private final McpServersViewModel vm;
    private final TaskExecutor executor;
    private final javafx.collections.ObservableList<String> providers;
    private final VBox box = new VBox(8);
    private final ListView<McpServerState> servers = new ListView<>();
    private final ListView<McpTool> tools = new ListView<>();
    private final VBox samplingBox = new VBox(6);

    McpServersView(McpServersViewModel vm, TaskExecutor executor, javafx.collections.ObservableList<String> providers) {
        this.vm = vm;
        this.executor = executor;
        this.providers = providers;
        Button add = new Button("Add server\u2026");
        add.setId("mcp-add");
        add.setOnAction(e -> edit(null));
        Button folders = new Button("Folders (roots)\u2026");
        folders.setId("mcp-roots");
        folders.setOnAction(e -> pickFolder());
        folders.setTooltip(new Tooltip("Folders offered to the servers (roots/list)"));
        HBox bar = new HBox(6, add, folders);

        servers.setId("mcp-servers");
        servers.setItems(vm.rows());
        servers.setCellFactory(l -> new ServerCell());
        servers.setPrefHeight(120);
        servers.setMinHeight(Region.USE_PREF_SIZE);
        servers.setPlaceholder(Placeholder.of("No MCP servers yet: Add server\u2026"));
        servers.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b.name());
            }
        });
        vm.rows().addListener((ListChangeListener<McpServerState>) c -> reselect());

        Button connect = new Button("Connect");
        connect.setId("mcp-connect");
        connect.setOnAction(e -> withSelected(s -> vm.connect(s.name())));
        Button disconnect = new Button("Disconnect");
        disconnect.setId("mcp-disconnect");
        disconnect.setOnAction(e -> withSelected(s -> vm.disconnect(s.name())));
        Button editButton = new Button("Edit\u2026");
        editButton.setId("mcp-edit");
        editButton.setOnAction(e -> withSelected(this::edit));
        Button remove = new Button("Remove");
        remove.setId("mcp-remove");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setOnAction(e -> withSelected(s -> vm.remove(s.name())));
        FlowPane actions = new FlowPane(6, 6, connect, disconnect, editButton, remove);
        actions.disableProperty().bind(vm.selectedProperty().isNull());

        Label lastError = new Label();
        lastError.setId("mcp-last-error");
        lastError.setWrapText(true);
        lastError.setMinHeight(Region.USE_PREF_SIZE);
        lastError.getStyleClass().add(Styles.DANGER);
        lastError.textProperty().bind(Bindings.createStringBinding(() -> selectedState() == null
                || selectedState().lastError() == null ? "" : selectedState().lastError(), vm.rows(),
                vm.selectedProperty()));
        lastError.managedProperty().bind(lastError.textProperty().isNotEmpty());
        lastError.visibleProperty().bind(lastError.managedProperty());

        ListView<String> stderr = new ListView<>(vm.stderrLines());
        stderr.setId("mcp-stderr");
        stderr.getStyleClass().add("code");
        stderr.setPrefHeight(110);
        stderr.setPlaceholder(Placeholder.of("Nothing on stderr."));
        vm.stderrLines().addListener((ListChangeListener<String>) c -> {
            if (!vm.stderrLines().isEmpty()) {
                stderr.scrollTo(vm.stderrLines().size() - 1);
            }
        });
        TitledPane stderrPane = new TitledPane("Server log (stderr)", stderr);
        stderrPane.setId("mcp-stderr-pane");
        stderrPane.setExpanded(false);

        tools.setId("mcp-tools");
        tools.setItems(vm.tools());
        tools.setCellFactory(l -> new ToolCell());
        tools.setPrefHeight(150);
        tools.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(tools, Priority.ALWAYS); // the section's spare height goes to the tools
        tools.setPlaceholder(Placeholder.of("Connect a server to list its tools."));
        tools.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && tools.getSelectionModel().getSelectedItem() != null) {
                openCall(tools.getSelectionModel().getSelectedItem());
            }
        });
        Button callTool = new Button("Call tool\u2026");
        callTool.setId("mcp-call-tool");
        callTool.disableProperty().bind(tools.getSelectionModel().selectedItemProperty().isNull());
        callTool.setOnAction(e -> openCall(tools.getSelectionModel().getSelectedItem()));
        Label toolsTitle = new Label();
        toolsTitle.textProperty().bind(Bindings.size(vm.tools()).asString("Tools of connected servers (%d): "
                + "offered in runs"));
        toolsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        toolsTitle.setWrapText(true);
        toolsTitle.setMinHeight(Region.USE_PREF_SIZE);

        Label rootsLabel = new Label();
        rootsLabel.setId("mcp-roots-label");
        rootsLabel.setWrapText(true);
        rootsLabel.setMinHeight(Region.USE_PREF_SIZE);
        rootsLabel.getStyleClass().add(Styles.TEXT_MUTED);
        rootsLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.roots().isEmpty()
                ? "No folders offered (roots)." : "Roots: " + String.join(", ", vm.roots().stream()
                .map(p -> p.toString()).toList()), vm.roots()));

        samplingBox.setId("mcp-sampling");
        vm.sampling().pending().addListener((ListChangeListener<McpSamplingInbox.Pending>) c -> showSampling());
        showSampling();
        CheckBox auto = new CheckBox("Auto-approve sampling requests");
        auto.setId("mcp-auto-approve");
        auto.selectedProperty().bindBidirectional(vm.sampling().autoApproveProperty());
        ComboBox<String> samplingProvider = new ComboBox<>(providers);
        samplingProvider.setPromptText("run's provider");
        samplingProvider.valueProperty().bindBidirectional(vm.sampling().providerProperty());
        HBox samplingBar = new HBox(6, new Label("Sampling with"), samplingProvider);
        samplingBar.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("mcp-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(Bindings.createStringBinding(() -> vm.sampling().statusProperty().get()
                        .isEmpty() ? vm.statusProperty().get() : vm.sampling().statusProperty().get(),
                vm.statusProperty(), vm.sampling().statusProperty()));
        vm.statusProperty().addListener((o, a, b) -> vm.sampling().statusProperty().set(""));

        // a server's sampling request waits for the user: it goes first, where it is seen
        box.getChildren().addAll(samplingBox, bar, servers, actions, lastError, status, stderrPane, toolsTitle,
                tools, callTool, rootsLabel, samplingBar, auto);
        box.getStyleClass().add("mcp-servers-box");
    }

    Node root() {
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true); // at least the viewport's height; scrolls when the content needs more
        scroll.setId("mcp-section");
        return scroll;
    }

    private McpServerState selectedState() {
        String n = vm.selectedProperty().get();
        return n == null ? null : vm.rows().stream().filter(s -> s.name().equals(n)).findFirst().orElse(null);
    }

    private void reselect() {
        McpServerState s = selectedState();
        if (s != null && servers.getSelectionModel().getSelectedItem() != s) {
            servers.getSelectionModel().select(s);
        }
    }

    private void withSelected(java.util.function.Consumer<McpServerState> action) {
        McpServerState s = selectedState();
        if (s != null) {
            action.accept(s);
        }
    }

    private void edit(McpServerState existing) {
        List<String> taken = new ArrayList<>(vm.rows().stream().map(McpServerState::name).toList());
        if (existing != null) {
            taken.remove(existing.name());
        }
        new McpServerEditor(existing == null ? null : existing.config(), taken)
                .showAndWait(box.getScene() == null ? null : box.getScene().getWindow(),
                        existing == null ? "Add MCP server" : "Edit MCP server " + existing.name())
                .ifPresent(cfg -> vm.save(cfg, existing == null ? null : existing.name()));
    }

    private void pickFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("A folder to offer to the MCP servers (roots)");
        File f = dc.showDialog(box.getScene() == null ? null : box.getScene().getWindow());
        if (f != null) {
            List<java.nio.file.Path> now = new ArrayList<>(vm.roots());
            if (!now.contains(f.toPath())) {
                now.add(f.toPath());
            }
            vm.setRoots(now);
        }
    }

    private void openCall(McpTool tool) {
        if (tool != null) {
            new McpCallToolDialog(vm, executor, tool).show(box.getScene() == null ? null : box.getScene().getWindow());
        }
    }

    private void showSampling() {
        samplingBox.getChildren().clear();
        int i = 0;
        for (McpSamplingInbox.Pending p : vm.sampling().pending()) {
            Label what = new Label(p.summary());
            what.setWrapText(true);
            Button approve = new Button("Approve");
            approve.setId("mcp-sampling-approve-" + i);
            approve.getStyleClass().add(Styles.SUCCESS);
            approve.setOnAction(e -> vm.sampling().approve(p));
            Button decline = new Button("Decline");
            decline.setId("mcp-sampling-decline-" + i);
            decline.setOnAction(e -> vm.sampling().decline(p));
            VBox card = new VBox(4, what, new HBox(6, approve, decline));
            card.getStyleClass().add("call-card");
            samplingBox.getChildren().add(card);
            i++;
        }
    }

    /** "● everything   connected · 12 tools · stdio". */
    private static final class ServerCell extends ListCell<McpServerState> {
        @Override
        protected void updateItem(McpServerState s, boolean empty) {
            super.updateItem(s, empty);
            if (empty || s == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label dot = new Label("\u25CF");
            dot.getStyleClass().add("mcp-status-" + s.status().name().toLowerCase(Locale.ROOT));
            Label name = new Label(s.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label detail = new Label(s.status().word() + (s.status() == McpServerStatus.CONNECTED ? " \u00B7 "
                    + s.tools().size() + " tools" : "") + " \u00B7 " + s.transport());
            detail.getStyleClass().add(Styles.TEXT_MUTED);
            // two lines, so a narrow section (1024 px window) shows both whole
            HBox row = new HBox(6, dot, new VBox(1, name, detail));
            row.setAlignment(Pos.TOP_LEFT);
            setTooltip(new Tooltip(s.target()));
            setText(null);
            setGraphic(row);
        }
    }

    /** "get-sum  [everything]  Returns the sum of two numbers". */
    private static final class ToolCell extends ListCell<McpTool> {
        @Override
        protected void updateItem(McpTool t, boolean empty) {
            super.updateItem(t, empty);
            if (empty || t == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(t.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label badge = new Label(t.server());
            badge.getStyleClass().add("mcp-badge");
            Label description = new Label(t.description() == null ? "" : t.description());
            description.getStyleClass().add(Styles.TEXT_MUTED);
            description.setMinWidth(0);
            HBox row = new HBox(6, name, badge, description);
            row.setAlignment(Pos.CENTER_LEFT);
            setTooltip(new Tooltip(t.inputSchema().toPrettyString()));
            setText(null);
            setGraphic(row);
        }
    }
}
