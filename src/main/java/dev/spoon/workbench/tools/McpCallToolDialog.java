package dev.spoon.workbench.tools;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpCallResult;
import dev.spoon.llm.mcp.McpTool;
import dev.spoon.workbench.TaskExecutor;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.concurrent.CompletableFuture;

/**
 * "Call tool": a window with a form generated from the tool's input schema (or the arguments as raw JSON), a
 * Call button, and the result's content blocks rendered below. The call can be cancelled while it runs (the
 * server gets {@code notifications/cancelled}); every call is in the debug log.
 */
final class McpCallToolDialog {
    private final McpServersViewModel vm;
    private final TaskExecutor executor;
    private final McpTool tool;
    private final SchemaForm form;
    private final TextArea raw = new TextArea();
    private final ToggleButton rawMode = new ToggleButton("Raw JSON");
    private final VBox result = new VBox();
    private final Label status = new Label();
    private final Button call = new Button("Call");
    private final Button cancel = new Button("Cancel call");
    private final VBox root;
    private CompletableFuture<McpCallResult> running;

    McpCallToolDialog(McpServersViewModel vm, TaskExecutor executor, McpTool tool) {
        this.vm = vm;
        this.executor = executor;
        this.tool = tool;
        this.form = new SchemaForm(tool.inputSchema());
        Label title = new Label(tool.name());
        title.getStyleClass().addAll(Styles.TITLE_4);
        Label badge = new Label(tool.server());
        badge.getStyleClass().addAll("mcp-badge");
        Label description = new Label(tool.description() == null ? "" : tool.description());
        description.setWrapText(true);
        TextArea schema = new TextArea(tool.inputSchema().toPrettyString());
        schema.setEditable(false);
        schema.setPrefRowCount(6);
        schema.getStyleClass().add("code");
        TitledPane schemaPane = new TitledPane("Input schema", schema);
        schemaPane.setExpanded(false);
        raw.setId("call-raw");
        raw.getStyleClass().add("code");
        raw.setPrefRowCount(6);
        raw.setVisible(false);
        raw.setManaged(false);
        rawMode.setId("call-raw-mode");
        rawMode.selectedProperty().addListener((o, a, b) -> switchMode(b));
        VBox argsBox = new VBox(6, form.node(), raw);
        call.setId("call-tool-run");
        call.getStyleClass().add(Styles.ACCENT);
        call.setDefaultButton(true);
        call.setOnAction(e -> call());
        cancel.setId("call-tool-cancel");
        cancel.setDisable(true);
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel(true);
            }
        });
        status.setId("call-tool-status");
        status.setWrapText(true);
        HBox buttons = new HBox(8, call, cancel, rawMode, status);
        buttons.setAlignment(Pos.CENTER_LEFT);
        result.setId("call-tool-result");
        ScrollPane resultScroll = new ScrollPane(result);
        resultScroll.setFitToWidth(true);
        VBox.setVgrow(resultScroll, Priority.ALWAYS);
        root = new VBox(8, new HBox(8, title, badge), description, schemaPane, argsBox, buttons, resultScroll);
        root.setPadding(new Insets(12));
        root.getStyleClass().add("mcp-call-dialog");
    }

    private void switchMode(boolean toRaw) {
        try {
            if (toRaw) {
                raw.setText(form.value().toPrettyString());
            } else {
                JsonNode n = Json.tryParse(raw.getText());
                if (n != null && n.isObject()) {
                    form.fill(n);
                }
            }
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
        }
        raw.setVisible(toRaw);
        raw.setManaged(toRaw);
        form.node().setVisible(!toRaw);
        form.node().setManaged(!toRaw);
    }

    /** The arguments as the form (or the raw text) holds them; null (with the reason shown) when invalid. */
    JsonNode arguments() {
        try {
            if (rawMode.isSelected()) {
                JsonNode n = Json.tryParse(raw.getText());
                if (n == null || !n.isObject()) {
                    throw new IllegalArgumentException("the arguments must be a JSON object");
                }
                return n;
            }
            return form.value();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return null;
        }
    }

    void call() {
        JsonNode args = arguments();
        if (args == null) {
            return;
        }
        status.setText("Calling " + tool.name() + "\u2026");
        call.setDisable(true);
        cancel.setDisable(false);
        CompletableFuture<McpCallResult> f = vm.call(tool, args, "call tool form");
        running = f;
        f.whenComplete((r, e) -> executor.ui(() -> {
            call.setDisable(false);
            cancel.setDisable(true);
            if (e != null) {
                status.setText(f.isCancelled() ? "Cancelled." : McpServersViewModel.describe(e));
                return;
            }
            status.setText((r.isError() ? "The tool reported an error" : "Done") + " in " + r.durationMs() + " ms.");
            result.getChildren().setAll(McpContentView.of(r));
        }));
    }

    VBox root() {
        return root;
    }

    SchemaForm form() {
        return form;
    }

    /** Opens the dialog as its own window over {@code owner}. */
    Stage show(Window owner) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Call tool \u00B7 " + tool.server() + " \u00B7 " + tool.name());
        Scene scene = new Scene(root, 620, 600);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        scene.getStylesheets().add(McpCallToolDialog.class.getResource("tools.css").toExternalForm());
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            if (running != null) {
                running.cancel(true);
            }
        });
        stage.show();
        return stage;
    }
}
