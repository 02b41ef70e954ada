package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
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
        assertThat(RecordDetail.timeline(streamed.chunks())).isNotEmpty()
                .allSatisfy(row -> assertThat(row.offsetMs()).isGreaterThanOrEqualTo(0));
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
        assertThat(replay.statusProperty().get()).isEqualTo("Cannot send: the request body is not a JSON object. "
                + "Fix the JSON and try again.");
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
    void clearEmptiesTheViewAndReplayParsesAnthropicAndGeminiBodies() {
        request("alpha", "x", false);
        settle(1);
        vm.clear();
        executor.runUntil(() -> {
            ctx.debugLogger().flush(1000);
            return vm.records().isEmpty();
        });
        ChatRequest a = ReplayRequest.parse("{\"model\":\"claude\",\"max_tokens\":50,\"system\":\"be brief\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}");
        assertThat(a.messages()).extracting(m -> m.role().wireName() + ":" + m.text())
                .containsExactly("system:be brief", "user:hi");
        assertThat(a.maxTokens()).isEqualTo(50);
        ChatRequest g = ReplayRequest.parse("{\"systemInstruction\":{\"parts\":[{\"text\":\"sys\"}]},\"contents\":"
                + "[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"a\"}]}],"
                + "\"generationConfig\":{\"temperature\":0.2}}");
        assertThat(g.messages()).extracting(m -> m.role().wireName() + ":" + m.text())
                .containsExactly("system:sys", "user:q", "assistant:a");
        assertThat(g.temperature()).isEqualTo(0.2);
    }
}
