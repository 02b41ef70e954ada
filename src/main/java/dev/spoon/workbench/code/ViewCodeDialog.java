package dev.spoon.workbench.code;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.code.CodeLanguage;
import dev.spoon.llm.code.RequestCode;
import dev.spoon.llm.code.CodeRequest;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * "View code": a request as curl, Python, TypeScript, Java and the {@code spoon chat} command line, one tab each,
 * in monospace, with a Copy button for the tab shown. Secrets are environment variables in every form
 * ({@link RequestCode}). Opened from a chat answer, a Compare column or a Logs record; a window of its own, so
 * the pane stays usable beside it. FX thread only.
 */
public final class ViewCodeDialog {
    private final Stage stage = new Stage();
    private final TabPane tabs = new TabPane();
    private final Map<CodeLanguage, String> code = new EnumMap<>(CodeLanguage.class);
    private final Label copied = new Label();

    private ViewCodeDialog(Window owner, String title, CodeRequest request) {
        for (CodeLanguage lang : CodeLanguage.values()) {
            String text = RequestCode.render(request, lang);
            code.put(lang, text);
            TextArea area = new TextArea(text);
            area.setEditable(false);
            area.setId("view-code-" + lang.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            area.getStyleClass().add("view-code-text");
            Tab tab = new Tab(lang.label(), area);
            tab.setClosable(false);
            tab.setUserData(lang);
            tabs.getTabs().add(tab);
        }
        tabs.setId("view-code-tabs");
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> copied.setText(""));
        Button copy = new Button("Copy");
        copy.setId("view-code-copy");
        copy.getStyleClass().add(Styles.ACCENT);
        copy.setDefaultButton(true);
        copy.setOnAction(e -> copy());
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        copied.setId("view-code-copied");
        Label note = new Label("Keys are read from environment variables; set them before running.");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, note, gap, copied, copy, close);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox root = new VBox(8, tabs, bar);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        root.setPadding(new Insets(10));
        root.setId("view-code-dialog");
        root.getStylesheets().add(ViewCodeDialog.class.getResource("view-code.css").toExternalForm());
        stage.setScene(new Scene(root, 760, 560));
        stage.setTitle(title);
        if (owner != null) {
            stage.initOwner(owner);
        }
    }

    /** Opens the code of {@code request} in a new window owned by {@code owner} (may be null). */
    public static ViewCodeDialog show(Window owner, String title, CodeRequest request) {
        ViewCodeDialog d = new ViewCodeDialog(owner, title, request);
        d.stage.show();
        return d;
    }

    /**
     * Opens the code of the request {@code request} supplies, or, when it cannot be built (no key for the
     * provider, a record without a JSON body), an alert saying why. Returns the dialog, or null after an alert.
     */
    public static ViewCodeDialog open(Window owner, String title, Supplier<CodeRequest> request) {
        try {
            return show(owner, title, request.get());
        } catch (LlmException | IllegalArgumentException | IllegalStateException e) {
            Alert a = new Alert(Alert.AlertType.INFORMATION, e instanceof LlmException le ? le.displayLine()
                    : e.getMessage());
            a.setHeaderText("No code to show for this request");
            if (owner != null) {
                a.initOwner(owner);
            }
            a.show();
            return null;
        }
    }

    /** The language of the tab shown. */
    public CodeLanguage selected() {
        return (CodeLanguage) tabs.getSelectionModel().getSelectedItem().getUserData();
    }

    /** The code shown for {@code language}. */
    public String code(CodeLanguage language) {
        return code.get(language);
    }

    /** Puts the code of the tab shown on the system clipboard. */
    public void copy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(code.get(selected()));
        Clipboard.getSystemClipboard().setContent(content);
        copied.setText(selected().label() + " copied");
    }

    /** The dialog's window. */
    public Stage stage() {
        return stage;
    }
}
