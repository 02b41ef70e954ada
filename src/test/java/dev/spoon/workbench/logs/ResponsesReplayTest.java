package dev.spoon.workbench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.openai.OpenAiWireFormat;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.spoon.llm.providers.ProviderFixtures.body;
import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Replaying a logged OpenAI Responses API request from the Logs pane. */
class ResponsesReplayTest {
    @TempDir
    Path dir;
    private MockWebServer server;
    private WorkbenchContext ctx;
    private LogsViewModel vm;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        ctx = TestWorkbench.context(dir, """
                retry_attempts = 0
                debug = { max_records = 100 }
                [providers.openai]
                api_key = "sk-replay-test-1234"
                base_url = "%s"
                [providers.beta]
                type = "sim"
                answer = "beta answers"
                ttft_ms = 0
                tokens_per_s = 0
                """.formatted(server.url("/v1")), TaskExecutor.direct());
        vm = new LogsViewModel(ctx);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.core().close();
        server.close();
    }

    private void settle(int expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ctx.debugLogger().flush(1000);
            return vm.records().size() >= expected;
        });
    }

    @Test
    void aResponsesRecordIsResentThroughTheResponsesApi() {
        // sent with --api responses (a request tag): the provider's own configuration says chat_completions
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        LlmProvider.await(ctx.manager().chatStream(ChatRequest.of(List.of(Message.system("Be brief."),
                Message.user("original question"))).withTag(ProviderConfig.Api.TAG, "responses"), "openai", null));
        take(server);
        settle(1);
        DebugRecord original = vm.records().get(0);
        assertThat(original.endpoint()).endsWith("/v1/responses");

        Replay replay = vm.replay();
        replay.open(original);
        assertThat(replay.bodyProperty().get()).contains("\"input\"").contains("original question");
        replay.bodyProperty().set(replay.bodyProperty().get().replace("original question", "edited question"));
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        replay.send().join();
        RecordedRequest again = take(server);
        assertThat(again.getUrl().encodedPath()).isEqualTo("/v1/responses");
        JsonNode b = body(again);
        assertThat(b.get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(b.get("input").get(0).get("content").asText()).isEqualTo("edited question");
        assertThat(b.get("stream").asBoolean()).isTrue();
        settle(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> replay.resultProperty().get() != null);
        DebugRecord result = replay.resultProperty().get();
        assertThat(result.endpoint()).endsWith("/v1/responses");
        assertThat(result.chunks().events()).hasSize(15).last().asString().contains("response.completed");
        assertThat(replay.statusProperty().get()).startsWith("Replayed on openai: ");
    }

    @Test
    void aResponsesRecordReplaysOnAnotherProviderInItsOwnFormat() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        LlmProvider.await(ctx.manager().chat(ChatRequest.ofUser("original question")
                .withTag(ProviderConfig.Api.TAG, "responses"), "openai"));
        settle(1);
        Replay replay = vm.replay();
        replay.open(vm.records().get(0));
        replay.providerProperty().set("beta");
        replay.send().join();
        settle(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> replay.resultProperty().get() != null);
        DebugRecord again = replay.resultProperty().get();
        assertThat(again.provider()).isEqualTo("beta");
        assertThat(again.requestBody()).contains("original question").doesNotContain("\"input\"");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theBodyReadsBackIntoTheSameConversation() {
        // the provider's wire format reads a Responses body (the endpoint's body shape tells)
        WireRequest read = OpenAiWireFormat.INSTANCE.parseRequest("""
                {"model":"gpt-5","instructions":"Use tools.","max_output_tokens":300,"temperature":0.2,
                 "input":[{"role":"user","content":[{"type":"input_text","text":"What is this, and the weather?"},
                   {"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]},
                  {"type":"reasoning","id":"rs_1","summary":[]},
                  {"role":"assistant","content":"Let me check."},
                  {"type":"function_call","call_id":"call_1","name":"weather","arguments":"{\\"location\\":\\"Rome\\"}"},
                  {"type":"function_call_output","call_id":"call_1","output":"{\\"temp_c\\":21}"},
                  {"role":"developer","content":"Answer in Italian."}],
                 "tools":[{"type":"function","name":"weather","description":"Weather","parameters":{"type":"object"},
                   "strict":false}],
                 "tool_choice":{"type":"function","name":"weather"},"store":false,"stream":true}""",
                dev.spoon.llm.providers.openai.OpenAiProvider.DEFAULT_BASE_URL + "/responses");
        ChatRequest r = read.request();
        assertThat(read.stream()).isTrue();
        assertThat(r.model()).isEqualTo("gpt-5");
        assertThat(r.maxTokens()).isEqualTo(300);
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.messages()).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
                Role.TOOL, Role.SYSTEM);
        assertThat(r.messages().get(1).parts()).hasSize(2).last().isInstanceOfSatisfying(ContentPart.Image.class,
                i -> assertThat(i.asUrl()).isEqualTo("data:image/png;base64,iVBORw0KGgo="));
        assertThat(r.messages().get(2).text()).isEqualTo("Let me check.");
        assertThat(r.messages().get(2).toolCalls()).containsExactly(new ToolCall("call_1", "weather",
                "{\"location\":\"Rome\"}", null));
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(r.messages().get(3).text()).isEqualTo("{\"temp_c\":21}");
        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("weather");
            assertThat(t.parameters()).isEqualTo(Json.tryParse("{\"type\":\"object\"}"));
        });
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.NAMED, "weather"));
        assertThat(OpenAiWireFormat.INSTANCE.parseRequest("{\"input\":\"hi\",\"stream\":true}", null).stream()).isTrue();

        ChatRequest structured = responses("""
                {"model":"gpt-5","input":"hi","reasoning":{"effort":"minimal","summary":"auto"},
                 "text":{"format":{"type":"json_schema","name":"greeting","strict":true,
                   "schema":{"type":"object","properties":{"greeting":{"type":"string"}}}}}}""");
        assertThat(structured.options().reasoningEffort()).isEqualTo(ReasoningEffort.MINIMAL);
        assertThat(structured.responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class, f -> {
            assertThat(f.name()).isEqualTo("greeting");
            assertThat(f.strict()).isTrue();
            assertThat(f.schema().path("properties").has("greeting")).isTrue();
        });
        assertThat(responses("{\"input\":\"hi\",\"text\":{\"format\":{\"type\":\"json_object\"}}}")
                .responseFormat()).isEqualTo(ResponseFormat.JSON);
        assertThatThrownBy(() -> responses("{\"input\":\"hi\",\"reasoning\":{\"effort\":\"extreme\"}}"))
                .hasMessageStartingWith("reasoning.effort: 'extreme' is not a reasoning effort");

        assertThatThrownBy(() -> OpenAiWireFormat.INSTANCE.parseRequest(
                "{\"input\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\"}]}", null))
                .hasMessage("input[0]: item type 'web_search_call' is not supported (messages, function_call and "
                        + "function_call_output are)");
    }

    private static ChatRequest responses(String body) {
        return OpenAiWireFormat.INSTANCE.parseRequest(body, null).request();
    }
}
