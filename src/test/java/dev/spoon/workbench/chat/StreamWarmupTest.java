package dev.spoon.workbench.chat;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class StreamWarmupTest {
    private static final String CSS = ChatView.class.getResource("chat.css").toExternalForm();

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void runsItsStepsOffScreenThenEnds(FxRobot robot) throws Exception {
        // JavaFX reports CSS it cannot resolve (here: the theme's colours) as warnings of the "javafx.css" logger
        java.util.List<String> cssWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger css = java.util.logging.Logger.getLogger("javafx.css");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                cssWarnings.add(String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        css.addHandler(handler);
        try {
            AtomicReference<StreamWarmup> warmup = new AtomicReference<>();
            robot.interact(() -> {
                javafx.application.Application.setUserAgentStylesheet(
                        new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
                warmup.set(new StreamWarmup(0, 25, CSS, () -> false));
                warmup.get().start();
            });
            assertThat(warmup.get().done().get(30, TimeUnit.SECONDS)).isEqualTo(25);
            assertThat(cssWarnings).noneMatch(w -> w.contains("Could not resolve"));
        } finally {
            css.removeHandler(handler);
        }
    }

    @Test
    void stopsAtOnceWhenARealStreamStarts(FxRobot robot) throws Exception {
        AtomicBoolean streaming = new AtomicBoolean();
        AtomicReference<StreamWarmup> warmup = new AtomicReference<>();
        robot.interact(() -> {
            warmup.set(new StreamWarmup(0, 1_000_000, CSS, streaming::get));
            warmup.get().start();
        });
        Thread.sleep(300);
        streaming.set(true);
        int steps = warmup.get().done().get(10, TimeUnit.SECONDS);
        assertThat(steps).isLessThan(1_000_000);
    }
}
