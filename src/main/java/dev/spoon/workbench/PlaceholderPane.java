package dev.spoon.workbench;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A pane that says plainly that it is not built yet (used until the real pane is registered). */
public final class PlaceholderPane implements WorkbenchPane {
    private final VBox root;

    public PlaceholderPane(String title, String detail) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_2);
        Label d = new Label(detail);
        d.getStyleClass().add(Styles.TEXT_MUTED);
        root = new VBox(8, t, d);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("placeholder-pane");
    }

    @Override
    public Node view() {
        return root;
    }
}
