package dev.spoon.workbench.providers;

import dev.spoon.workbench.Nav;
import dev.spoon.workbench.PaneRegistry;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchApp;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchShell;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
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

@ExtendWith(ApplicationExtension.class)
class ProvidersPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchContext context;
    private Path home;

    @Start
    void start(Stage stage) {
        home = dir.resolve("providers-" + System.nanoTime());
        context = TestWorkbench.context(home, ProvidersViewModelTest.CONFIG, TaskExecutor.background());
        context.theme().apply();
        context.navigate(Nav.PROVIDERS);
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

    /** Long values are pasted rather than typed key by key (typing is slow on a busy machine). */
    private static void setText(FxRobot robot, String query, String text) {
        TextField f = robot.lookup(query).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    @SuppressWarnings("unchecked")
    private void selectRow(FxRobot robot, String name) throws Exception {
        ListView<ProviderRow> list = robot.lookup("#providers-list").queryAs(ListView.class);
        robot.interact(() -> list.getItems().stream().filter(r -> r.name().equals(name)).findFirst()
                .ifPresent(r -> list.getSelectionModel().select(r)));
        waitFor(() -> robot.lookup(".title-3").queryAs(Label.class).getText().equals(name));
    }

    @Test
    void addingACustomEndpointSavesItAndListsIt(FxRobot robot) throws Exception {
        setText(robot, "#custom-name", "mylocal");
        setText(robot, "#custom-url", "not a url");
        robot.clickOn("#custom-add");
        assertThat(robot.lookup("#custom-error").queryAs(Label.class).getText())
                .startsWith("Base URL: 'not a url' is not a valid URL");
        setText(robot, "#custom-url", "http://127.0.0.1:1234/v1");
        robot.clickOn("#custom-add");
        waitFor(() -> robot.lookup(".title-3").queryAs(Label.class).getText().equals("mylocal"));
        assertThat(robot.lookup("#custom-error").queryAs(Label.class).getText()).isEmpty();
        assertThat(robot.lookup("#edit-base-url").queryAs(TextField.class).getText())
                .isEqualTo("http://127.0.0.1:1234/v1");
        assertThat(Files.readString(home.resolve("config.toml"))).contains("mylocal").contains("openai-compatible");
        assertThat(robot.lookup("mylocal").tryQuery()).isPresent();
    }

    @Test
    void testConnectionFailureShowsTheProvidersRealMessage(FxRobot robot) throws Exception {
        selectRow(robot, "sim-auth");
        robot.clickOn("#edit-test");
        waitFor(() -> robot.lookup("#edit-test-result").queryAs(Label.class).getText().startsWith("\u2717"));
        assertThat(robot.lookup("#edit-test-result").queryAs(Label.class).getText())
                .contains("AuthenticationError (sim-auth, HTTP 401)").contains("Incorrect API key provided");
    }

    @Test
    void testConnectionShowsTheRealOpenAi401BodyFromTheServer(FxRobot robot) throws Exception {
        String body = new String(getClass().getResourceAsStream("/fixtures/openai-error-401-invalid-api-key.json")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(401)
                    .addHeader("Content-Type", "application/json").body(body).build());
            server.start();
            setText(robot, "#custom-name", "staging");
            setText(robot, "#custom-url", server.url("/v1").toString());
            robot.clickOn("#custom-add");
            waitFor(() -> robot.lookup(".title-3").queryAs(Label.class).getText().equals("staging"));
            setText(robot, "#edit-key", "not-a-real-key");
            robot.clickOn("#edit-test");
            waitFor(() -> robot.lookup("#edit-test-result").queryAs(Label.class).getText().startsWith("\u2717"));
            String shown = robot.lookup("#edit-test-result").queryAs(Label.class).getText();
            assertThat(shown).contains("AuthenticationError (staging, HTTP 401)")
                    .contains("Incorrect API key provided: <not-a-r****key>");
            var request = server.takeRequest();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer not-a-real-key");
        }
    }

    @Test
    void fieldsAreValidatedAsTypedAndKeysAreMasked(FxRobot robot) throws Exception {
        selectRow(robot, "openai");
        robot.clickOn("#edit-temperature").write("5");
        assertThat(robot.lookup("#edit-errors").queryAs(Label.class).getText())
                .isEqualTo("Temperature: value 5 is out of range; expected 0 to 2");
        assertThat(robot.lookup("#edit-save").queryAs(Button.class).isDisabled()).isTrue();
        robot.doubleClickOn("#edit-temperature").eraseText(1).write("0.2");
        assertThat(robot.lookup("#edit-errors").queryAs(Label.class).getText()).isEmpty();

        setText(robot, "#edit-key", "sk-secret-42");
        assertThat(robot.lookup("#edit-key").queryAs(PasswordField.class).isVisible()).isTrue();
        assertThat(robot.lookup("#edit-key-shown").queryAs(TextField.class).isVisible()).isFalse();
        robot.clickOn("#edit-key-reveal");
        assertThat(robot.lookup("#edit-key-shown").queryAs(TextField.class).getText()).isEqualTo("sk-secret-42");
        assertThat(robot.lookup("#edit-key-source").queryAs(Label.class).getText())
                .startsWith("Save will keep the key in the key file");
        assertThat(robot.lookup(".label").queryAllAs(Label.class)).filteredOn(l -> l.getText() != null
                && l.getText().contains("key file")).hasSize(1); // one key-store line, not two
        robot.clickOn("#edit-save");
        waitFor(() -> robot.lookup("#providers-message").queryAs(Label.class).getText().startsWith("Saved openai"));
        assertThat(Files.readString(home.resolve("config.toml"))).doesNotContain("sk-secret-42").contains("0.2");
        assertThat(Files.readString(home.resolve("keys.json"))).contains("sk-secret-42");
        waitFor(() -> robot.lookup("openai").tryQuery().isPresent());
    }
}
