package dev.spoon.workbench;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which pane each navigation entry shows. The shell asks for a pane the first time its entry is selected
 * ({@link WorkbenchPane} creation is lazy), so a factory may be slow-ish without hurting start-up.
 *
 * <p>{@link #standard()} is the one place that wires the real panes: replacing a placeholder is one line.
 */
public final class PaneRegistry {
    private final Map<Nav, Function<WorkbenchContext, WorkbenchPane>> factories = new EnumMap<>(Nav.class);

    /** The workbench's panes. */
    public static PaneRegistry standard() {
        PaneRegistry r = new PaneRegistry();
        r.register(Nav.CHAT, dev.spoon.workbench.chat.ChatPane::new);
        r.register(Nav.COMPARE, dev.spoon.workbench.compare.ComparePane::new);
        r.register(Nav.TOOLS, dev.spoon.workbench.tools.ToolsPane::new);
        r.register(Nav.LOGS, dev.spoon.workbench.logs.LogsPane::new);
        r.register(Nav.METRICS, dev.spoon.workbench.metrics.MetricsPane::new);
        r.register(Nav.PROVIDERS, dev.spoon.workbench.providers.ProvidersPane::new);
        return r;
    }

    /** Sets (or replaces) the pane factory of {@code nav}; returns this registry. */
    public PaneRegistry register(Nav nav, Function<WorkbenchContext, WorkbenchPane> factory) {
        factories.put(nav, factory);
        return this;
    }

    /**
     * Creates the pane of {@code nav}.
     *
     * @throws IllegalStateException when nothing is registered for it
     */
    public WorkbenchPane create(Nav nav, WorkbenchContext context) {
        Function<WorkbenchContext, WorkbenchPane> f = factories.get(nav);
        if (f == null) {
            throw new IllegalStateException("no pane registered for " + nav);
        }
        return f.apply(context);
    }
}
