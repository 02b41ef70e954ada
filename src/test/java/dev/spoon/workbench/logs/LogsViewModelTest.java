package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.Message;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.providers.ProviderFixtures;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogsViewModelTest {
    static final String TOML = """
            default_provider = "alpha"
            retry_attempts = 0
            debug = { max_records = 1000 }
            [providers.alpha]
            type = "sim"
            answer = "alpha answers"
            ttft_ms = 0
            tokens_per_s = 0
            [providers.beta]
            type = "sim"
            answer = "beta answers"
            ttft_ms = 0
            tokens_per_s = 0
            [providers.broken]
            type = "sim"
            fail_type = "auth"
            """;

    @TempDir
    Path dir;
    private WorkbenchContext ctx;
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();
    private LogsViewModel vm;

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, TOML, executor);
        vm = new LogsViewModel(ctx);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.core().close();
    }

    private void request(String provider, String text, boolean stream) {
        ChatRequest r = ChatRequest.ofUser(text).withTag("origin", "test");
        try {
            LlmProvider.await(stream ? ctx.manager().chatStream(r, provider, null) : ctx.manager().chat(r, provider));
        } catch (RuntimeException expected) {
            // failures are logged too
        }
    }

    private void settle(int expected) {
        executor.runUntil(() -> {
            ctx.debugLogger().flush(1000);
            return vm.records().size() >= expected;
        });
    }

    @Test
    void gatewayRecordsCanBeFilteredByOriginAndClient() {
        for (String client : new String[]{"OpenAI/Python 1.99.0", "claude-code/2.0"}) {
            LlmProvider.await(ctx.manager().chat(ChatRequest.ofUser("from " + client).withTag("origin", "gateway")
                    .withTag(DebugRecord.USER_AGENT_TAG, client), "alpha"));
        }
        request("beta", "from the chat pane", false);
        settle(3);
        assertThat(vm.origins()).containsExactly(LogsViewModel.ALL_ORIGINS, "gateway", "test");
        assertThat(vm.clients()).containsExactly(LogsViewModel.ALL_CLIENTS, "OpenAI/Python 1.99.0", "claude-code/2.0");
        vm.originProperty().set("gateway");
        assertThat(vm.filtered()).hasSize(2).allSatisfy(r -> assertThat(r.tags()).containsEntry("origin", "gateway"));
        vm.clientProperty().set("claude-code/2.0");
        assertThat(vm.filtered()).singleElement().satisfies(r -> assertThat(r.requestBody()).contains("claude-code"));
        vm.originProperty().set(LogsViewModel.ALL_ORIGINS);
        vm.clientProperty().set(LogsViewModel.ALL_CLIENTS);
        assertThat(vm.filtered()).hasSize(3);
    }

    @Test
    void recordsArriveLiveAndFiltersNarrowThem() {
        request("alpha", "hello", true);
        request("beta", "find the needle", false);
        request("broken", "hi", false);
        settle(3);
        assertThat(vm.records()).extracting(DebugRecord::provider).containsExactly("alpha", "beta", "broken");
        assertThat(vm.providers()).containsExactly(LogsViewModel.ALL_PROVIDERS, "alpha", "beta", "broken");
        assertThat(vm.revisionProperty().get()).isPositive();

        vm.providerProperty().set("beta");
        assertThat(vm.filtered()).extracting(DebugRecord::provider).containsExactly("beta");
        vm.providerProperty().set(LogsViewModel.ALL_PROVIDERS);
        vm.statusProperty().set(LogsViewModel.StatusFilter.ERRORS);
        assertThat(vm.filtered()).singleElement().satisfies(r ->
                assertThat(r.error().type()).isEqualTo("AuthenticationError"));
        vm.statusProperty().set(LogsViewModel.StatusFilter.ALL);
        vm.textProperty().set("NEEDLE");
        assertThat(vm.filtered()).extracting(DebugRecord::provider).containsExactly("beta");
        vm.textProperty().set("");
        assertThat(vm.filtered()).hasSize(3);

        DebugRecord streamed = vm.records().get(0);
        List<RecordDetail.TimelineRow> rows = RecordDetail.timeline(streamed.chunks(), vm.wireFormatOf("alpha"));
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row.offsetMs()).isGreaterThanOrEqualTo(0));
        // each event's delta is its own column: together they are the answer
        assertThat(String.join("", rows.stream().map(RecordDetail.TimelineRow::delta).toList()))
                .isEqualTo("alpha answers");
        assertThat(RecordDetail.streamedText(streamed.chunks(), vm.wireFormatOf("alpha"))).isEqualTo("alpha answers");
        assertThat(RecordDetail.summary(vm.records().get(2))).contains("AuthenticationError (broken, HTTP 401)");
    }

    @Test
    void replaySendsTheEditedRequestToAnotherProviderAndShowsTheNewRecord() {
        request("alpha", "original question", false);
        settle(1);
        DebugRecord original = vm.records().get(0);
        Replay replay = vm.replay();
        replay.open(original);
        assertThat(replay.bodyProperty().get()).contains("original question");
        replay.bodyProperty().set(replay.bodyProperty().get().replace("original question", "edited question"));
        replay.providerProperty().set("beta");
        executor.await(replay.send());
        settle(2);
        DebugRecord again = replay.resultProperty().get();
        assertThat(again).isNotNull();
        assertThat(again.provider()).isEqualTo("beta");
        assertThat(again.requestBody()).contains("edited question");
        assertThat(again.tags()).containsEntry(Replay.TAG, original.requestId());
        assertThat(replay.statusProperty().get()).startsWith("Replayed on beta: ");

        replay.bodyProperty().set("{not json");
        assertThat(replay.send()).isNull();
        assertThat(replay.statusProperty().get()).isEqualTo("Cannot send: the request body must be a JSON object "
                + "with model and messages. Fix the request and try again.");
    }

    @Test
    void exportWritesTheFilteredRecordsInEachFormat() throws Exception {
        request("alpha", "one", true);
        request("beta", "two", false);
        request("alpha", "three", false);
        settle(3);
        vm.providerProperty().set("alpha");
        Path jsonl = dir.resolve("out.jsonl");
        assertThat(executor.await(vm.export(jsonl, DebugExporter.Format.JSONL))).isEqualTo(2);
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"provider\":\"alpha\""));
        Path csv = dir.resolve("out.csv");
        executor.await(vm.export(csv, DebugExporter.Format.CSV));
        assertThat(Files.readAllLines(csv)).hasSize(3).first().asString().startsWith("ts,request_id,provider");
        Path har = dir.resolve("out.har");
        executor.await(vm.export(har, DebugExporter.Format.HAR));
        assertThat(Files.readString(har)).contains("\"entries\"").contains("\"_provider\":\"alpha\"");
        assertThat(vm.messageProperty().get()).isEqualTo("Exported 2 records to " + har);
        assertThat(vm.exportProgressProperty().get()).isEqualTo(-1);
    }

    @Test
    void clearEmptiesTheView() {
        request("alpha", "x", false);
        settle(1);
        vm.clear();
        executor.runUntil(() -> {
            ctx.debugLogger().flush(1000);
            return vm.records().isEmpty();
        });
        assertThat(vm.messageProperty().get()).startsWith("Cleared the in-memory log");
    }

    @Test
    void anAnthropicRequestWithToolBlocksIsReplayedOnAnotherProviderWithItsToolsIntact() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(ProviderFixtures.json(200, ProviderFixtures.fixture("anthropic-messages-nonstream-tool-use.json")));
            server.start();
            WorkbenchContext other = TestWorkbench.context(dir.resolve("claude"), TOML + """
                    [providers.claude]
                    type = "anthropic"
                    api_key = "sk-ant-test-0000"
                    base_url = "%s"
                    """.formatted(server.url("/")), executor);
            try (LogsViewModel logs = new LogsViewModel(other)) {
                ChatRequest withTools = ChatRequest.builder().message(Message.user("Weather in Paris?"))
                        .message(Message.assistant(null, List.of(new ToolCall("toolu_1", "weather",
                                "{\"location\":\"Paris\"}"))))
                        .message(Message.tool("toolu_1", "weather", "{\"temperature\":21}"))
                        .tools(List.of(new Tool("weather", "Weather", dev.spoon.llm.json.Json.tryParse(
                                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}"))))
                        .tag("origin", "test").build();
                LlmProvider.await(other.manager().chat(withTools, "claude"));
                executor.runUntil(() -> {
                    other.debugLogger().flush(1000);
                    return logs.records().size() == 1;
                });
                DebugRecord original = logs.records().get(0);
                assertThat(original.requestBody()).contains("\"tool_use\"").contains("\"tool_result\"");
                logs.replay().open(original);
                logs.replay().providerProperty().set("alpha");
                executor.await(logs.replay().send());
                executor.runUntil(() -> {
                    other.debugLogger().flush(1000);
                    return logs.replay().resultProperty().get() != null;
                });
                JsonNode replayed = dev.spoon.llm.json.Json.tryParse(logs.replay().resultProperty().get().requestBody());
                assertThat(replayed.at("/messages/1/tool_calls/0/function/name").asText()).isEqualTo("weather");
                assertThat(replayed.at("/messages/1/tool_calls/0/function/arguments").asText())
                        .isEqualTo("{\"location\":\"Paris\"}");
                assertThat(replayed.at("/messages/2/tool_call_id").asText()).isEqualTo("toolu_1");
                assertThat(replayed.at("/tools/0/function/name").asText()).isEqualTo("weather");
                assertThat(replayed.has("max_tokens")).isTrue(); // Anthropic's required max_tokens came along
            } finally {
                other.core().close();
            }
        }
    }

    @Test
    void theReplayEditorFollowsTheSelectedRecordUntilTheUserEditsIt() {
        request("alpha", "first question", false);
        request("beta", "second question", false);
        settle(2);
        Replay replay = vm.replay();
        vm.selectedProperty().set(vm.records().get(0));
        assertThat(replay.bodyProperty().get()).contains("first question");
        assertThat(replay.providerProperty().get()).isEqualTo("alpha");
        assertThat(replay.originalProperty().get()).isNotNull(); // Send is enabled
        vm.selectedProperty().set(vm.records().get(1));
        assertThat(replay.bodyProperty().get()).contains("second question");

        replay.bodyProperty().set(replay.bodyProperty().get().replace("second", "edited"));
        vm.selectedProperty().set(vm.records().get(0));
        assertThat(replay.bodyProperty().get()).contains("edited question");
        assertThat(replay.statusProperty().get()).contains("is kept");
        replay.open(vm.records().get(0));
        assertThat(replay.bodyProperty().get()).contains("first question");
    }
}
