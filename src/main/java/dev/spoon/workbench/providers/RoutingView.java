package dev.spoon.workbench.providers;

import atlantafx.base.theme.Styles;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.workbench.ChoiceBinding;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The routing section of the Providers pane: default provider, load balancing, the fallback chain. */
final class RoutingView {
    private RoutingView() {
    }

    /** The section, bound to {@code routing}; {@code names} lists every provider; {@code save} saves it. */
    static Node create(RoutingViewModel routing, ObservableList<String> names, Runnable save) {
        Label title = new Label("Routing");
        title.getStyleClass().add(Styles.TITLE_4);
        ComboBox<String> def = new ComboBox<>(names);
        def.setId("routing-default");
        ChoiceBinding.bind(def, routing.defaultProviderProperty());
        ComboBox<String> lb = new ComboBox<>();
        lb.setId("routing-lb");
        lb.getItems().setAll(ConfigurationManager.LOAD_BALANCING);
        ChoiceBinding.bind(lb, routing.loadBalancingProperty());

        ListView<String> chain = new ListView<>(routing.fallbackChain());
        chain.setId("routing-chain");
        chain.setPrefHeight(120);
        chain.setCellFactory(lv -> new ChainCell(routing));
        ComboBox<String> toAdd = new ComboBox<>(names);
        toAdd.setId("routing-chain-pick");
        toAdd.setPromptText("provider");
        Button add = new Button("Add");
        add.setId("routing-chain-add");
        add.setOnAction(e -> {
            String p = toAdd.getValue();
            if (p != null && !routing.fallbackChain().contains(p)) {
                routing.fallbackChain().add(p);
            }
        });
        Button remove = new Button("Remove");
        remove.setId("routing-chain-remove");
        remove.disableProperty().bind(chain.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> routing.fallbackChain().remove(chain.getSelectionModel().getSelectedItem()));
        Button up = new Button("\u2191");
        up.setId("routing-chain-up");
        up.setTooltip(new Tooltip("Move the selected provider up the chain"));
        up.setOnAction(e -> {
            int i = chain.getSelectionModel().getSelectedIndex();
            routing.moveInChain(i, i - 1);
            chain.getSelectionModel().select(Math.max(0, i - 1));
        });
        FlowPane chainButtons = new FlowPane(6, 6, toAdd, add, remove, up);
        Button saveButton = new Button("Save routing");
        saveButton.setId("routing-save");
        saveButton.getStyleClass().add(Styles.ACCENT);
        saveButton.disableProperty().bind(routing.dirtyProperty().not());
        saveButton.setOnAction(e -> save.run());
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, label("Default"), def);
        g.addRow(1, label("Balancing"), lb);
        g.addRow(2, label("Fallback"), new VBox(6, chain, chainButtons));
        ColumnConstraints fill = new ColumnConstraints();
        fill.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(new ColumnConstraints(96), fill);
        Label help = new Label("Drag entries to reorder the fallback chain: when a provider fails before answering,"
                + " the next one is tried.");
        help.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        help.setWrapText(true);
        return new VBox(8, title, g, help, saveButton);
    }

    static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    /** A fallback chain entry that can be dragged to a new position. */
    private static final class ChainCell extends ListCell<String> {
        ChainCell(RoutingViewModel routing) {
            setOnDragDetected(e -> {
                if (getItem() == null) {
                    return;
                }
                Dragboard db = startDragAndDrop(TransferMode.MOVE);
                ClipboardContent c = new ClipboardContent();
                c.putString(String.valueOf(getIndex()));
                db.setContent(c);
                e.consume();
            });
            setOnDragOver(e -> {
                if (e.getGestureSource() != this && e.getDragboard().hasString()) {
                    e.acceptTransferModes(TransferMode.MOVE);
                }
                e.consume();
            });
            setOnDragDropped(e -> {
                boolean ok = false;
                if (e.getDragboard().hasString()) {
                    int from = Integer.parseInt(e.getDragboard().getString());
                    int to = getItem() == null ? routing.fallbackChain().size() - 1 : getIndex();
                    routing.moveInChain(from, to);
                    ok = true;
                }
                e.setDropCompleted(ok);
                e.consume();
            });
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : (getIndex() + 1) + ".  " + item + "   \u2261");
        }
    }
}
