package dev.spoon.llm.manager;

import dev.spoon.llm.HealthStatus;

/**
 * Told when a provider's health changes (healthy, unhealthy, not running; or its first result). Called on
 * the thread that finished the check or the request (a transport thread, the simulator's, or
 * {@code spoon-health}), never on the FX thread; hop to the UI thread yourself, and never block. A throwing
 * listener is ignored.
 */
@FunctionalInterface
public interface HealthListener {
    /**
     * @param previous the status before, or null for a provider's first check
     * @param current  the new status
     */
    void onStatusChanged(HealthStatus previous, HealthStatus current);
}
