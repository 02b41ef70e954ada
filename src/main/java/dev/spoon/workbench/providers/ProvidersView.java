package dev.spoon.workbench.providers;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.config.ConfigurationManager;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** The Providers & keys pane's layout and bindings. */
final class ProvidersView {
    private final ProvidersViewModel vm;
    private final SplitPane root = new SplitPane();
    private final ListView<ProviderRow> list = new ListView<>();

    ProvidersView(ProvidersViewModel vm) {
        this.vm = vm;
        root.getStylesheets().add(ProvidersView.class.getResource("providers.css").toExternalForm());
        root.getStyleClass().add("providers-pane");
        root.getItems().addAll(listSide(), editorSide());
        root.setDividerPositions(0.34);
    }

    Node root() {
        return root;
    }

    ListView<ProviderRow> list() {
        return list;
    }

    // ------------------------------------------------------------------ left: list + add

    private Node listSide() {
        list.setId("providers-list");
        list.setItems(vm.rows());
        list.setCellFactory(lv -> new RowCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !b.name().equals(vm.selectedProperty().get())) {
                vm.select(b.name());
            }
        });
        vm.rows().addListener((javafx.collections.ListChangeListener<ProviderRow>) c -> reselect());
        vm.selectedProperty().addListener((o, a, b) -> reselect());
        VBox.setVgrow(list, Priority.ALWAYS);

        Button remove = new Button("Remove");
        remove.setId("provider-remove");
        remove.getStyleClass().add(Styles.SMALL);
        remove.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || ConfigurationManager.BUILT_IN.contains(vm.selectedProperty().get()), vm.selectedProperty()));
        remove.setOnAction(e -> vm.remove(vm.selectedProperty().get()));
        Button checkAll = new Button("Check all");
        checkAll.setId("providers-check-all");
        checkAll.getStyleClass().add(Styles.SMALL);
        checkAll.setTooltip(new Tooltip("Run a real health check of every configured provider"));
        checkAll.setOnAction(e -> vm.checkAll());
        HBox actions = new HBox(6, checkAll, remove);

        TextField name = new TextField();
        name.setId("custom-name");
        name.setPromptText("name, e.g. mylocal");
        ComboBox<String> type = new ComboBox<>();
        type.setId("custom-type");
        type.getItems().setAll(vm.customTypes());
        type.getSelectionModel().selectFirst();
        type.setMaxWidth(Double.MAX_VALUE);
        TextField url = new TextField();
        url.setId("custom-url");
        url.setPromptText("base URL, e.g. http://host:8000/v1"); // fits the side bar at 1024x700
        url.setTooltip(new Tooltip("The endpoint's base URL, e.g. http://127.0.0.1:8000/v1"));
        Label error = new Label();
        error.setId("custom-error");
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        Button add = new Button("Add endpoint");
        add.setId("custom-add");
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> {
            String problem = vm.addCustom(name.getText(), type.getValue(), url.getText());
            error.setText(problem == null ? "" : problem);
            if (problem == null) {
                name.clear();
                url.clear();
            }
        });
        Label addTitle = new Label("Add a custom endpoint"); // its API type is the box below
        addTitle.getStyleClass().add(Styles.TEXT_BOLD);
        addTitle.setWrapText(true);
        addTitle.setMinHeight(Region.USE_PREF_SIZE); // wraps in the narrow side bar rather than being cut
        VBox addBox = new VBox(6, addTitle, name, type, url, add, error);
        addBox.getStyleClass().add("add-box");
        VBox side = new VBox(8, list, actions, new Separator(), addBox);
        side.setPadding(new Insets(10));
        side.setMinWidth(280);
        return side;
    }

    private void reselect() {
        String sel = vm.selectedProperty().get();
        for (ProviderRow r : vm.rows()) {
            if (r.name().equals(sel)) {
                if (list.getSelectionModel().getSelectedItem() != r) {
                    list.getSelectionModel().select(r);
                }
                return;
            }
        }
    }

    private static final class RowCell extends ListCell<ProviderRow> {
        /** The width of a vertical scroll bar, with a little to spare. */
        private static final double SCROLL_BAR_ROOM = 16;

        RowCell() {
            setPrefWidth(0); // never wider than the list: no horizontal scrolling
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        /**
         * The row's height for the width left beside the list's scroll bar: the list measures its rows before it
         * knows it needs one, and a badge or health line that wrapped once the bar took its room was drawn over
         * the next row. At worst a row keeps a little room below it.
         */
        @Override
        protected double computePrefHeight(double width) {
            Node graphic = getGraphic();
            if (graphic == null || width <= 0) {
                return super.computePrefHeight(width);
            }
            double room = width - snappedLeftInset() - snappedRightInset() - SCROLL_BAR_ROOM;
            return snappedTopInset() + graphic.prefHeight(room) + snappedBottomInset();
        }

        @Override
        protected void updateItem(ProviderRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(r.name());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label type = new Label(r.type());
            type.getStyleClass().add(Styles.TEXT_MUTED);
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            type.setMinWidth(0);
            Label state = new Label(!r.registered() ? "type not available" : r.configured() ? "configured"
                    : r.localDefault() ? "not running" : "no key");
            state.getStyleClass().addAll("state-badge", !r.registered() ? Styles.WARNING
                    : r.configured() ? Styles.SUCCESS : Styles.TEXT_MUTED);
            state.setMinWidth(Region.USE_PREF_SIZE);
            HBox top = new HBox(6, name, type, spacer, state);
            top.setAlignment(Pos.CENTER_LEFT);
            FlowPane badges = new FlowPane(4, 4);
            for (ProviderCapability c : ProviderCapability.values()) {
                if (r.capabilities().contains(c)) {
                    Label b = new Label(c.name().toLowerCase(Locale.ROOT).replace('_', ' '));
                    b.getStyleClass().add("cap-badge");
                    badges.getChildren().add(b);
                }
            }
            VBox box = new VBox(3, top, badges);
            if (r.detected() != null) {
                boolean running = r.detected().startsWith("running");
                Label d = new Label((running ? "\u25CF " : "\u25CB ") + r.detected());
                d.getStyleClass().addAll(running ? Styles.SUCCESS : Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                d.setWrapText(true);
                box.getChildren().add(d);
            }
            boolean notRunning = r.detected() != null && !r.detected().startsWith("running");
            if (r.health() != null && !(notRunning && !r.health().startsWith("\u2713"))) {
                // a local server found not running has nothing more to say than that
                Label h = new Label(r.health());
                h.getStyleClass().addAll(r.health().startsWith("\u2713") ? Styles.SUCCESS : Styles.DANGER,
                        Styles.TEXT_SMALL);
                h.setWrapText(true);
                box.getChildren().add(h);
            }
            setText(null);
            setGraphic(box);
        }
    }

    // ------------------------------------------------------------------ right: editor + routing

    private Node editorSide() {
        ProviderEditor ed = vm.editor();
        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null
                ? "Select a provider" : vm.selectedProperty().get(), vm.selectedProperty()));

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        int row = 0;
        form.addRow(row++, label(ProviderEditor.BASE_URL), field("edit-base-url", ed.baseUrlProperty(),
                ProviderEditor.BASE_URL, effective(pc -> pc.baseUrl(), "provider default")));
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.setId("edit-model");
        model.setEditable(true);
        model.setMaxWidth(Double.MAX_VALUE);
        model.promptTextProperty().bind(effective(pc -> pc.model(), "provider default; type any name"));
        model.getEditor().textProperty().bindBidirectional(ed.modelProperty());
        model.setOnShowing(e -> vm.loadModels());
        Button loadModels = new Button("\u21BB");
        loadModels.setId("edit-load-models");
        loadModels.setTooltip(new Tooltip("Load the provider's live model list"));
        loadModels.setOnAction(e -> vm.loadModels().thenRun(() -> javafx.application.Platform.runLater(model::show)));
        HBox modelRow = new HBox(6, model, loadModels);
        HBox.setHgrow(model, Priority.ALWAYS);
        form.addRow(row++, label(ProviderEditor.MODEL), modelRow);
        form.addRow(row++, label(ProviderEditor.MAX_TOKENS), field("edit-max-tokens", ed.maxTokensProperty(),
                ProviderEditor.MAX_TOKENS, effective(pc -> pc.maxTokens(), "provider default")));
        form.addRow(row++, label(ProviderEditor.TEMPERATURE), field("edit-temperature", ed.temperatureProperty(),
                ProviderEditor.TEMPERATURE, effective(pc -> pc.temperature(), "0 \u2013 2")));
        form.addRow(row++, label(ProviderEditor.TIMEOUT), field("edit-timeout", ed.timeoutProperty(),
                ProviderEditor.TIMEOUT, effective(pc -> pc.timeout().toMillis() / 1000.0, "600")));
        form.addRow(row++, label(ProviderEditor.PROXY), field("edit-proxy", ed.proxyProperty(), ProviderEditor.PROXY,
                effective(pc -> pc.proxy(), "none, e.g. http://127.0.0.1:3128")));
        form.addRow(row++, label(ProviderEditor.WEIGHT), field("edit-weight", ed.weightProperty(),
                ProviderEditor.WEIGHT, effective(pc -> pc.weight(), "1 (load balancing)")));
        TextArea headers = new TextArea();
        headers.setId("edit-headers");
        headers.setPrefRowCount(2);
        headers.setPromptText("Extra headers, one per line: Name: value");
        headers.textProperty().bindBidirectional(ed.headersProperty());
        markErrors(headers, ProviderEditor.HEADERS);
        form.addRow(row++, label(ProviderEditor.HEADERS), headers);
        form.addRow(row++, RoutingView.label("API key"), keyEditor());
        GridPane.setHgrow(modelRow, Priority.ALWAYS);
        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(96),
                new javafx.scene.layout.ColumnConstraints(200, 480, Double.MAX_VALUE));

        Label errors = new Label();
        errors.setId("edit-errors");
        errors.getStyleClass().add(Styles.DANGER);
        errors.textProperty().bind(Bindings.createStringBinding(() -> ed.firstError() == null ? ""
                : ed.firstError(), ed.errors()));

        Button save = new Button("Save");
        save.setId("edit-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(ed.validProperty().not().or(ed.dirtyProperty().not())
                .or(vm.stateProperty().isEqualTo(ProvidersViewModel.State.SAVING)));
        save.setOnAction(e -> vm.save());
        Button revert = new Button("Revert");
        revert.setId("edit-revert");
        revert.disableProperty().bind(ed.dirtyProperty().not());
        revert.setOnAction(e -> vm.revert());
        Button test = new Button("Test connection");
        test.setId("edit-test");
        test.disableProperty().bind(vm.selectedProperty().isNull()
                .or(vm.stateProperty().isEqualTo(ProvidersViewModel.State.TESTING)));
        test.setOnAction(e -> vm.testConnection());
        HBox buttons = new HBox(8, save, revert, test);

        Label testResult = new Label();
        testResult.setId("edit-test-result");
        testResult.setWrapText(true);
        testResult.textProperty().bind(vm.testResultProperty());
        testResult.styleProperty().bind(Bindings.when(vm.testOkProperty())
                .then("-fx-text-fill: -color-success-fg;").otherwise("-fx-text-fill: -color-danger-fg;"));
        Label message = new Label();
        message.setId("providers-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add(Styles.TEXT_MUTED);

        VBox editor = new VBox(10, title, form, errors, buttons, testResult, message);
        editor.disableProperty().bind(vm.selectedProperty().isNull());
        VBox content = new VBox(18, editor, new Separator(), RoutingView.create(vm.routing(), vm.names(),
                vm::saveRouting));
        content.setPadding(new Insets(14, 18, 14, 18));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Node keyEditor() {
        ProviderEditor ed = vm.editor();
        PasswordField hidden = new PasswordField();
        hidden.setId("edit-key");
        hidden.setPromptText("API key");
        TextField shown = new TextField();
        shown.setId("edit-key-shown");
        hidden.textProperty().bindBidirectional(ed.apiKeyProperty());
        shown.textProperty().bindBidirectional(ed.apiKeyProperty());
        ToggleButton reveal = new ToggleButton("Show");
        reveal.setId("edit-key-reveal");
        reveal.setTooltip(new Tooltip("Show or hide the key"));
        shown.visibleProperty().bind(reveal.selectedProperty());
        hidden.visibleProperty().bind(reveal.selectedProperty().not());
        reveal.textProperty().bind(Bindings.when(reveal.selectedProperty()).then("Hide").otherwise("Show"));
        StackPane field = new StackPane(hidden, shown);
        HBox row = new HBox(6, field, reveal);
        HBox.setHgrow(field, Priority.ALWAYS);
        CheckBox inFile = new CheckBox("Store in the config file instead (plain text)");
        inFile.setId("edit-key-in-file");
        inFile.selectedProperty().bindBidirectional(ed.keyInConfigFileProperty());
        Label source = new Label();
        source.setId("edit-key-source");
        source.textProperty().bind(vm.keySourceProperty());
        source.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        source.setWrapText(true);
        return new VBox(4, row, inFile, source);
    }

    private static Label label(String field) {
        return RoutingView.label(ProviderEditor.label(field));
    }

    /** The selected provider's effective value (what applies when the field is blank), as a prompt. */
    private javafx.beans.binding.StringBinding effective(java.util.function.Function<dev.spoon.llm.ProviderConfig,
            Object> value, String otherwise) {
        return Bindings.createStringBinding(() -> {
            dev.spoon.llm.ProviderConfig pc = vm.effectiveProperty().get();
            Object v = pc == null ? null : value.apply(pc);
            if (v instanceof Double d && d == Math.rint(d)) {
                v = d.longValue();
            }
            return v == null ? otherwise : String.valueOf(v);
        }, vm.effectiveProperty());
    }

    private TextField field(String id, javafx.beans.property.StringProperty p, String key,
                            javafx.beans.value.ObservableValue<String> prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.promptTextProperty().bind(prompt);
        f.textProperty().bindBidirectional(p);
        markErrors(f, key);
        return f;
    }

    private void markErrors(TextInputControl f, String key) {
        vm.editor().errors().addListener((javafx.collections.MapChangeListener<String, String>) c -> {
            if (c.getKey().equals(key)) {
                String err = vm.editor().errors().get(key);
                f.pseudoClassStateChanged(Styles.STATE_DANGER, err != null);
                f.setTooltip(err == null ? null : new Tooltip(err));
            }
        });
    }
}
