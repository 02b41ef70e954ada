package dev.spoon.workbench.providers;

import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's wrong results in the Providers pane, driven as a new user would: a fresh home folder (no config
 * file at all), the real window, the real key file.
 */
@ExtendWith(ApplicationExtension.class)
class ProvidersFlowsTest {
    @TempDir
    static Path dir;

    private WorkbenchContext context;
    private Path home;

    @Start
    void start(Stage stage) {
        home = dir.resolve("fresh-" + System.nanoTime());
        context = TestWorkbench.context(home, null, TaskExecutor.background());
        context.theme().apply();
        WorkbenchShell shell = new WorkbenchShell(context, PaneRegistry.standard());
        WorkbenchApp.install(stage, shell, context);
        stage.show();
    }

    @AfterEach
    void closeCore() {
        context.core().close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void setText(FxRobot robot, String query, String text) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    private static void fire(FxRobot robot, String query) {
        Button b = robot.lookup(query).queryAs(Button.class);
        assertThat(b.isDisabled()).as(query + " enabled").isFalse();
        robot.interact(b::fire);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private void openProviders(FxRobot robot) throws Exception {
        robot.interact(() -> context.navigate(Nav.PROVIDERS));
        waitFor(() -> robot.lookup("#custom-add").tryQuery().isPresent());
    }

    private void addEndpoint(FxRobot robot, String name, String url) throws Exception {
        setText(robot, "#custom-name", name);
        setText(robot, "#custom-url", url);
        fire(robot, "#custom-add");
        waitFor(() -> robot.lookup(".title-3").queryAs(Label.class).getText().equals(name));
    }

    @Test
    @SuppressWarnings("unchecked")
    void savingACustomEndpointKeepsTheDefaultProviderEverywhere(FxRobot robot) throws Exception {
        // the Chat pane is open first, as after a fresh start
        waitFor(() -> robot.lookup("#chat-provider").tryQuery().isPresent());
        ComboBox<String> chatProvider = robot.lookup("#chat-provider").queryAs(ComboBox.class);
        assertThat(chatProvider.getValue()).isEqualTo("sim");
        robot.interact(() -> context.navigate(Nav.COMPARE));
        waitFor(() -> robot.lookup("#compare-column-0").tryQuery().isPresent());
        java.util.List<ComboBox<String>> columns = new java.util.ArrayList<>();
        for (javafx.scene.Node column : robot.lookup(".compare-column").queryAll()) {
            columns.add(robot.from(column).lookup(".combo-box").queryAs(ComboBox.class)); // the provider box
        }
        java.util.List<String> before = columns.stream().map(ComboBox::getValue).toList();
        assertThat(before).isNotEmpty().doesNotContainNull();
        openProviders(robot);
        addEndpoint(robot, "mylocal", "http://127.0.0.1:9/v1");
        setText(robot, "#edit-key", "sk-local-123456");
        robot.clickOn("#edit-save"); // a real click, as the user did
        waitFor(() -> text(robot, "#providers-message").startsWith("Saved mylocal"));

        assertThat(text(robot, "#status-provider")).isEqualTo("\u25CF sim");
        assertThat(chatProvider.getValue()).isEqualTo("sim");
        assertThat(chatProvider.getItems()).contains("sim", "mylocal");
        assertThat(context.activeProviderProperty().get()).isEqualTo("sim");
        assertThat(columns.stream().map(ComboBox::getValue).toList()).isEqualTo(before);
        robot.interact(() -> context.navigate(Nav.CHAT));
        assertThat(chatProvider.getValue()).isEqualTo("sim");
    }

    @Test
    @SuppressWarnings("unchecked")
    void routingStaysAsConfiguredAfterAddingAnEndpointOrTestingAConnection(FxRobot robot) throws Exception {
        openProviders(robot);
        ComboBox<String> def = robot.lookup("#routing-default").queryAs(ComboBox.class);
        assertThat(def.getValue()).isEqualTo("sim");
        addEndpoint(robot, "mylocal", "http://127.0.0.1:9/v1");
        assertThat(def.getValue()).isEqualTo("sim");
        assertThat(robot.lookup("#routing-save").queryAs(Button.class).isDisabled()).isTrue();
        fire(robot, "#edit-test");
        waitFor(() -> text(robot, "#edit-test-result").startsWith("\u2717"));
        assertThat(def.getValue()).isEqualTo("sim");
        assertThat(robot.lookup("#routing-save").queryAs(Button.class).isDisabled()).isTrue();

        // change only the chain: the default written is the one shown
        robot.interact(() -> robot.lookup("#routing-chain-pick").queryAs(ComboBox.class).setValue("mylocal"));
        fire(robot, "#routing-chain-add"); // below the fold: a user scrolls down to it
        fire(robot, "#routing-save");
        waitFor(() -> text(robot, "#providers-message").startsWith("Saved routing"));
        String file = Files.readString(home.resolve("config.toml"));
        assertThat(file).contains("default_provider = 'sim'").contains("fallback_chain = ['mylocal']")
                .doesNotContain("default_provider = ''");
        assertThat(text(robot, "#providers-message")).contains("default sim").doesNotContain("null");
        assertThat(context.configuration().defaultProvider()).isEqualTo("sim");
    }

    @Test
    void aClearedKeyIsNotSentByTestConnectionAndSaveSaysItDeletesTheStoredKey(FxRobot robot) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            String body = new String(getClass().getResourceAsStream(
                    "/fixtures/openai-error-401-invalid-api-key.json").readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < 2; i++) {
                server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
                        .body(body).build());
            }
            server.start();
            openProviders(robot);
            addEndpoint(robot, "staging", server.url("/v1").toString());
            setText(robot, "#edit-key", "sk-stored-987654");
            fire(robot, "#edit-save");
            waitFor(() -> text(robot, "#providers-message").startsWith("Saved staging"));
            assertThat(Files.readString(home.resolve("keys.json"))).contains("sk-stored-987654");

            // with the stored key: Test connection sends it
            fire(robot, "#edit-test");
            waitFor(() -> text(robot, "#edit-test-result").startsWith("\u2717"));
            RecordedRequest first = server.takeRequest();
            assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer sk-stored-987654");

            // cleared: the line under the field says what Save will do, and Test connection sends no key
            setText(robot, "#edit-key", "");
            waitFor(() -> text(robot, "#edit-key-source").contains("Save will delete"));
            fire(robot, "#edit-test");
            waitFor(() -> !text(robot, "#edit-test-result").startsWith("Testing")
                    && text(robot, "#edit-test-result").startsWith("\u2717"));
            RecordedRequest second = server.takeRequest();
            assertThat(second.getHeaders().get("Authorization")).isNull();

            fire(robot, "#edit-save");
            waitFor(() -> text(robot, "#providers-message").startsWith("Saved staging"));
            assertThat(text(robot, "#providers-message")).contains("stored key deleted");
            assertThat(Files.readString(home.resolve("keys.json"))).doesNotContain("sk-stored-987654");
            assertThat(context.configuration().loadProviderConfig("staging").apiKey()).isNull();
        }
    }
}
