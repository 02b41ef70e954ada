package dev.spoon.workbench.logs;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.ChoiceBinding;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The replay editor: the request body, the target provider, Send, and original vs replay side by side. */
final class ReplayView {
    private final VBox root = new VBox(6);

    ReplayView(LogsViewModel vm) {
        Replay replay = vm.replay();
        ComboBox<String> provider = new ComboBox<>(FXCollections.observableArrayList(vm.configuredProviders()));
        provider.setId("replay-target");
        provider.setOnShowing(e -> provider.getItems().setAll(vm.configuredProviders()));
        ChoiceBinding.bind(provider, replay.providerProperty());
        Button send = new Button("Send");
        send.setId("replay-send");
        send.getStyleClass().add(Styles.ACCENT);
        send.disableProperty().bind(replay.originalProperty().isNull());
        send.setOnAction(e -> replay.send());
        Label status = new Label();
        status.setId("replay-status");
        status.setWrapText(true);
        dev.spoon.workbench.StatusStyle.bind(status, replay.status());
        HBox bar = new HBox(8, new Label("Resend to"), provider, send, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        TextArea body = new TextArea();
        body.setId("replay-body");
        body.getStyleClass().add("code");
        body.textProperty().bindBidirectional(replay.bodyProperty());
        TextArea before = LogsView.area();
        before.setId("replay-original");
        TextArea after = LogsView.area();
        after.setId("replay-result");
        replay.originalProperty().addListener((o, a, b) -> before.setText(side(vm, "Original", b)));
        replay.resultProperty().addListener((o, a, b) -> after.setText(b == null ? "Replay: not sent yet"
                : side(vm, "Replay", b)));
        before.setText(side(vm, "Original", replay.originalProperty().get()));
        after.setText("Replay: not sent yet");
        SplitPane compare = new SplitPane(before, after);
        SplitPane main = new SplitPane(body, compare);
        main.setDividerPositions(0.45);
        VBox.setVgrow(main, Priority.ALWAYS);
        root.getChildren().addAll(bar, main);
        root.getStyleClass().add("replay");
    }

    Node root() {
        return root;
    }

    private static String side(LogsViewModel vm, String title, DebugRecord r) {
        if (r == null) {
            return title + ": nothing selected";
        }
        String response = r.responseBody() != null ? RecordDetail.body(r.responseBody())
                : "Streamed answer:\n" + RecordDetail.streamedText(r.chunks(), vm.wireFormatOf(r.provider()));
        return title + " \u00B7 " + r.provider() + " \u00B7 " + r.model() + "\n" + RecordDetail.summary(r)
                + "\n\n" + response;
    }
}
