package dev.spoon.llm.debug;

import java.util.List;

/**
 * Observes the debug log's in-memory ring. Called on the logger's own background thread
 * ({@code spoon-debug-log}), never on a transport thread or the FX thread, at most about 20 times a second,
 * with everything that changed since the previous call: a GUI must hop to its UI thread itself (one
 * {@code Platform.runLater} per call is fine: calls are already batched). A throwing listener is ignored.
 */
@FunctionalInterface
public interface DebugLogListener {
    void onChange(Change change);

    /**
     * What changed. Apply in this order to mirror the ring: if {@code cleared}, empty the view first; then
     * append {@code added}; then drop the {@code removedFromHead} oldest entries (they fell out of the ring,
     * possibly including some of {@code added}).
     *
     * @param revision the logger's {@link DebugLogger#revision()} after this change
     */
    record Change(boolean cleared, List<DebugRecord> added, int removedFromHead, long revision) {
    }
}
