package dev.spoon.workbench;

import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Puts a pane alone on TestFX's stage. The stage is shared by every GUI test of the run, and a test that
 * installed the whole workbench leaves its minimum size, position and maximized state behind; a pane test
 * that only set a new scene could then find its lower part off the screen, where the robot's clicks miss.
 */
public final class TestStages {
    private TestStages() {
    }

    /** Shows {@code content} on {@code stage} in a scene of its own ({@link WorkbenchApp#styledScene}). */
    public static void show(Stage stage, javafx.scene.Parent content, double width, double height) {
        show(stage, WorkbenchApp.styledScene(content, width, height));
    }

    /** Shows {@code scene} on {@code stage} at the top left of the screen, sized to the scene. */
    public static void show(Stage stage, Scene scene) {
        stage.setMaximized(false);
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setScene(scene);
        stage.sizeToScene();
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }
}
