package dev.spoon.workbench;

import javafx.beans.property.Property;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ComboBox;

import java.util.Objects;

/**
 * Binds a non-editable {@link ComboBox}'s value to a ViewModel property, both ways, so that replacing the box's
 * items never clears the property. JavaFX's ComboBox sets its value to null when its items list is replaced (for
 * a moment, or for good when the list changes size); through a plain bidirectional binding that null reached the
 * ViewModels (issue 15: "● no provider", "Assistant · null", routing saved with an empty default). Here a null
 * from the box is ignored, and the box shows the property's value again after its items change. Only the
 * ViewModel can choose "nothing". FX thread only.
 */
public final class ChoiceBinding {
    private ChoiceBinding() {
    }

    /** Keeps {@code box}'s value and {@code value} equal; see the class comment for what a null means. */
    public static <T> void bind(ComboBox<T> box, Property<T> value) {
        box.setValue(value.getValue());
        value.addListener((o, a, b) -> {
            if (!Objects.equals(box.getValue(), b)) {
                box.setValue(b);
            }
        });
        box.valueProperty().addListener((o, a, b) -> {
            if (b == null) {
                if (value.getValue() != null) {
                    box.setValue(value.getValue()); // cleared by an items change, not by the user
                }
            } else if (!Objects.equals(value.getValue(), b)) {
                value.setValue(b);
            }
        });
        ListChangeListener<T> restore = c -> {
            if (!Objects.equals(box.getValue(), value.getValue())) {
                box.setValue(value.getValue());
            }
        };
        box.getItems().addListener(restore);
        box.itemsProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.removeListener(restore);
            }
            if (b != null) {
                b.addListener(restore);
            }
            restore.onChanged(null);
        });
    }
}
