package dev.spoon.workbench.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.request.RequestOptionsViewModel;
import dev.spoon.workbench.request.ResponseFormatChoice;
import dev.spoon.workbench.request.StructuredText;
import dev.spoon.workbench.request.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chat sends the request options (images, extra body) and shows cached and reasoning tokens and their cost. */
class ChatRequestOptionsTest {
    /** The recorded OpenAI stream, its usage as a cached, reasoning answer reports it. */
    static final String STREAM = ProviderFixtures.fixture("openai-chat-stream-text-include-usage.sse")
            .replace("\"cached_tokens\":0", "\"cached_tokens\":16")
            .replace("\"reasoning_tokens\":0", "\"reasoning_tokens\":1");

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private WorkbenchContext ctx;
    private ChatViewModel vm;

    /** Answers the model list (asked for when the chat opens) itself; chats get the queued answers in order. */
    private final java.util.concurrent.BlockingQueue<mockwebserver3.MockResponse> answers =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** How many chat requests (not model lists) reached the server. */
    private final java.util.concurrent.atomic.AtomicInteger chats = new java.util.concurrent.atomic.AtomicInteger();

    private void answer(mockwebserver3.MockResponse r) {
        answers.add(r);
    }

    /** The next chat request the server received (model-list requests skipped). */
    private RecordedRequest takeChat() throws InterruptedException {
        while (true) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            if (r == null || "POST".equals(r.getMethod())) {
                return r;
            }
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if ("GET".equals(request.getMethod())) {
                    return ProviderFixtures.json(200, "{\"object\":\"list\",\"data\":[],\"models\":[]}");
                }
                chats.incrementAndGet();
                mockwebserver3.MockResponse next = answers.poll(5, TimeUnit.SECONDS);
                return next != null ? next : ProviderFixtures.json(500, "{\"error\":{\"message\":\"no answer queued\"}}");
            }
        });
        server.start();
        ctx = TestWorkbench.context(dir, """
                default_provider = "ollama"
                retry_attempts = 0
                [providers.ollama]
                base_url = "%s"
                model = "gpt-4o-mini"
                [prices."gpt-4o-mini"]
                input_per_mtok = 0.15
                output_per_mtok = 0.60
                cached_input_per_mtok = 0.075
                """.formatted(server.url("/v1")), TaskExecutor.direct());
        vm = new ChatViewModel(ctx);
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.core().close();
        server.close();
    }

    private JsonNode sendAndReadBody(String text) throws Exception {
        answer(ProviderFixtures.sse(STREAM));
        vm.inputProperty().set(text);
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
        RecordedRequest r = takeChat();
        assertThat(r).isNotNull();
        return Json.MAPPER.readTree(r.getBody().utf8());
    }

    @Test
    void attachedImagesGoWithTheMessageAndExtraBodyFieldsIntoTheRequest() throws Exception {
        Path png = Files.write(dir.resolve("dot.png"), TestImages.PNG);
        vm.requestOptions().attach(List.of(png)).join();
        vm.requestOptions().extraBodyTextProperty().set("{\"seed\": 7, \"top_p\": 0.5}");
        JsonNode body = sendAndReadBody("What is in this picture?");

        JsonNode content = body.at("/messages/0/content");
        assertThat(content.get(0).get("type").asText()).isEqualTo("text");
        assertThat(content.get(0).get("text").asText()).isEqualTo("What is in this picture?");
        assertThat(content.get(1).at("/image_url/url").asText()).isEqualTo("data:image/png;base64,"
                + Base64.getEncoder().encodeToString(TestImages.PNG));
        assertThat(body.get("seed").asInt()).isEqualTo(7);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.5);
        // the images went with that message: the next one has none, the first still has its own
        assertThat(vm.requestOptions().images()).isEmpty();
        assertThat(vm.turns().get(0).images()).hasSize(1);
        JsonNode next = sendAndReadBody("and now?");
        assertThat(next.at("/messages/0/content/1/image_url/url").asText()).startsWith("data:image/png;base64,");
        assertThat(next.at("/messages/2/content").asText()).isEqualTo("and now?");
    }

    /** An OpenAI stream whose answer text is {@code json} (one delta), usage as recorded. */
    private static String answering(String json) {
        String escaped = json.replace("\\", "\\\\").replace("\"", "\\\"");
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + escaped
                + "\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":9,\"total_tokens\":49}}\n\n"
                + "data: [DONE]\n\n";
    }

    @Test
    void theSchemaEffortAndHeadersGoOnTheWireAndTheAnswersCheckShowsUnderIt() throws Exception {
        RequestOptionsViewModel o = vm.requestOptions();
        o.formatProperty().set(ResponseFormatChoice.JSON_SCHEMA);
        o.schemaTextProperty().set("{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}},"
                + " \"required\": [\"name\"]}");
        o.reasoningEffortProperty().set("low");
        o.headersTextProperty().set("X-Trace: abc123");
        answer(ProviderFixtures.sse(answering("{\"name\": 5}")));
        vm.inputProperty().set("Who?");
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
        RecordedRequest r = takeChat();
        JsonNode body = Json.MAPPER.readTree(r.getBody().utf8());
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/schema/required/0").asText()).isEqualTo("name");
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(r.getHeaders().get("X-Trace")).isEqualTo("abc123");

        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.structured().valid()).isFalse();
        List<String> lines = dev.spoon.workbench.request.StructuredText.lines(answer.structured(), true);
        assertThat(lines.get(0)).isEqualTo("\u2717 JSON parsed, but it does not match the schema (1 error)");
        assertThat(lines.get(1)).startsWith("  $.name: ");

        answer(ProviderFixtures.sse(answering("{\"name\": \"Ada\"}")));
        vm.inputProperty().set("And now?");
        vm.send();
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.stateProperty().get() != ChatViewModel.State.STREAMING);
        assertThat(StructuredText.lines(vm.turns().get(3).structured(), true))
                .containsExactly("\u2713 JSON parsed; it matches the schema");
    }

    @Test
    void aWrongExtraBodyKeepsTheMessageAndSaysWhatToFix() {
        vm.requestOptions().extraBodyTextProperty().set("{\"seed\": }");
        vm.inputProperty().set("hello");
        vm.send();
        assertThat(vm.turns()).isEmpty();
        assertThat(vm.inputProperty().get()).isEqualTo("hello");
        assertThat(vm.statusProperty().get()).startsWith("Extra body is not valid JSON (line 1, column 10)");
        assertThat(chats.get()).isZero();
    }

    @Test
    void cachedAndReasoningTokensAndTheCacheAwareCostAreInTheAnswersFigures() throws Exception {
        sendAndReadBody("hi");
        ChatTurn answer = vm.turns().get(1);
        assertThat(answer.status()).isEqualTo(ChatTurn.Status.DONE);
        // 20 prompt tokens of which 16 cached at half price, 2 completion tokens
        double expected = (4 * 0.15 + 16 * 0.075 + 2 * 0.60) / 1e6;
        assertThat(answer.cost()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ChatFigures.describe(answer)).contains("20 in (16 cached) / 2 out (1 reasoning) tokens")
                .contains(String.format(java.util.Locale.ROOT, "$%.5f", expected));
    }
}
