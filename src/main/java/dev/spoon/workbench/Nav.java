package dev.spoon.workbench;

/** The workbench's panes, in navigation order; Ctrl+1…6 select them in this order. */
public enum Nav {
    CHAT("Chat", "\u2709"),
    COMPARE("Compare", "\u2261"),
    TOOLS("Tools", "\u2692"),
    LOGS("Logs", "\u2630"),
    METRICS("Metrics", "\u2197"),
    PROVIDERS("Providers", "\u2699");

    private final String title;
    private final String glyph;

    Nav(String title, String glyph) {
        this.title = title;
        this.glyph = glyph;
    }

    /** The label shown in the navigation rail and the window title. */
    public String title() {
        return title;
    }

    /** A one-character symbol shown above the title in the rail. */
    public String glyph() {
        return glyph;
    }

    /** The entry named {@code name} (case-insensitive), or {@code fallback} when none matches. */
    public static Nav parse(String name, Nav fallback) {
        if (name != null) {
            for (Nav n : values()) {
                if (n.name().equalsIgnoreCase(name)) {
                    return n;
                }
            }
        }
        return fallback;
    }
}
