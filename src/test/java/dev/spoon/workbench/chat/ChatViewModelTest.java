package dev.spoon.workbench.chat;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChatViewModelTest {
    @TempDir
    Path dir;

    private ChatViewModel vm;
    private WorkbenchContext ctx;

    @org.junit.jupiter.api.AfterEach
    void closeCore() {
        ctx.core().close();
    }
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, ChatFixtures.CONFIG, TaskExecutor.direct());
        vm = new ChatViewModel(ctx);
        vm.setListener(new ChatViewModel.Listener() {
            @Override
            public void reset(List<ChatTurn> turns) {
                events.add("reset:" + turns.size());
            }

            @Override
            public void turnAdded(ChatTurn turn) {
                events.add("added:" + turn.role());
            }

            @Override
            public void delta(ChatTurn turn, ChatTurn.Delta delta) {
                events.add("delta");
            }

            @Override
            public void turnFinished(ChatTurn turn) {
                events.add("finished:" + turn.status());
            }
        });
    }

    private void sendAndWait(String text) {
        vm.inputProperty().set(text);
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
    }

    @Test
    void sendStreamsTheAnswerWithFiguresAndCost() {
        sendAndWait("hello there");
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
        assertThat(vm.turns()).hasSize(2);
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.content()).isEqualTo("You said: hello there");
        assertThat(answer.status()).isEqualTo(ChatTurn.Status.DONE);
        assertThat(answer.model()).isEqualTo("sim-1");
        assertThat(answer.usage()).isNotNull();
        assertThat(answer.cost()).isNotNull().isPositive();
        assertThat(events).startsWith("added:USER", "added:ASSISTANT").endsWith("finished:DONE").contains("delta");
        assertThat(vm.inputProperty().get()).isEmpty();
        assertThat(vm.titleProperty().get()).isEqualTo("hello there");
    }

    @Test
    void blankInputSendsNothing() {
        vm.inputProperty().set("   ");
        vm.send();
        assertThat(vm.turns()).isEmpty();
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.IDLE);
    }

    @Test
    void errorMidStreamKeepsThePartialAnswerAndTheProvidersMessage() {
        vm.providerProperty().set("sim-drop");
        sendAndWait("go");
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.FAILED);
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.status()).isEqualTo(ChatTurn.Status.FAILED);
        assertThat(answer.content()).startsWith("one two three");
        assertThat(answer.errorType()).startsWith("NetworkError");
        assertThat(answer.errorMessage()).contains("disconnected");
        assertThat(answer.errorHint()).isNotBlank();
        assertThat(vm.statusProperty().get()).contains("NetworkError");
    }

    @Test
    void authenticationFailureShowsStatusAndHint() {
        vm.providerProperty().set("sim-auth");
        sendAndWait("hi");
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.errorType()).isEqualTo("AuthenticationError (HTTP 401)");
        assertThat(answer.errorMessage()).contains("Incorrect API key");
        assertThat(answer.errorHint()).contains("Providers");
    }

    @Test
    void stopCancelsAndKeepsWhatArrived() {
        vm.providerProperty().set("sim-slow");
        vm.inputProperty().set("tell me a story");
        vm.send();
        ChatTurn answer = vm.turns().get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.pump();
            return answer.content().length() > 5;
        });
        assertThat(vm.stop()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> vm.stateProperty().get() == ChatViewModel.State.STOPPED);
        assertThat(answer.status()).isEqualTo(ChatTurn.Status.CANCELLED);
        assertThat(answer.content()).isNotEmpty();
        assertThat(vm.stop()).isFalse();
    }

    @Test
    void retryReplacesTheAnswerAndEditReplacesTheTurnAndWhatFollowed() {
        sendAndWait("first");
        sendAndWait("second");
        assertThat(vm.turns()).hasSize(4);
        vm.retry(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() == ChatViewModel.State.DONE);
        assertThat(vm.turns()).hasSize(4);
        assertThat(vm.turns().get(3).content()).isEqualTo("You said: second");

        vm.edit(0);
        assertThat(vm.inputProperty().get()).isEqualTo("first");
        assertThat(vm.editingProperty().get()).isZero();
        vm.inputProperty().set("first, edited");
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() == ChatViewModel.State.DONE);
        assertThat(vm.turns()).hasSize(2);
        assertThat(vm.turns().get(0).content()).isEqualTo("first, edited");
        assertThat(vm.turns().get(1).content()).isEqualTo("You said: first, edited");
        assertThat(vm.editingProperty().get()).isEqualTo(-1);
        assertThat(events).contains("reset:3", "reset:0");
    }

    @Test
    void requestCarriesSystemPromptAndHistory() {
        vm.systemProperty().set("Be brief.");
        sendAndWait("one");
        sendAndWait("two");
        // the echo simulator answers the last user message; the history reached it in order
        assertThat(vm.turns().get(3).content()).isEqualTo("You said: two");
        assertThat(vm.snapshot().system()).isEqualTo("Be brief.");
    }

    @Test
    void saveLoadAndExportRoundTrip() throws Exception {
        vm.providerProperty().set("sim-think");
        vm.systemProperty().set("You are terse.");
        sendAndWait("weather?");
        Path saved = vm.save().join();
        assertThat(saved).exists();
        String json = Files.readString(saved);
        assertThat(json).contains("\"role\" : \"system\"").contains("\"reasoning\"").contains("\"ttft_ms\"");

        vm.newChat();
        assertThat(vm.turns()).isEmpty();
        assertThat(vm.listSaved().join()).contains(saved);
        vm.load(saved).join();
        assertThat(vm.turns()).hasSize(2);
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.content()).contains("## Answer");
        assertThat(answer.reasoning()).isEqualTo("First I consider the question.");
        assertThat(answer.provider()).isEqualTo("sim-think");
        assertThat(vm.systemProperty().get()).isEqualTo("You are terse.");
        assertThat(vm.providerProperty().get()).isEqualTo("sim-think");

        Path md = dir.resolve("chat.md");
        vm.exportMarkdown(md).join();
        assertThat(Files.readString(md)).contains("# weather?").contains("## You").contains("<summary>Reasoning")
                .contains("```java");
    }

    @Test
    void loadsAPlainOpenAiMessageListWithToolCalls() throws Exception {
        Path file = dir.resolve("openai.json");
        Files.writeString(file, """
                [{"role": "user", "content": "Weather in Florence?"},
                 {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                   "function": {"name": "weather", "arguments": "{\\"location\\":\\"Florence\\"}"}}]}]
                """);
        vm.load(file).join();
        assertThat(vm.turns()).hasSize(2);
        assertThat(vm.turns().get(1).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("weather");
            assertThat(c.arguments()).contains("Florence");
        });
        assertThat(vm.snapshot().toMarkdown()).contains("**Tool call** `weather`");
    }

    @Test
    void loadingABrokenFileSaysWhatIsWrongAndKeepsTheChat() throws Exception {
        sendAndWait("keep me");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"messages\": 3}");
        try {
            vm.load(bad).join();
        } catch (RuntimeException expected) {
            // the future fails; the status line says why
        }
        assertThat(vm.statusProperty().get()).contains("bad.json").contains("messages");
        assertThat(vm.turns()).hasSize(2);
    }

    @Test
    void newChatDuringAStreamStopsIt() {
        vm.providerProperty().set("sim-slow");
        vm.inputProperty().set("long");
        vm.send();
        vm.newChat();
        assertThat(vm.turns()).isEmpty();
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.IDLE);
        List<String> snapshot = new ArrayList<>(events);
        assertThat(snapshot).contains("finished:CANCELLED", "reset:0");
    }
}
