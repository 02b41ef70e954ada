package dev.spoon.workbench;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.text.TextAlignment;

/** What an empty table or list says: a centred text that wraps in a narrow pane instead of being cut. */
public final class Placeholder {
    private Placeholder() {
    }

    /** A placeholder label reading {@code text}. */
    public static Label of(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setTextAlignment(TextAlignment.CENTER);
        l.setAlignment(Pos.CENTER);
        l.setPadding(new Insets(12));
        l.getStyleClass().add("placeholder-text");
        return l;
    }
}
