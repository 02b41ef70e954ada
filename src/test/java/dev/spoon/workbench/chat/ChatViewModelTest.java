package dev.spoon.workbench.chat;

import dev.spoon.workbench.StreamBuffer;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.StubEndpoint;
import dev.spoon.workbench.StatusLine;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.providers.ProviderFixtures;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

class ChatViewModelTest {
    @TempDir
    Path dir;

    private ChatViewModel vm;
    private WorkbenchContext ctx;
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();

    @org.junit.jupiter.api.AfterEach
    void closeCore() {
        ctx.core().close();
    }
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, ChatFixtures.CONFIG, executor);
        vm = new ChatViewModel(ctx, new ConversationStore(dir.resolve("conversations")));
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
            public void delta(ChatTurn turn, StreamBuffer.Delta delta) {
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
        executor.runUntil(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
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
        assertThat(answer.errorType()).isEqualTo("AuthenticationError (sim-auth, HTTP 401)");
        assertThat(answer.errorMessage()).contains("Incorrect API key");
        assertThat(answer.errorHint()).contains("Providers");
    }

    @Test
    void stopCancelsAndKeepsWhatArrived() {
        vm.providerProperty().set("sim-slow");
        vm.inputProperty().set("tell me a story");
        vm.send();
        ChatTurn answer = vm.turns().get(1);
        executor.runUntil(() -> {
            vm.pump();
            return answer.content().length() > 5;
        });
        assertThat(vm.stop()).isTrue();
        executor.runUntil(() -> vm.stateProperty().get() == ChatViewModel.State.STOPPED);
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
        executor.runUntil(() -> vm.stateProperty().get() == ChatViewModel.State.DONE);
        assertThat(vm.turns()).hasSize(4);
        assertThat(vm.turns().get(3).content()).isEqualTo("You said: second");

        vm.edit(0);
        assertThat(vm.inputProperty().get()).isEqualTo("first");
        assertThat(vm.editingProperty().get()).isZero();
        vm.inputProperty().set("first, edited");
        vm.send();
        executor.runUntil(() -> vm.stateProperty().get() == ChatViewModel.State.DONE);
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
        Path saved = executor.await(vm.save());
        assertThat(saved).exists();
        String json = Files.readString(saved);
        assertThat(json).contains("\"role\" : \"system\"").contains("\"reasoning\"").contains("\"ttft_ms\"");

        vm.newChat();
        assertThat(vm.turns()).isEmpty();
        assertThat(executor.await(vm.listSaved())).singleElement().satisfies(c -> {
            assertThat(c.file()).isEqualTo(saved);
            assertThat(c.title()).isEqualTo("weather?");
        });
        executor.await(vm.load(saved));
        assertThat(vm.turns()).hasSize(2);
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.content()).contains("## Answer");
        assertThat(answer.reasoning()).isEqualTo("First I consider the question.");
        assertThat(answer.provider()).isEqualTo("sim-think");
        assertThat(vm.systemProperty().get()).isEqualTo("You are terse.");
        assertThat(vm.providerProperty().get()).isEqualTo("sim-think");

        Path md = dir.resolve("chat.md");
        executor.await(vm.exportMarkdown(md));
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
        executor.await(vm.load(file));
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
            executor.await(vm.load(bad));
        } catch (RuntimeException expected) {
            // the future fails; the status line says why
        }
        assertThat(vm.statusProperty().get()).contains("bad.json").contains("messages");
        assertThat(vm.status().get().kind()).isEqualTo(StatusLine.Kind.ERROR);
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

    @Test
    void anInvalidTemperatureBlocksSendingAndSaysWhy() {
        vm.settings().temperatureTextProperty().set("7");
        vm.inputProperty().set("hi");
        vm.send();
        assertThat(vm.turns()).isEmpty();
        assertThat(vm.inputProperty().get()).isEqualTo("hi"); // nothing the user typed is lost
        assertThat(vm.status().get().kind()).isEqualTo(StatusLine.Kind.ERROR);
        assertThat(vm.statusProperty().get()).contains("Temperature '7'").contains("0 to 2");
        assertThat(vm.settings().problemBinding().get()).contains("Temperature");

        vm.settings().temperatureTextProperty().set("0.5");
        assertThat(vm.settings().problemBinding().get()).isNull();
        sendAndWait("hi");
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
        assertThat(lastRequestBody()).contains("\"temperature\":0.5");
    }

    @Test
    void aFailedExchangeIsNeitherSentAgainNorSavedAsAnEmptyAnswer() throws Exception {
        vm.providerProperty().set("sim-auth");
        sendAndWait("first question");
        assertThat(vm.turns().get(1).status()).isEqualTo(ChatTurn.Status.FAILED);
        vm.providerProperty().set("sim");
        sendAndWait("second question");
        assertThat(vm.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
        // the next request does not carry the unanswered question: no two user messages in a row
        JsonNode messages = dev.spoon.llm.json.Json.tryParse(lastRequestBody()).get("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("content").asText()).isEqualTo("second question");

        Path saved = executor.await(vm.save());
        JsonNode file = dev.spoon.llm.json.Json.tryParse(Files.readString(saved));
        List<String> roles = new ArrayList<>();
        file.get("messages").forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).containsExactly("user", "user", "assistant");
        file.get("messages").forEach(m -> assertThat(m.path("content").asText()).isNotEmpty());
        assertThat(file.get("metadata").get(0).at("/unanswered/error/type").asText())
                .isEqualTo("AuthenticationError (sim-auth, HTTP 401)");

        vm.newChat();
        executor.await(vm.load(saved));
        assertThat(vm.turns()).extracting(ChatTurn::role).containsExactly(ChatTurn.Role.USER,
                ChatTurn.Role.ASSISTANT, ChatTurn.Role.USER, ChatTurn.Role.ASSISTANT);
        assertThat(vm.turns().get(1).status()).isEqualTo(ChatTurn.Status.FAILED);
        assertThat(vm.turns().get(1).errorMessage()).contains("Incorrect API key");
    }

    @Test
    void theEditBannerCountsTheUsersMessages() {
        sendAndWait("one");
        sendAndWait("two");
        vm.edit(2);
        assertThat(vm.editingLabel().get()).startsWith("Editing your message 2 ");
        assertThat(vm.statusProperty().get()).startsWith("Editing your message 2:");
        vm.cancelEdit();
        assertThat(vm.editingLabel().get()).isEmpty();
    }

    @Test
    void aModelListThatCannotBeReadIsReportedNotSilentlyReplaced() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(ProviderFixtures.json(401, ProviderFixtures.fixture("openai-error-401-invalid-api-key.json")));
            server.start();
            WorkbenchContext other = TestWorkbench.context(dir.resolve("other"), ChatFixtures.CONFIG + """
                    [providers.mystub]
                    type = "openai-compatible"
                    base_url = "%s"
                    model = "stub-1"
                    """.formatted(server.url("/v1")), executor);
            try {
                ChatViewModel chat = new ChatViewModel(other, new ConversationStore(dir.resolve("c2")));
                chat.providerProperty().set("mystub");
                assertThat(chat.models()).containsExactly("stub-1"); // the configured model while the list loads
                executor.runUntil(() -> chat.status().get().kind() == StatusLine.Kind.ERROR);
                assertThat(chat.statusProperty().get()).startsWith("Could not list the models of mystub: "
                        + "AuthenticationError (mystub, HTTP 401): Incorrect API key").contains("Showing the configured model");
                assertThat(chat.models()).containsExactly("stub-1");
            } finally {
                other.core().close();
            }
        }
    }

    private String lastRequestBody() {
        assertThat(ctx.debugLogger().flush(10_000)).isTrue(); // the log records on its own thread
        var records = ctx.debugLogger().records();
        return records.get(records.size() - 1).requestBody();
    }

    @Test
    void aRetryIsShownLiveInTheAnswerWithACountdown() throws Exception {
        BlockingQueue<Runnable> waits = new LinkedBlockingQueue<>();
        try (StubEndpoint stub = new StubEndpoint().rateLimited(7).streams()) {
            WorkbenchContext other = TestWorkbench.context(dir.resolve("retry"), stub.configFallingBackToSim(), executor,
                    waits);
            try {
                ChatViewModel chat = new ChatViewModel(other, new ConversationStore(dir.resolve("c3")));
                List<String> notices = new CopyOnWriteArrayList<>();
                chat.setListener(new ChatViewModel.Listener() {
                    @Override
                    public void reset(List<ChatTurn> turns) {
                    }

                    @Override
                    public void turnAdded(ChatTurn turn) {
                    }

                    @Override
                    public void delta(ChatTurn turn, StreamBuffer.Delta delta) {
                    }

                    @Override
                    public void turnFinished(ChatTurn turn) {
                    }

                    @Override
                    public void noticeChanged(ChatTurn turn) {
                        notices.add(turn.notice());
                    }
                });
                chat.providerProperty().set("mystub");
                chat.inputProperty().set("hi");
                chat.send();
                ChatTurn answer = chat.turns().get(1);
                executor.runUntil(() -> answer.notice() != null);
                assertThat(answer.notice()).isEqualTo("rate limited by mystub, retrying in 7 s (attempt 2 of 4)");
                executor.advance(Duration.ofSeconds(3));
                assertThat(answer.notice()).isEqualTo("rate limited by mystub, retrying in 4 s (attempt 2 of 4)");
                assertThat(chat.stateProperty().get()).isEqualTo(ChatViewModel.State.STREAMING);
                waits.take().run(); // the manager's 7 s wait ends now
                executor.runUntil(() -> chat.stateProperty().get() != ChatViewModel.State.STREAMING);
                assertThat(chat.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
                assertThat(answer.content()).isNotEmpty();
                assertThat(answer.provider()).isEqualTo("mystub");
                assertThat(answer.noticeEvents()).containsExactly(
                        "rate limited by mystub, retried after 7 s (attempt 2 of 4)");
                assertThat(notices).startsWith("rate limited by mystub, retrying in 7 s (attempt 2 of 4)",
                        "rate limited by mystub, retrying in 6 s (attempt 2 of 4)");
                executor.advance(Duration.ofSeconds(10));
                // no ticking after the end; the line says in the past what happened
                assertThat(answer.notice()).isEqualTo("rate limited by mystub, retried after 7 s (attempt 2 of 4)");
            } finally {
                other.core().close();
            }
        }
    }

    @Test
    void aFallbackIsShownInTheAnswerAndTheAnswerNamesWhoGaveIt() throws Exception {
        try (StubEndpoint stub = new StubEndpoint().unauthorized()) {
            WorkbenchContext other = TestWorkbench.context(dir.resolve("fallback"), stub.configFallingBackToSim(),
                    executor);
            try {
                ChatViewModel chat = new ChatViewModel(other, new ConversationStore(dir.resolve("c4")));
                chat.providerProperty().set("mystub");
                chat.inputProperty().set("hi");
                chat.send();
                executor.runUntil(() -> chat.stateProperty().get() != ChatViewModel.State.STREAMING);
                ChatTurn answer = chat.turns().get(1);
                assertThat(chat.stateProperty().get()).isEqualTo(ChatViewModel.State.DONE);
                assertThat(answer.notice()).isEqualTo("mystub failed (AuthenticationError 401), falling back to sim");
                assertThat(answer.provider()).isEqualTo("sim");
                assertThat(answer.content()).isEqualTo("You said: hi");

                Path saved = executor.await(chat.save());
                ChatTurn reread = Conversation.read(saved).turns().get(1);
                assertThat(reread.noticeEvents()).containsExactly(
                        "mystub failed (AuthenticationError 401), falling back to sim");
            } finally {
                other.core().close();
            }
        }
    }
}
