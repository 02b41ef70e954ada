package dev.spoon.workbench.chat;

import dev.spoon.llm.code.CodeLanguage;
import dev.spoon.llm.code.RequestCode;
import dev.spoon.llm.code.WireApi;
import dev.spoon.llm.code.CodeRequest;
import dev.spoon.llm.json.Json;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** "View code" of a chat answer: the request its provider sent, exactly, with the key as a variable. */
class ChatViewCodeTest {
    private static final String KEY = "sk-chat-secret-0123456789";
    @TempDir
    Path dir;
    private final MockWebServer server = new MockWebServer();
    private WorkbenchContext ctx;

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.core().close();
        }
        server.close();
    }

    @Test
    void theCodeOfAnAnswerIsTheRequestTheServerReceived() throws Exception {
        server.start();
        String sse = new String(getClass().getResourceAsStream("/fixtures/openai-chat-stream-text-include-usage.sse")
                .readAllBytes(), StandardCharsets.UTF_8);
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                // the workbench may list the provider's models too: only the chat call gets the answer
                return r.getUrl().encodedPath().endsWith("/chat/completions")
                        ? new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(sse)
                        .build()
                        : new MockResponse.Builder().code(404).body("{}").build();
            }
        });
        ctx = TestWorkbench.context(dir, """
                retry_attempts = 0
                [providers.openai]
                api_key = "%s"
                base_url = "%s"
                model = "gpt-4o-mini"
                """.formatted(KEY, server.url("/v1")), TaskExecutor.direct());
        ChatViewModel vm = new ChatViewModel(ctx);
        vm.providerProperty().set("openai");
        vm.systemProperty().set("Answer in Portuguese.");
        vm.settings().temperatureTextProperty().set("0.4");
        vm.inputProperty().set("Say hello");
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);

        RecordedRequest sent = server.takeRequest();
        while (!sent.getUrl().encodedPath().endsWith("/chat/completions")) {
            sent = server.takeRequest();
        }
        CodeRequest code = vm.code(1);
        assertThat(code.api()).isEqualTo(WireApi.OPENAI_CHAT);
        assertThat(code.stream()).isTrue();
        assertThat(code.url()).isEqualTo(server.url("/v1/chat/completions").toString());
        assertThat(code.body()).isEqualTo(Json.tryParse(sent.getBody().utf8()));
        for (CodeLanguage lang : CodeLanguage.values()) {
            assertThat(RequestCode.render(code, lang)).as(lang.label()).doesNotContain(KEY);
        }
        assertThat(RequestCode.render(code, CodeLanguage.CURL)).contains("Bearer $OPENAI_API_KEY")
                .contains("\"temperature\": 0.4");
        assertThatThrownBy(() -> vm.code(0)).isInstanceOf(IllegalArgumentException.class); // a user turn
    }
}
