package dev.spoon;

import dev.spoon.cli.SpoonCli;

/**
 * The jar's entry point. With no arguments it opens the workbench; with a command ({@code chat},
 * {@code providers}…) or a flag such as {@code --version} it runs the headless CLI, which never touches
 * the JavaFX toolkit. Deliberately not a {@code javafx.application.Application} subclass, so that
 * {@code java -jar} works; the window is opened with JavaFX as named modules ({@link JavaFxModules}).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("--gui"))) {
            JavaFxModules.launch(new String[0]);
            return;
        }
        System.exit(SpoonCli.run(args));
    }
}
