package dev.spoon.workbench.gateway;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Gateway switch: a status-bar button ({@link #statusButton()}) that opens a small panel
 * ({@link #panel()}) above the status bar with the on/off switch, the URL and token with copy buttons, the
 * client settings to paste into a shell, and the live count of gateway calls. About 150 px high, so it fits a
 * 1024×700 window.
 */
public final class GatewayView {
    private final GatewayViewModel vm;
    private final ToggleButton statusButton = new ToggleButton();
    private final VBox panel = new VBox(8);
    private final Timeline poll;

    public GatewayView(GatewayViewModel vm, Runnable showLogs) {
        this.vm = vm;
        statusButton.setId("status-gateway");
        statusButton.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        statusButton.setTooltip(new Tooltip("The local gateway: route any app's LLM calls through Spoon"));
        statusButton.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.stateProperty().get()) {
            case RUNNING -> "\u21C4 Gateway on \u00B7 " + vm.activityProperty().get().replaceAll(" \u00B7 .*", "");
            case STARTING -> "\u21C4 Gateway starting\u2026";
            case STOPPING -> "\u21C4 Gateway stopping\u2026";
            case FAILED -> "\u21C4 Gateway failed";
            case STOPPED -> "\u21C4 Gateway off";
        }, vm.stateProperty(), vm.activityProperty()));

        ToggleSwitch on = new ToggleSwitch("Run the local gateway");
        on.setId("gateway-switch");
        on.setSelected(vm.stateProperty().get() == GatewayViewModel.State.RUNNING);
        on.selectedProperty().addListener((o, a, b) -> vm.setOn(b));
        vm.stateProperty().addListener((o, a, b) -> {
            if (b == GatewayViewModel.State.FAILED || b == GatewayViewModel.State.STOPPED) {
                on.setSelected(false);
            }
        });
        Label activity = new Label();
        activity.setId("gateway-activity");
        activity.textProperty().bind(vm.activityProperty());
        Label problem = new Label();
        problem.setId("gateway-message");
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        problem.textProperty().bind(vm.messageProperty());
        Button logs = new Button("Show in Logs");
        logs.setId("gateway-show-logs");
        logs.getStyleClass().add(Styles.SMALL);
        logs.setOnAction(e -> showLogs.run());
        HBox head = new HBox(16, on, activity, problem, grow(), logs);
        head.setAlignment(Pos.CENTER_LEFT);

        TextField url = readOnly("gateway-url", vm.urlProperty().get());
        url.textProperty().bind(vm.urlProperty());
        TextField token = readOnly("gateway-token", "");
        token.textProperty().bind(Bindings.createStringBinding(() -> vm.tokenProperty().get().isEmpty()
                ? (vm.urlProperty().get().isEmpty() ? "" : "none (loopback only)")
                : vm.tokenProperty().get(), vm.tokenProperty(), vm.urlProperty()));
        token.setTooltip(new Tooltip("Clients send it as 'Authorization: Bearer TOKEN' or 'x-api-key: TOKEN'. "
                + "Set [gateway] token in the configuration to require one."));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, fixed(new Label("URL")), url, copy("gateway-copy-url", url));
        grid.addRow(1, fixed(new Label("Token")), token, copy("gateway-copy-token", token));
        GridPane.setHgrow(url, Priority.ALWAYS);
        GridPane.setHgrow(token, Priority.ALWAYS);

        TextArea settings = new TextArea();
        settings.setId("gateway-client-settings");
        settings.setEditable(false);
        settings.setPrefRowCount(4);
        settings.setPrefColumnCount(30);
        settings.setMinWidth(160);
        settings.getStyleClass().add("monospace");
        settings.textProperty().bind(vm.clientSettingsProperty());
        Button copySettings = new Button("Copy");
        copySettings.setId("gateway-copy-settings");
        copySettings.getStyleClass().add(Styles.SMALL);
        fixed(copySettings);
        copySettings.setOnAction(e -> toClipboard(settings.getText()));
        VBox settingsBox = new VBox(4, fixed(new Label("Client settings")), copySettings);
        HBox body = new HBox(12, grid, settingsBox, settings);
        HBox.setHgrow(grid, Priority.ALWAYS);
        HBox.setHgrow(settings, Priority.ALWAYS);
        body.disableProperty().bind(vm.urlProperty().isEmpty());

        panel.setId("gateway-panel");
        panel.getStyleClass().add("gateway-panel");
        panel.setPadding(new Insets(8, 12, 8, 12));
        panel.getChildren().setAll(head, body);
        panel.setMaxHeight(170);
        panel.setStyle("-fx-border-color: -color-border-default; -fx-border-width: 1 0 0 0;"
                + " -fx-background-color: -color-bg-subtle;");
        panel.visibleProperty().bind(statusButton.selectedProperty());
        panel.managedProperty().bind(panel.visibleProperty());

        poll = new Timeline(new KeyFrame(Duration.millis(500), e -> vm.refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        vm.stateProperty().addListener((o, a, b) -> {
            if (b == GatewayViewModel.State.RUNNING) {
                poll.play();
            } else {
                poll.stop();
            }
        });
    }

    /** The status-bar button that shows and hides the panel; its text says whether the gateway runs. */
    public Node statusButton() {
        return statusButton;
    }

    /** The panel shown above the status bar while the button is pressed. */
    public Node panel() {
        return panel;
    }

    /** Stops polling and, on a thread of its own, the gateway (window closing). */
    public void dispose() {
        poll.stop();
        Thread t = new Thread(vm::close, "spoon-gateway-stop");
        t.setDaemon(true);
        t.start();
    }

    private static TextField readOnly(String id, String text) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setEditable(false);
        f.setPrefColumnCount(20);
        f.setMinWidth(120);
        return f;
    }

    private static Button copy(String id, TextField from) {
        Button b = new Button("Copy");
        b.setId(id);
        b.getStyleClass().add(Styles.SMALL);
        b.setOnAction(e -> toClipboard(from.getText()));
        return fixed(b);
    }

    /** {@code c} never narrower than its text: the fields and the settings give way instead. */
    private static <T extends javafx.scene.control.Control> T fixed(T c) {
        c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return c;
    }

    private static void toClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    private static javafx.scene.layout.Region grow() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
