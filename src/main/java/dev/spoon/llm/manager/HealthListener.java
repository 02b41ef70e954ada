package dev.spoon.llm.manager;

import dev.spoon.llm.HealthStatus;

/**
 * Told when a provider's health changes (healthy ↔ unhealthy, or its first result). Called on a
 * health-check background thread ({@code spoon-health-*}), never on the FX thread; hop to the UI thread
 * yourself. A throwing listener is ignored.
 */
@FunctionalInterface
public interface HealthListener {
    /**
     * @param previous the status before, or null for a provider's first check
     * @param current  the new status
     */
    void onStatusChanged(HealthStatus previous, HealthStatus current);
}
