package dev.spoon.workbench;

import javafx.scene.Node;

/**
 * One pane of the workbench (Chat, Compare, Tools, Logs, Metrics, Providers). The shell creates a pane
 * lazily the first time it is shown, so start-up only pays for the first pane.
 */
public interface WorkbenchPane {
    /** The pane's root node; created once. */
    Node view();

    /** Called on the FX thread each time the pane becomes visible. */
    default void onShown() {
    }

    /** Called once when the window closes: stop timers, cancel work. */
    default void dispose() {
    }
}
