package dev.spoon.workbench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the workbench remembers between runs. Coordinates are in screen pixels; a null position means "not known yet,
 * centre the window".
 *
 * @param lastPane the {@link Nav} name shown when the window closed
 * @param theme    the {@link ThemeManager.Mode} name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppPreferences(Double x, Double y, double width, double height, boolean maximized,
                             String lastPane, String theme) {

    public static final AppPreferences DEFAULT = new AppPreferences(null, null, 1280, 820, false,
            Nav.CHAT.name(), ThemeManager.Mode.SYSTEM.name());

    public AppPreferences {
        width = !(width >= 400) ? 1280 : width;
        height = !(height >= 300) ? 820 : height;
    }

    public AppPreferences withBounds(Double nx, Double ny, double nw, double nh, boolean max) {
        return new AppPreferences(nx, ny, nw, nh, max, lastPane, theme);
    }

    public AppPreferences withLastPane(String pane) {
        return new AppPreferences(x, y, width, height, maximized, pane, theme);
    }

    public AppPreferences withTheme(String t) {
        return new AppPreferences(x, y, width, height, maximized, lastPane, t);
    }
}
