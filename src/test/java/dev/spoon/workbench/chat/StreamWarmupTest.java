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
        // the theme defines the colours chat.css looks up
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        stage.show();
    }

    @Test
    void runsItsStepsOffScreenThenEnds(FxRobot robot) throws Exception {
        try (dev.spoon.workbench.CssWarnings css = dev.spoon.workbench.CssWarnings.collect()) {
            AtomicReference<StreamWarmup> warmup = new AtomicReference<>();
            robot.interact(() -> {
                warmup.set(new StreamWarmup(0, 25, CSS, () -> false));
                warmup.get().start();
            });
            // a generous limit: on a busy machine the 25 paced steps take long; what is checked is that they all run
            assertThat(warmup.get().done().get(120, TimeUnit.SECONDS)).isEqualTo(25);
            assertThat(css.messages()).noneMatch(w -> w.contains("Could not resolve"));
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
        int steps = warmup.get().done().get(60, TimeUnit.SECONDS);
        assertThat(steps).isLessThan(1_000_000);
    }
}
