package dev.spoon.workbench;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class WorkbenchShellTest {
    @TempDir
    static Path dir;

    private WorkbenchContext context;
    private WorkbenchShell shell;
    private final AtomicInteger created = new AtomicInteger();

    @Start
    void start(Stage stage) {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the gateway switch binds a free port, never a real 8787
        context = TestWorkbench.context(dir.resolve("shell"), "[gateway]\nport = " + port + "\n", TaskExecutor.direct());
        context.theme().apply();
        PaneRegistry registry = PaneRegistry.standard();
        registry.register(Nav.CHAT, ctx -> {
            created.incrementAndGet();
            return new PlaceholderPane("Chat test pane", "");
        });
        // real panes replaced these placeholders; the rail test only needs panes that are cheap to find
        registry.register(Nav.COMPARE, ctx -> new PlaceholderPane("Compare \u2014 not built yet", ""));
        registry.register(Nav.LOGS, ctx -> new PlaceholderPane("Logs \u2014 not built yet", ""));
        shell = new WorkbenchShell(context, registry);
        WorkbenchApp.install(stage, shell, context);
        stage.show();
    }

    @org.junit.jupiter.api.AfterEach
    void closeCore() {
        context.core().close();
    }

    @Test
    void railAndShortcutsSwitchPanesAndPanesAreCreatedOnce(FxRobot robot) {
        assertThat(robot.lookup("Chat test pane").queryAs(Label.class)).isNotNull();
        robot.clickOn("#nav-compare");
        assertThat(robot.lookup("Compare \u2014 not built yet").tryQuery()).isPresent();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.selectedPaneProperty().get()).isEqualTo(Nav.LOGS);
        assertThat(robot.lookup("Logs \u2014 not built yet").tryQuery()).isPresent();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("Chat test pane").tryQuery()).isPresent();
        assertThat(created).hasValue(1);
        assertThat(robot.window(0).getScene().getWindow()).isNotNull();
        assertThat(((javafx.stage.Stage) robot.window(0)).getTitle()).isEqualTo("Spoon Workbench \u2014 Chat");
    }

    @Test
    void statusBarShowsProviderAndLiveRequestCount(FxRobot robot) {
        Label provider = robot.lookup("#status-provider").queryAs(Label.class);
        assertThat(provider.getText()).contains("sim");
        java.util.concurrent.CompletableFuture<String> call = new java.util.concurrent.CompletableFuture<>();
        robot.interact(() -> context.requests().track(call));
        assertThat(robot.lookup("#status-inflight").queryAs(Label.class).getText()).isEqualTo("1 request in flight");
        robot.interact(() -> call.complete("done"));
        assertThat(robot.lookup("#status-inflight").queryAs(Label.class).getText()).isEqualTo("idle");
    }

    @Test
    void theGatewaySwitchStartsTheServerAndShowsItsUrlAndClientSettings(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#status-gateway").queryAs(javafx.scene.control.ToggleButton.class).getText()).contains("Gateway off");
        assertThat(robot.lookup("#gateway-panel").query().isVisible()).isFalse();
        robot.clickOn("#status-gateway");
        assertThat(robot.lookup("#gateway-panel").query().isVisible()).isTrue();
        atlantafx.base.controls.ToggleSwitch on = robot.lookup("#gateway-switch")
                .queryAs(atlantafx.base.controls.ToggleSwitch.class);
        robot.interact(() -> on.setSelected(true));
        WaitForAsyncUtils.waitForFxEvents();
        String url = robot.lookup("#gateway-url").queryTextInputControl().getText();
        try {
            assertThat(url).as(robot.lookup("#status-gateway").queryAs(javafx.scene.control.ToggleButton.class)
                    .getText() + " / " + robot.lookup("#gateway-message").queryAs(Label.class).getText())
                    .startsWith("http://127.0.0.1:");
            assertThat(robot.lookup("#gateway-client-settings").queryTextInputControl().getText())
                    .contains("OPENAI_BASE_URL=" + url + "/v1").contains("ANTHROPIC_BASE_URL=" + url);
            assertThat(robot.lookup("#status-gateway").queryAs(javafx.scene.control.ToggleButton.class).getText()).contains("Gateway on");
            robot.clickOn("#gateway-copy-url");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(WaitForAsyncUtils.asyncFx(() -> javafx.scene.input.Clipboard.getSystemClipboard()
                    .getString()).get()).isEqualTo(url);
        } finally {
            robot.interact(shell::dispose); // stops the gateway
        }
    }

    @Test
    void themeAndLastPaneArePersisted(FxRobot robot) throws Exception {
        robot.clickOn("#theme-menu").clickOn("#theme-dark");
        assertThat(context.theme().darkProperty().get()).isTrue();
        robot.clickOn("#nav-providers");
        String json = Files.readString(context.preferences().file());
        assertThat(json).contains("\"theme\" : \"DARK\"").contains("\"lastPane\" : \"PROVIDERS\"");
        PreferencesStore reread = new PreferencesStore(context.preferences().file(), TaskExecutor.direct());
        assertThat(reread.get().theme()).isEqualTo("DARK");
        Node any = robot.lookup(".nav-rail").query();
        assertThat(any).isNotNull();
    }
}
