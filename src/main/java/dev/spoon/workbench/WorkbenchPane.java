package dev.spoon.workbench;

import javafx.scene.Node;

/**
 * One pane of the workbench (Chat, Compare, Tools, Logs, Metrics, Providers). The shell creates a pane
 * lazily the first time it is shown, so start-up only pays for the first pane.
 */
public interface WorkbenchPane {

    /** Window-wide commands the shell forwards to the pane on screen (from keyboard shortcuts). */
    enum Command {
        /** Ctrl+Enter: send / run. */
        SEND,
        /** Ctrl+N: start something new (a new chat…). */
        NEW,
        /** Ctrl+F: focus the pane's search/filter field. */
        FIND,
        /** Esc: stop what is running. */
        STOP
    }

    /** The pane's root node; created once. */
    Node view();

    /**
     * The keyboard shortcuts this pane acts on, for the status bar ("Ctrl+Enter send · Esc stop"); "" for
     * none. The shell adds the pane switch (Ctrl+1…6) itself.
     */
    default String shortcutHints() {
        return "";
    }

    /** Called on the FX thread each time the pane becomes visible. */
    default void onShown() {
    }

    /**
     * Handles a shortcut while this pane is on screen (FX thread).
     *
     * @return true when the pane acted on it (the key event is then consumed)
     */
    default boolean handle(Command command) {
        return false;
    }

    /** Called once when the window closes: stop timers, cancel work. */
    default void dispose() {
    }
}
