package dev.spoon.workbench;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.concurrent.CompletableFuture;

/**
 * Counts the workbench's requests in flight, for the status bar. Panes hand every provider call to
 * {@link #track}; the count drops when the call completes, fails or is cancelled. The property changes on
 * the UI thread (through the {@link TaskExecutor}).
 */
public final class RequestTracker {
    private final TaskExecutor executor;
    private final ReadOnlyIntegerWrapper inFlight = new ReadOnlyIntegerWrapper(this, "inFlight", 0);

    public RequestTracker(TaskExecutor executor) {
        this.executor = executor;
    }

    /** Counts {@code call} until it completes; returns it unchanged. */
    public <T> CompletableFuture<T> track(CompletableFuture<T> call) {
        executor.ui(() -> inFlight.set(inFlight.get() + 1));
        call.whenComplete((r, e) -> executor.ui(() -> inFlight.set(inFlight.get() - 1)));
        return call;
    }

    /** Requests started and not yet completed. */
    public ReadOnlyIntegerProperty inFlightProperty() {
        return inFlight.getReadOnlyProperty();
    }
}
