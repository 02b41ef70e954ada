package dev.spoon.workbench;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The Spoon Workbench window. */
public final class WorkbenchApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("Spoon Workbench"));
        stage.setTitle("Spoon Workbench");
        stage.setScene(new Scene(root, 1200, 800));
        stage.show();
    }
}
