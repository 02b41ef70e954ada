package dev.spoon.workbench.request;

import atlantafx.base.theme.Styles;
import dev.spoon.workbench.request.RequestOptionsViewModel.Feature;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.util.List;

/**
 * The request options of Chat and Compare, compact: one row with "Image…", the attached images as thumbnails
 * (each with a remove button), room for a token meter, and an "Options" toggle whose summary says what is set;
 * the toggle opens a panel with the answer format (and its JSON Schema editor), reasoning effort and an
 * "Advanced" part for extra body fields and headers. Each typed field shows its error beneath it as it is typed.
 * Only the option groups the ViewModel {@link RequestOptionsViewModel#supports supports} are shown. Images can
 * also be dropped on, or pasted into, the nodes given to {@link #acceptImages}.
 */
public final class RequestOptionsBar {
    private static final double THUMB = 36;
    private static final javafx.css.PseudoClass NEAR_FULL = javafx.css.PseudoClass.getPseudoClass("near-full");
    private static final javafx.css.PseudoClass FULL = javafx.css.PseudoClass.getPseudoClass("full");
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);

    private final RequestOptionsViewModel vm;
    private final String prefix;
    private final VBox root = new VBox(4);
    private final HBox row = new HBox(8);
    private final HBox strip = new HBox(6);
    private final ToggleButton toggle = new ToggleButton("Options");
    private final Region spacer = new Region();
    private final FileChooser chooser = new FileChooser();

    /** A bar for {@code vm}; its controls' ids start with {@code prefix} ("chat" → {@code #chat-attach-image}). */
    public RequestOptionsBar(RequestOptionsViewModel vm, String prefix) {
        this.vm = vm;
        this.prefix = prefix;
        root.getStylesheets().add(RequestOptionsBar.class.getResource("request.css").toExternalForm());
        root.getStyleClass().add("request-options");
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("request-options-row");
        if (vm.supports(Feature.IMAGES)) {
            row.getChildren().addAll(attachButton(), strip, problemLabel());
        }
        HBox.setHgrow(spacer, Priority.ALWAYS);
        row.getChildren().add(spacer);
        root.getChildren().add(row);
        Node panel = panel();
        if (panel != null) {
            toggle.setId(prefix + "-options-toggle");
            toggle.getStyleClass().add(Styles.SMALL);
            toggle.setMinWidth(Region.USE_PREF_SIZE);
            toggle.textProperty().bind(Bindings.createStringBinding(() -> (vm.summaryBinding().get().isEmpty()
                    ? "Options" : "Options: " + vm.summaryBinding().get())
                    + (toggle.isSelected() ? " \u25BE" : " \u25B8"), vm.summaryBinding(), toggle.selectedProperty()));
            toggle.setTooltip(new Tooltip("Answer format, reasoning effort, extra body fields and headers"));
            row.getChildren().add(toggle);
            panel.visibleProperty().bind(toggle.selectedProperty());
            panel.managedProperty().bind(panel.visibleProperty());
            root.getChildren().add(panel);
        }
    }

    public Node root() {
        return root;
    }

    /**
     * Shows the draft's live token count and how full the context window is, at the right of the row before the
     * Options toggle; the meter turns amber past 80 % and red past 100 %.
     */
    public void showTokens(DraftTokens tokens) {
        Label count = new Label();
        count.setId(prefix + "-token-count");
        count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.textProperty().bind(tokens.textBinding());
        ProgressBar meter = new ProgressBar();
        meter.setId(prefix + "-context-meter");
        meter.getStyleClass().addAll(Styles.SMALL, "context-meter");
        meter.setPrefWidth(72);
        meter.setMinWidth(Region.USE_PREF_SIZE);
        meter.progressProperty().bind(tokens.fillBinding());
        meter.visibleProperty().bind(tokens.contextWindowProperty().greaterThan(0).and(count.textProperty().isNotEmpty()));
        meter.managedProperty().bind(meter.visibleProperty());
        HBox box = new HBox(6, count, meter);
        box.setAlignment(Pos.CENTER_LEFT);
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(420);
        Tooltip.install(box, tip);
        Runnable show = () -> {
            tip.setText(tokens.explanation());
            double f = tokens.fillBinding().get();
            meter.pseudoClassStateChanged(NEAR_FULL, f >= 0.8 && f < 1.0);
            meter.pseudoClassStateChanged(FULL, f >= 1.0);
        };
        tokens.textBinding().addListener((o, a, b) -> show.run());
        show.run();
        int at = row.getChildren().indexOf(toggle);
        row.getChildren().add(at < 0 ? row.getChildren().size() : at, box);
    }

    /**
     * Puts {@code field} at the start of the row, taking the room the controls leave (Compare's system prompt
     * shares the row, so the options cost no height).
     */
    public void setLeading(Node field) {
        row.getChildren().remove(spacer);
        row.getChildren().add(0, field);
        HBox.setHgrow(field, Priority.ALWAYS);
    }

    /**
     * Lets the user drop image files on {@code dropTarget} and paste pictures or image files into {@code input}
     * (Ctrl+V; text still pastes as text). Does nothing when images are not supported.
     */
    public void acceptImages(Node dropTarget, TextInputControl input) {
        if (!vm.supports(Feature.IMAGES)) {
            return;
        }
        dropTarget.addEventHandler(javafx.scene.input.DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasUrl()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        dropTarget.addEventHandler(javafx.scene.input.DragEvent.DRAG_DROPPED, e -> {
            boolean files = e.getDragboard().hasFiles();
            boolean url = !files && e.getDragboard().hasUrl();
            if (files) {
                vm.attach(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            } else if (url) {
                vm.attachUrl(e.getDragboard().getUrl());
            }
            e.setDropCompleted(files || url);
            e.consume();
        });
        input.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (PASTE.match(e) && pasteImages(Clipboard.getSystemClipboard())) {
                e.consume();
            }
        });
    }

    /** Attaches the clipboard's picture or files; false when it holds neither (then text pastes as usual). */
    boolean pasteImages(Clipboard clipboard) {
        if (clipboard.hasFiles()) {
            vm.attach(clipboard.getFiles().stream().map(File::toPath).toList());
            return true;
        }
        if (clipboard.hasImage() && !clipboard.hasString()) {
            vm.attachPicture(clipboard.getImage());
            return true;
        }
        return false;
    }

    private Node attachButton() {
        Button attach = new Button("Image\u2026");
        attach.setId(prefix + "-attach-image");
        attach.getStyleClass().add(Styles.SMALL);
        attach.setMinWidth(Region.USE_PREF_SIZE);
        attach.setTooltip(new Tooltip("Attach images to the next message (PNG, JPEG, GIF or WebP, at most "
                + dev.spoon.llm.ImageInput.MAX_BYTES_MB + " MB each). You can also drop image files or image links"
                + " here, or paste a picture into the message."));
        attach.setOnAction(e -> {
            chooser.setTitle("Attach images");
            chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg",
                    "*.jpeg", "*.gif", "*.webp"), new FileChooser.ExtensionFilter("All files", "*"));
            List<File> files = chooser.showOpenMultipleDialog(root.getScene() == null ? null
                    : root.getScene().getWindow());
            if (files != null) {
                vm.attach(files.stream().map(File::toPath).toList());
            }
        });
        strip.setId(prefix + "-image-strip");
        strip.setAlignment(Pos.CENTER_LEFT);
        vm.images().addListener((ListChangeListener<ImageAttachment>) c -> showImages());
        return attach;
    }

    private Node problemLabel() {
        Label problem = new Label();
        problem.setId(prefix + "-image-problem");
        problem.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        problem.setWrapText(true);
        problem.setMinWidth(0);
        problem.textProperty().bind(Bindings.createStringBinding(() -> vm.readingProperty().get() > 0
                ? "Reading image\u2026" : vm.imageProblemProperty().get(), vm.imageProblemProperty(),
                vm.readingProperty()));
        HBox.setHgrow(problem, Priority.SOMETIMES);
        return problem;
    }

    private void showImages() {
        strip.getChildren().clear();
        for (ImageAttachment a : vm.images()) {
            ImageView view = new ImageView();
            view.setFitWidth(THUMB);
            view.setFitHeight(THUMB);
            view.setPreserveRatio(true);
            vm.thumbnail(a, THUMB * 2, view::setImage);
            Label size = new Label(a.part().base64Data() == null ? "URL" : ImageAttachment.size(a.sizeBytes()));
            size.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            size.setMinWidth(Region.USE_PREF_SIZE);
            Button remove = new Button("\u2715");
            remove.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "image-remove");
            remove.setTooltip(new Tooltip("Remove " + a.name()));
            remove.setOnAction(e -> vm.remove(a));
            HBox chip = new HBox(2, view, size, remove);
            chip.setAlignment(Pos.CENTER_LEFT);
            chip.getStyleClass().add("image-chip");
            Tooltip.install(chip, new Tooltip(a.label()));
            strip.getChildren().add(chip);
        }
    }

    /** The options panel, or null when no option group besides images is supported. */
    private Node panel() {
        VBox panel = new VBox(6);
        panel.setId(prefix + "-options-panel");
        panel.getStyleClass().add("request-options-panel");
        HBox choices = new HBox(8);
        choices.setAlignment(Pos.CENTER_LEFT);
        if (vm.supports(Feature.RESPONSE_FORMAT)) {
            ComboBox<ResponseFormatChoice> format = new ComboBox<>();
            format.getItems().setAll(ResponseFormatChoice.values());
            format.setId(prefix + "-response-format");
            format.valueProperty().bindBidirectional(vm.formatProperty());
            format.setTooltip(new Tooltip("The answer's shape: free text, a JSON object, or JSON matching your schema"));
            choices.getChildren().addAll(new Label("Answer"), format);
        }
        if (vm.supports(Feature.REASONING_EFFORT)) {
            ComboBox<String> effort = new ComboBox<>();
            effort.getItems().add(null);
            effort.getItems().addAll(RequestOptionsViewModel.EFFORTS);
            effort.setButtonCell(new EffortCell());
            effort.setCellFactory(l -> new EffortCell());
            effort.setId(prefix + "-reasoning-effort");
            effort.valueProperty().bindBidirectional(vm.reasoningEffortProperty());
            effort.setTooltip(new Tooltip("How hard a reasoning model thinks (OpenAI reasoning_effort, Anthropic"
                    + " thinking budget, Gemini thinkingConfig)"));
            choices.getChildren().addAll(new Label("Reasoning effort"), effort);
        }
        if (vm.supports(Feature.CACHE_PROMPT)) {
            javafx.scene.control.CheckBox cache = new javafx.scene.control.CheckBox("Cache prompt");
            cache.setId(prefix + "-cache-prompt");
            cache.selectedProperty().bindBidirectional(vm.cachePromptProperty());
            cache.setTooltip(new Tooltip("Mark the system prompt and tools as cacheable (Anthropic cache_control);"
                    + " OpenAI, Gemini and DeepSeek cache on their own. Cached tokens show in the answer's figures"
                    + " and are priced at the cache price."));
            cache.setMinWidth(Region.USE_PREF_SIZE);
            choices.getChildren().add(cache);
        }
        if (!choices.getChildren().isEmpty()) {
            panel.getChildren().add(choices);
        }
        if (vm.supports(Feature.RESPONSE_FORMAT)) {
            TextArea schema = editor(prefix + "-schema", "{\"type\": \"object\", \"properties\": {\u2026}, "
                    + "\"required\": [\u2026]}", 4);
            schema.textProperty().bindBidirectional(vm.schemaTextProperty());
            Label error = error(prefix + "-schema-error", vm.schemaErrorProperty());
            VBox box = new VBox(2, new Label("JSON Schema the answer must match"), schema, error);
            box.visibleProperty().bind(vm.formatProperty().isEqualTo(ResponseFormatChoice.JSON_SCHEMA));
            box.managedProperty().bind(box.visibleProperty());
            panel.getChildren().add(box);
        }
        VBox advanced = new VBox(4);
        if (vm.supports(Feature.EXTRA_BODY)) {
            TextArea body = editor(prefix + "-extra-body", "{\"top_p\": 0.9, \"seed\": 7}", 2);
            body.textProperty().bindBidirectional(vm.extraBodyTextProperty());
            advanced.getChildren().addAll(new Label("Extra body fields (a JSON object merged into the request)"),
                    body, error(prefix + "-extra-body-error", vm.extraBodyErrorProperty()));
        }
        if (vm.supports(Feature.HEADERS)) {
            TextArea headers = editor(prefix + "-extra-headers", "X-Request-Id: 42", 2);
            headers.textProperty().bindBidirectional(vm.headersTextProperty());
            advanced.getChildren().addAll(new Label("Extra headers (Name: value, one per line; values are kept"
                    + " out of logs)"), headers, error(prefix + "-headers-error", vm.headersErrorProperty()));
        }
        if (!advanced.getChildren().isEmpty()) {
            TitledPane pane = new TitledPane("Advanced", advanced);
            pane.setId(prefix + "-advanced");
            pane.getStyleClass().add(Styles.DENSE);
            pane.setAnimated(false); // opens at once: its fields are where they will stay when the user clicks them
            pane.setExpanded(!vm.supports(Feature.RESPONSE_FORMAT) && !vm.supports(Feature.REASONING_EFFORT));
            panel.getChildren().add(pane);
        }
        return panel.getChildren().isEmpty() ? null : panel;
    }

    private static TextArea editor(String id, String prompt, int rows) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(rows);
        a.setWrapText(true);
        a.getStyleClass().add("json-editor");
        return a;
    }

    private static Label error(String id, javafx.beans.value.ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static final class EffortCell extends ListCell<String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item == null ? "default" : item);
        }
    }
}
