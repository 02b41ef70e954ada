package dev.spoon.workbench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what JavaFX reports about CSS it cannot apply (for example "Could not resolve '-color-fg-default'":
 * a theme colour looked up before the scene's root had styles). JavaFX logs these as warnings of the
 * {@code javafx.css} logger; they reach the terminal of whoever runs the app.
 */
public final class CssWarnings implements AutoCloseable {
    private final Logger logger = Logger.getLogger("javafx.css");
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            messages.add(String.valueOf(r.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CssWarnings() {
        logger.addHandler(handler);
    }

    /** Starts collecting; {@link #close()} stops. */
    public static CssWarnings collect() {
        return new CssWarnings();
    }

    /** What was reported so far. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
