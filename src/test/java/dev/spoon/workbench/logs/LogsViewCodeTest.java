package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.code.CodeLanguage;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** "View code" from a Logs record: the dialog opens with every form, keys as variables, and Copy copies. */
@ExtendWith(ApplicationExtension.class)
class LogsViewCodeTest {
    private static final String KEY = "sk-pane-secret-0123456789";

    @TempDir
    static Path dir;

    private final MockWebServer server = new MockWebServer();
    private WorkbenchContext ctx;
    private LogsPane pane;

    @Start
    void start(Stage stage) throws Exception {
        server.start();
        ctx = TestWorkbench.context(dir.resolve("code-" + System.nanoTime()), """
                default_provider = "openai"
                retry_attempts = 0
                debug = { max_records = 100 }
                [providers.openai]
                api_key = "%s"
                base_url = "%s"
                model = "gpt-4o-mini"
                """.formatted(KEY, server.url("/v1")), TaskExecutor.background());
        ctx.theme().apply();
        pane = new LogsPane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (Parent) pane.view(), 1200, 740);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
        server.close();
    }

    @Test
    void viewCodeOpensFromALogsRecordWithTheKeyAsAVariableAndCopies(FxRobot robot) throws Exception {
        String answer = new String(getClass().getResourceAsStream("/fixtures/openai-chat-nonstream-text.json")
                .readAllBytes(), StandardCharsets.UTF_8);
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(answer).build());
        LlmProvider.await(ctx.manager().chat(ChatRequest.ofUser("Say hello in Portuguese"), "openai"));
        ctx.debugLogger().flush(5000);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.viewModel().records().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        Button viewCode = robot.lookup("#logs-view-code").queryButton();
        assertThat(viewCode.isDisabled()).isTrue(); // nothing selected yet
        @SuppressWarnings("unchecked")
        TableView<DebugRecord> table = robot.lookup("#logs-table").queryAs(TableView.class);
        WaitForAsyncUtils.asyncFx(() -> table.getSelectionModel().select(0)).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(viewCode.isDisabled()).isFalse();
        robot.clickOn(viewCode);
        WaitForAsyncUtils.waitForFxEvents();

        Window dialog = robot.listTargetWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().getRoot().getId() != null
                        && w.getScene().getRoot().getId().equals("view-code-dialog"))
                .findFirst().orElseThrow();
        TabPane tabs = robot.from(dialog.getScene().getRoot()).lookup("#view-code-tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(t -> t.getText())
                .containsExactly("curl", "Python", "TypeScript", "Java", "spoon CLI");
        TextArea curl = robot.from(dialog.getScene().getRoot()).lookup("#view-code-curl").queryAs(TextArea.class);
        assertThat(curl.getText()).contains(server.url("/v1/chat/completions").toString())
                .contains("-H \"Authorization: Bearer $OPENAI_API_KEY\"")
                .contains("\"content\": \"Say hello in Portuguese\"")
                .doesNotContain(KEY).doesNotContain("***");
        for (CodeLanguage lang : CodeLanguage.values()) {
            String id = "#view-code-" + lang.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(robot.from(dialog.getScene().getRoot()).lookup(id).queryAs(TextArea.class).getText())
                    .as(lang.label()).doesNotContain(KEY).isNotBlank();
        }

        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#view-code-copy").queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        String copied = WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get();
        assertThat(copied).isEqualTo(curl.getText());

        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(1)).get();
        robot.clickOn(robot.from(dialog.getScene().getRoot()).lookup("#view-code-copy").queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get())
                .startsWith("import os\n\nfrom openai import OpenAI").contains("os.environ[\"OPENAI_API_KEY\"]");
        WaitForAsyncUtils.asyncFx(() -> ((Stage) dialog).close()).get();
    }
}
