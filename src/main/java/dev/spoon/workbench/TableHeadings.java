package dev.spoon.workbench;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;

/**
 * Keeps a table's column headings whole: each column is at least as wide as its heading in the theme's font
 * (a narrower column would show "Str…" for "Stream"). Columns past the table's edge are reached by scrolling.
 */
public final class TableHeadings {
    /** Room for the sort arrow a heading shows once the column is sorted. */
    private static final double SORT_ARROW = 14;

    private TableHeadings() {
    }

    /** Sizes {@code table}'s columns for their headings once it is shown, and again when it is re-skinned. */
    public static void keepWhole(TableView<?> table) {
        table.skinProperty().addListener((o, a, skin) -> {
            if (skin != null) {
                Platform.runLater(() -> fit(table));
            }
        });
        if (table.getSkin() != null) {
            fit(table);
        }
    }

    private static void fit(TableView<?> table) {
        if (table.getScene() == null) {
            return;
        }
        table.applyCss(); // the heading font comes from the theme
        for (Node n : table.lookupAll(".column-header")) {
            if (n instanceof TableColumnHeader h && h.getTableColumn() != null
                    && h.lookup(".label") instanceof Label label) {
                double need = Math.ceil(label.prefWidth(-1) + h.snappedLeftInset() + h.snappedRightInset()
                        + SORT_ARROW);
                var column = h.getTableColumn();
                if (column.getMinWidth() < need) {
                    column.setMinWidth(need);
                }
                if (column.getPrefWidth() < need) {
                    column.setPrefWidth(need);
                }
            }
        }
    }
}
