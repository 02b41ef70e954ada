package dev.spoon.workbench.chat;

import dev.spoon.workbench.StatusStyle;
import dev.spoon.workbench.StreamBuffer;
import atlantafx.base.theme.Styles;
import dev.spoon.workbench.request.RequestOptionsBar;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;

import java.io.File;
import java.util.List;

/**
 * The chat console's layout and bindings: settings bar, system prompt, the conversation document, the input
 * with Send/Stop, and a find bar. Streaming text is pulled from the ViewModel by an {@link AnswerPump}, once
 * per paced frame whatever the token rate; the end of an answer (its last text, then its footer) is drawn on
 * the next frames, one step per frame: the last frame of a fast stream is then no longer than the others.
 */
final class ChatView {
    private static final java.time.format.DateTimeFormatter OPENED = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy HH:mm", java.util.Locale.ROOT).withZone(java.time.ZoneId.systemDefault());
    private final ChatViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ChatDocument document;
    private final TextArea input = new TextArea();
    private final TextField find = new TextField();
    private final HBox findBar;
    private final AnswerPump pump;
    private final StreamWarmup warmup;

    ChatView(ChatViewModel vm) {
        this(vm, System::nanoTime, AnswerPump.Frames::pulses);
    }

    /** A view whose streaming frames come from {@code frames} and are paced on {@code clock} (tests). */
    ChatView(ChatViewModel vm, java.util.function.LongSupplier clock,
             java.util.function.Function<Runnable, AnswerPump.Frames> frames) {
        this.vm = vm;
        this.pump = new AnswerPump(() -> vm.stateProperty().get() == ChatViewModel.State.STREAMING, vm::pump,
                clock, frames);
        String css = ChatView.class.getResource("chat.css").toExternalForm();
        root.getStylesheets().add(css);
        root.getStyleClass().add("chat-pane");
        document = new ChatDocument(new ChatDocument.Actions() {
            @Override
            public void edit(int turn) {
                vm.edit(turn);
                input.requestFocus();
                input.end();
            }

            @Override
            public void retry(int turn) {
                vm.retry(turn);
            }

            @Override
            public void toggleReasoning(int turn) {
                vm.toggleReasoning(turn);
            }

            @Override
            public void viewCode(int turn) {
                dev.spoon.workbench.code.ViewCodeDialog.open(root.getScene().getWindow(), "Code: chat answer " + (turn + 1),
                        () -> vm.code(turn));
            }

            @Override
            public void copy(int turn) {
                javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
                c.putString(vm.turns().get(turn).content());
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
                vm.status().info("Copied the answer to the clipboard");
            }
        });
        document.setOnTableWidthChanged(() -> document.reset(vm.turns()));
        vm.setListener(new ChatViewModel.Listener() {
            @Override
            public void reset(List<ChatTurn> turns) {
                pump.clear(); // the document is rendered again from the turns as they are now
                document.reset(turns);
            }

            @Override
            public void turnAdded(ChatTurn turn) {
                int index = vm.turns().indexOf(turn);
                pump.inOrder(() -> document.begin(turn, index)); // after the end of the previous answer
            }

            @Override
            public void delta(ChatTurn turn, StreamBuffer.Delta delta) {
                if (pump.inDrawingFrame()) {
                    document.delta(turn, delta);
                } else {
                    pump.later(() -> document.delta(turn, delta)); // the last text, drained when the answer ended
                }
            }

            @Override
            public void turnFinished(ChatTurn turn) {
                pump.later(() -> document.finish(turn));
            }

            @Override
            public void noticeChanged(ChatTurn turn) {
                pump.inOrder(() -> document.notice(turn));
            }
        });
        vm.stateProperty().addListener((o, a, s) -> {
            if (s == ChatViewModel.State.STREAMING) {
                pump.streamStarted();
            } // else the frames stop once the queued end of the answer is drawn
        });
        if (StreamWarmup.enabled()) {
            warmup = new StreamWarmup(1500, StreamWarmup.STEPS, css,
                    () -> vm.stateProperty().get() == ChatViewModel.State.STREAMING);
            warmup.start();
        } else {
            warmup = null;
        }
        findBar = findBar();
        VBox top = new VBox(settingsBar(), systemPrompt());
        root.setTop(top);
        VirtualizedScrollPane<?> scroll = new VirtualizedScrollPane<>(document.area());
        scroll.getStyleClass().add("chat-scroll");
        VBox center = new VBox(findBar, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.setCenter(center);
        root.setBottom(inputBar());
    }

    Node root() {
        return root;
    }

    /** Whether the document shows everything the ViewModel has (nothing queued for a coming frame). */
    boolean drawn() {
        return pump.drawn();
    }

    ChatDocument document() {
        return document;
    }

    void focusInput() {
        javafx.application.Platform.runLater(input::requestFocus);
    }

    void showFind() {
        findBar.setVisible(true);
        findBar.setManaged(true);
        find.requestFocus();
        find.selectAll();
    }

    /** Completes when the streaming warm-up has run (at once when it is off). */
    java.util.concurrent.CompletableFuture<Integer> warmupDone() {
        return warmup == null ? java.util.concurrent.CompletableFuture.completedFuture(0) : warmup.done();
    }

    void dispose() {
        pump.stop();
        if (warmup != null) {
            warmup.stop();
        }
    }

    private Node settingsBar() {
        Label title = new Label();
        title.textProperty().bind(vm.titleProperty());
        title.getStyleClass().addAll(Styles.TITLE_4, "chat-title");
        // the title takes the room the controls leave, on one line; a long one ends in "…" and shows in full in
        // its tooltip (it is the user's text: wrapped, it made the settings bar five lines high at 1024 px)
        title.getStyleClass().add("user-text");
        Tooltip full = new Tooltip();
        full.textProperty().bind(vm.titleProperty());
        title.setTooltip(full);
        title.setMinWidth(80);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);

        ComboBox<String> provider = new ComboBox<>(vm.providers());
        provider.setId("chat-provider");
        dev.spoon.workbench.ChoiceBinding.bind(provider, vm.providerProperty());
        provider.setTooltip(new Tooltip("Provider (configure in Providers)"));

        ComboBox<String> model = new ComboBox<>(vm.models());
        model.setId("chat-model");
        model.setEditable(true);
        model.setPromptText("default model");
        model.setPrefWidth(164);
        model.valueProperty().bindBidirectional(vm.modelProperty());
        model.setOnShowing(e -> vm.loadModels());
        model.setTooltip(new Tooltip("Model: pick from the provider's list or type any name"));

        TextField temperature = numberField("temp", "0.0\u20132.0", 72);
        temperature.setId("chat-temperature");
        temperature.textProperty().bindBidirectional(vm.settings().temperatureTextProperty());
        showProblem(temperature, vm.settings().temperatureProperty(), "Temperature (blank: provider default)");
        TextField maxTokens = numberField("max tokens", "1\u2013", 120);
        maxTokens.setId("chat-max-tokens");
        maxTokens.textProperty().bindBidirectional(vm.settings().maxTokensTextProperty());
        showProblem(maxTokens, vm.settings().maxTokensProperty(), "Maximum answer tokens (blank: provider default)");

        Button newChat = new Button("New");
        newChat.setId("chat-new");
        newChat.setTooltip(new Tooltip("New chat (Ctrl+N)"));
        newChat.setOnAction(e -> vm.newChat());
        MenuButton open = new MenuButton("Open");
        open.setId("chat-open");
        open.setOnShowing(e -> vm.listSaved().thenAccept(files -> {
            open.getItems().clear();
            if (files.isEmpty()) {
                MenuItem none = new MenuItem("No saved conversations in " + vm.conversationsDir());
                none.setDisable(true);
                open.getItems().add(none);
            }
            for (ConversationStore.Saved f : files) {
                MenuItem item = new MenuItem(f.title() + "  \u00B7  " + OPENED.format(f.created()));
                item.setMnemonicParsing(false);
                item.setOnAction(ev -> vm.load(f.file()));
                open.getItems().add(item);
            }
        }));
        open.getItems().add(new MenuItem("Loading\u2026"));
        Button save = new Button("Save");
        save.setId("chat-save");
        save.setOnAction(e -> vm.save());
        Button export = new Button("Export\u2026");
        export.setId("chat-export");
        export.setTooltip(new Tooltip("Export the conversation to Markdown"));
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export conversation as Markdown");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Markdown", "*.md"));
            fc.setInitialFileName(vm.titleProperty().get().replaceAll("[^A-Za-z0-9 _-]", "").trim() + ".md");
            File f = fc.showSaveDialog(root.getScene().getWindow());
            if (f != null) {
                vm.exportMarkdown(f.toPath());
            }
        });
        for (Node n : List.of(newChat, save, export)) {
            n.disableProperty().bind(vm.stateProperty().isEqualTo(ChatViewModel.State.STREAMING)
                    .and(Bindings.createBooleanBinding(() -> n != newChat)));
        }
        HBox bar = new HBox(8, title, provider, model, temperature, maxTokens, newChat, open, save, export);
        for (Node n : bar.getChildren()) {
            if (n != title && n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE); // only the title gives way in a narrow window
            }
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("chat-settings");
        return bar;
    }

    private Node systemPrompt() {
        TextArea system = new TextArea();
        system.setId("chat-system");
        system.setPromptText("System prompt (optional): how the assistant should behave");
        system.setPrefRowCount(2);
        system.setWrapText(true);
        system.textProperty().bindBidirectional(vm.systemProperty());
        TitledPane pane = new TitledPane("System prompt", system);
        pane.setExpanded(false);
        pane.getStyleClass().addAll(Styles.DENSE, "chat-system");
        pane.textProperty().bind(Bindings.createStringBinding(() -> vm.systemProperty().get() == null
                || vm.systemProperty().get().isBlank() ? "System prompt (none)"
                : "System prompt: " + abbreviate(vm.systemProperty().get()), vm.systemProperty()));
        return pane;
    }

    private Node inputBar() {
        input.setId("chat-input");
        input.setPromptText("Message (Ctrl+Enter to send)");
        input.setPrefRowCount(3);
        input.setWrapText(true);
        input.textProperty().bindBidirectional(vm.inputProperty());
        Button send = new Button("Send");
        send.setId("chat-send");
        send.getStyleClass().add(Styles.ACCENT);
        send.setDefaultButton(false);
        send.setMaxWidth(Double.MAX_VALUE);
        send.setOnAction(e -> vm.send());
        send.disableProperty().bind(vm.stateProperty().isEqualTo(ChatViewModel.State.STREAMING)
                .or(vm.inputProperty().isEmpty()).or(vm.settings().problemBinding().isNotNull()));
        Button stop = new Button("Stop");
        stop.setId("chat-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.setMaxWidth(Double.MAX_VALUE);
        stop.setTooltip(new Tooltip("Stop the answer (Esc); what arrived is kept"));
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.stateProperty().isNotEqualTo(ChatViewModel.State.STREAMING));
        VBox buttons = new VBox(6, send, stop);
        buttons.setPrefWidth(96);
        HBox row = new HBox(8, input, buttons);
        HBox.setHgrow(input, Priority.ALWAYS);

        Label editing = new Label();
        editing.getStyleClass().add(Styles.WARNING);
        Button cancelEdit = new Button("Cancel edit");
        cancelEdit.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        cancelEdit.setOnAction(e -> vm.cancelEdit());
        HBox editBar = new HBox(8, editing, cancelEdit);
        editBar.setAlignment(Pos.CENTER_LEFT);
        editBar.visibleProperty().bind(vm.editingProperty().greaterThanOrEqualTo(0));
        editBar.managedProperty().bind(editBar.visibleProperty());
        editing.textProperty().bind(vm.editingLabel());

        Label status = new Label();
        status.setId("chat-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Styles.TEXT_SMALL);
        StatusStyle.bind(status, vm.status());
        status.setWrapText(true);
        RequestOptionsBar options = new RequestOptionsBar(vm.requestOptions(), "chat");
        options.acceptImages(root, input);
        options.showTokens(vm.draftTokens());
        VBox box = new VBox(6, editBar, options.root(), row, status);
        box.setPadding(new Insets(8, 12, 8, 12));
        box.getStyleClass().add("chat-input-bar");
        return box;
    }

    private HBox findBar() {
        find.setId("chat-find");
        find.setPromptText("Find in conversation");
        find.setPrefWidth(280);
        Label result = new Label();
        result.setId("chat-find-result");
        result.getStyleClass().add(Styles.TEXT_MUTED);
        Button next = new Button("Next");
        next.getStyleClass().add(Styles.SMALL);
        Button close = new Button("\u2715");
        close.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        HBox bar = new HBox(8, find, next, result, close);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("chat-find-bar");
        bar.setVisible(false);
        bar.setManaged(false);
        Runnable findNext = () -> {
            String q = find.getText();
            if (q == null || q.isEmpty()) {
                result.setText("");
                return;
            }
            TextMatches.Hit hit = TextMatches.next(document.text(), q, document.area().getSelection().getEnd());
            if (hit == null) {
                result.setText("no matches");
                return;
            }
            result.setText(hit.ordinal() + " of " + hit.count());
            document.area().selectRange(hit.start(), hit.start() + q.length());
            document.area().requestFollowCaret();
        };
        find.textProperty().addListener((o, a, b) -> {
            int n = b == null || b.isEmpty() ? 0 : TextMatches.count(document.text(), b);
            result.setText(b == null || b.isEmpty() ? "" : n == 0 ? "no matches" : n == 1 ? "1 match" : n + " matches");
        });
        next.setOnAction(e -> findNext.run());
        find.setOnAction(e -> findNext.run());
        close.setOnAction(e -> {
            bar.setVisible(false);
            bar.setManaged(false);
        });
        find.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close.fire();
                e.consume();
            }
        });
        return bar;
    }

    private static TextField numberField(String prompt, String tip, double width) {
        TextField f = new TextField();
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.setTooltip(new Tooltip(tip));
        return f;
    }

    /** Marks {@code field} red with the problem as its tooltip while its text is not a valid value. */
    private static void showProblem(TextField field, javafx.beans.value.ObservableValue<
            ? extends dev.spoon.workbench.RequestParameters.Parsed<?>> parsed, String help) {
        Tooltip tip = new Tooltip(help);
        field.setTooltip(tip);
        javafx.beans.value.ChangeListener<dev.spoon.workbench.RequestParameters.Parsed<?>> show = (o, a, b) -> {
            field.pseudoClassStateChanged(Styles.STATE_DANGER, !b.ok());
            tip.setText(b.ok() ? help : b.problem());
        };
        parsed.addListener(show);
        show.changed(parsed, null, parsed.getValue());
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() > 80 ? one.substring(0, 80) + "\u2026" : one;
    }
}
