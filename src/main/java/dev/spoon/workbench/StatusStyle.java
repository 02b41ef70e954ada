package dev.spoon.workbench;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Labeled;

import java.util.List;

/**
 * Shows a {@link StatusLine} in a label: its text, styled by the kind of the message on screen (an error in
 * the danger colour, everything else muted), so each message carries its own style.
 */
public final class StatusStyle {
    private static final List<String> KINDS = List.of(Styles.DANGER, Styles.TEXT_MUTED, Styles.ACCENT);

    private StatusStyle() {
    }

    /** Binds {@code label}'s text to {@code line} and keeps its style class in step with the message's kind. */
    public static void bind(Labeled label, StatusLine line) {
        if (!label.textProperty().isBound()) {
            label.textProperty().bind(line.textProperty());
        }
        apply(label, line.get().kind());
        line.messageProperty().addListener((o, a, b) -> apply(label, b.kind()));
    }

    private static void apply(Labeled label, StatusLine.Kind kind) {
        label.getStyleClass().removeAll(KINDS);
        label.getStyleClass().add(switch (kind) {
            case ERROR -> Styles.DANGER;
            case BUSY -> Styles.ACCENT;
            case INFO -> Styles.TEXT_MUTED;
        });
    }
}
