package dev.spoon.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official OpenAI Java SDK against a running gateway: answers from the simulator and from upstreams of
 * the other formats (Anthropic, Gemini) come back as Chat Completions objects, with tool calls, usage, finish
 * reasons and errors in OpenAI's format.
 */
class OpenAiClientThroughGatewayTest {
    private static final String CLIENT_KEY = "sk-client-own-key-NEVER-FORWARDED";

    @TempDir
    Path dir;
    GatewayHarness h;
    OpenAIClient client;

    @BeforeEach
    void start() {
        h = new GatewayHarness(dir, GatewayHarness.TOKEN, 1);
        client = OpenAIOkHttpClient.builder().baseUrl(h.openAiBase()).apiKey(GatewayHarness.TOKEN).maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        h.close();
    }

    @Test
    void aPlainCallToTheSimulatorIsAChatCompletionAndADebugRecordWithTheClientsUserAgent() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/sim-1").addUserMessage("hello gateway").build());
        assertThat(c.choices().get(0).message().content()).contains("You said: hello gateway");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage()).isPresent();
        assertThat(c.usage().get().completionTokens()).isPositive();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !h.records(r -> "gateway".equals(r.tags().get("origin")))
                .isEmpty());
        DebugRecord r = h.records(x -> "gateway".equals(x.tags().get("origin"))).get(0);
        assertThat(r.provider()).isEqualTo("sim");
        assertThat(r.userAgent()).contains("/Java");
        assertThat(r.tags()).containsEntry("gateway_format", "openai");
        assertThat(r.origin()).isEqualTo(DebugRecord.Origin.GATEWAY);
        assertThat(h.gateway.stats().calls()).isEqualTo(1);
        assertThat(h.core.metrics().getProviderStats("sim").totalRequests()).isPositive();
    }

    @Test
    void aStreamedCallWithIncludeUsageArrivesAsChunksThenUsage() {
        ChatCompletionCreateParams p = ChatCompletionCreateParams.builder().model("sim/sim-1")
                .addUserMessage("stream me").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(p)) {
            s.stream().forEach(c -> {
                chunks[0]++;
                acc.accumulate(c);
            });
        }
        ChatCompletion c = acc.chatCompletion();
        assertThat(chunks[0]).isGreaterThan(3);
        assertThat(c.choices().get(0).message().content()).contains("You said: stream me");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage()).isPresent();
    }

    @Test
    void aToolRoundTripThroughAnAnthropicUpstream() throws Exception {
        h.anthropic.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        h.anthropic.enqueue(json(200, """
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
                 "content":[{"type":"text","text":"It is sunny in Florence."}],"stop_reason":"end_turn",
                 "stop_sequence":null,"usage":{"input_tokens":500,"output_tokens":9}}"""));
        ChatCompletionFunctionTool weather = ChatCompletionFunctionTool.builder().function(FunctionDefinition
                .builder().name("weather").description("Current weather").parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                Map.of("type", "string"))))
                        .build()).build()).build();
        ChatCompletionCreateParams.Builder conv = ChatCompletionCreateParams.builder()
                .model("upanthropic/claude-sonnet-4-20250514").addUserMessage("Weather in Florence?").addTool(weather);
        ChatCompletion first = client.chat().completions().create(conv.build());
        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().get().get(0)
                .asFunction();
        assertThat(call.id()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(call.function().name()).isEqualTo("weather");
        assertThat(Json.MAPPER.readTree(call.function().arguments()).path("location").asText())
                .isEqualTo("Florence,Italy");
        assertThat(first.usage().get().promptTokens()).isEqualTo(394);

        ChatCompletion second = client.chat().completions().create(conv
                .addMessage(first.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 24 C")
                        .build()).build());
        assertThat(second.choices().get(0).message().content().get()).contains("sunny in Florence");

        RecordedRequest up1 = h.anthropic.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest up2 = h.anthropic.takeRequest(5, TimeUnit.SECONDS);
        assertThat(up1.getHeaders().get("x-api-key")).isEqualTo(GatewayHarness.ANTHROPIC_KEY);
        JsonNode body = Json.MAPPER.readTree(up2.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(body.path("tools").get(0).path("input_schema").path("properties").has("location")).isTrue();
        JsonNode toolTurn = body.path("messages").get(1);
        assertThat(toolTurn.path("content").get(1).path("type").asText()).isEqualTo("tool_use");
        JsonNode result = body.path("messages").get(2).path("content").get(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(result.path("content").asText()).isEqualTo("sunny, 24 C");
    }

    @Test
    void theClientsOwnKeyIsNeverForwardedUpstream() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("open"));
        try (GatewayHarness open = new GatewayHarness(dir.resolve("open"), null, 1)) {
            OpenAIClient own = OpenAIOkHttpClient.builder().baseUrl(open.openAiBase()).apiKey(CLIENT_KEY)
                    .maxRetries(0).build();
            open.anthropic.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
            own.chat().completions().create(ChatCompletionCreateParams.builder().model("upanthropic/x")
                    .addUserMessage("hi").build());
            RecordedRequest up = open.anthropic.takeRequest(5, TimeUnit.SECONDS);
            assertThat(up.getHeaders().toString()).doesNotContain(CLIENT_KEY).contains(GatewayHarness.ANTHROPIC_KEY);
            assertThat(up.getBody().utf8()).doesNotContain(CLIENT_KEY);
            own.close();
        }
    }

    @Test
    void aStreamFromAnAnthropicUpstreamArrivesAsChatCompletionChunks() {
        h.anthropic.enqueue(sse(fixture("anthropic-messages-stream-text.sse")));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("upanthropic/claude-sonnet-4-20250514")
                        .addUserMessage("Say hi in Portuguese").build())) {
            s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).startsWith("Olá! (That's \"hi\" in Portuguese)");
    }

    @Test
    void aGeminiFunctionCallRoundTripKeepsItsThoughtSignatureThoughTheClientDropsIt() throws Exception {
        h.gemini.enqueue(json(200, fixture("gemini-generatecontent-nonstream-function-call.json")));
        h.gemini.enqueue(json(200, """
                {"candidates":[{"content":{"parts":[{"text":"Sunny in Florence."}],"role":"model"},
                 "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":80,"candidatesTokenCount":4,"totalTokenCount":84},
                 "modelVersion":"gemini-2.5-flash","responseId":"r2"}"""));
        ChatCompletionCreateParams.Builder conv = ChatCompletionCreateParams.builder()
                .model("upgemini/gemini-2.5-flash").addUserMessage("Weather in Florence?");
        ChatCompletion c = client.chat().completions().create(conv.build());
        ChatCompletionMessageFunctionToolCall call = c.choices().get(0).message().toolCalls().get().get(0)
                .asFunction();
        assertThat(call.function().name()).isEqualTo("weather");
        assertThat(call.function().arguments()).contains("Florence,Italy");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(c.usage().get().promptTokens()).isEqualTo(54);

        ChatCompletion second = client.chat().completions().create(conv.addMessage(c.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny").build())
                .build());
        assertThat(second.choices().get(0).message().content().get()).isEqualTo("Sunny in Florence.");
        h.gemini.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = Json.MAPPER.readTree(h.gemini.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        JsonNode modelTurn = body.path("contents").get(1);
        assertThat(modelTurn.toString()).contains("functionCall").contains("\"thoughtSignature\":\"CvMBAb4+9vvZC");
        assertThat(body.path("contents").get(2).toString()).contains("functionResponse").contains("sunny");
    }

    @Test
    void aWrongTokenIs401InOpenAisFormat() {
        OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(h.openAiBase()).apiKey("not-the-token")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrong.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("sim/sim-1").addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.type()).contains("authentication_error");
                        assertThat(e.getMessage()).contains("gateway token");
                    });
        } finally {
            wrong.close();
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "x".repeat(1024 * 1024 + 10);
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim/sim-1").addUserMessage(big).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("max_request_mb");
                });
        // nothing went upstream; the refusal itself is in the log (without the body it did not read)
        await().atMost(5, TimeUnit.SECONDS).until(() -> !h.records(r -> "gateway".equals(r.tags().get("origin")))
                .isEmpty());
        assertThat(h.records(r -> "gateway".equals(r.tags().get("origin")))).singleElement().satisfies(r -> {
            assertThat(r.provider()).isEqualTo("gateway");
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.requestBody()).isNull();
        });
    }

    @Test
    void anUpstream429KeepsItsStatusAndRetryAfter() {
        h.anthropic.enqueue(json(429, fixture("anthropic-error-429-rate-limit-error.json"), "retry-after", "42"));
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("upanthropic/claude-sonnet-4-20250514").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("42");
                    assertThat(e.type()).contains("rate_limit_error");
                    assertThat(e.getMessage()).doesNotContain(GatewayHarness.ANTHROPIC_KEY);
                });
    }

    @Test
    void anUpstreamFailingMidStreamEndsTheStreamWithAnErrorAfterTheTextSoFar() {
        h.anthropic.enqueue(sse("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_x","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half an ans"}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """));
        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("upanthropic/claude-sonnet-4-20250514")
                            .addUserMessage("hi").build())) {
                s.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
        }).hasMessageContaining("Overloaded");
        assertThat(text.toString()).isEqualTo("Half an ans");
        await().atMost(5, TimeUnit.SECONDS).until(() -> h.gateway.stats().errors() == 1);
    }

    @Test
    void malformedJsonIs400InOpenAisFormat() throws Exception {
        okhttp3.OkHttpClient raw = new okhttp3.OkHttpClient();
        try (okhttp3.Response r = raw.newCall(new okhttp3.Request.Builder().url(h.openAiBase() + "/chat/completions")
                .header("Authorization", "Bearer " + GatewayHarness.TOKEN)
                .post(okhttp3.RequestBody.create("{\"model\": \"sim/sim-1\", \"messages\": [",
                        okhttp3.MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(400);
            JsonNode e = Json.MAPPER.readTree(r.body().string()).path("error");
            assertThat(e.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(e.path("message").asText()).startsWith("malformed JSON");
            // the broken call is in the Logs pane too, with the client's body, never its token
            await().atMost(5, TimeUnit.SECONDS).until(() -> !h.records(x -> "gateway".equals(x.provider())).isEmpty());
            DebugRecord rec = h.records(x -> "gateway".equals(x.provider())).get(0);
            assertThat(rec.status()).isEqualTo(400);
            assertThat(rec.error().type()).isEqualTo("InvalidRequestError");
            assertThat(rec.requestBody()).isEqualTo("{\"model\": \"sim/sim-1\", \"messages\": [");
            assertThat(rec.origin()).isEqualTo(DebugRecord.Origin.GATEWAY);
            assertThat(rec.requestHeaders().toString()).doesNotContain(GatewayHarness.TOKEN);
        } finally {
            raw.dispatcher().executorService().shutdown();
            raw.connectionPool().evictAll();
        }
    }

    @Test
    void modelsListsEveryConfiguredProviderAsProviderSlashModel() {
        h.anthropic.enqueue(json(200, """
                {"data":[{"type":"model","id":"claude-sonnet-4-20250514"},{"type":"model","id":"claude-opus-4-1"}],
                 "has_more":false,"first_id":"claude-sonnet-4-20250514","last_id":"claude-opus-4-1"}"""));
        h.openai.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}"));
        h.gemini.enqueue(json(200, """
                {"models":[{"name":"models/gemini-2.5-flash","supportedGenerationMethods":["generateContent"]}]}"""));
        List<String> ids = client.models().list().data().stream().map(m -> m.id()).toList();
        assertThat(ids).contains("sim/sim-1", "upanthropic/claude-sonnet-4-20250514", "upanthropic/claude-opus-4-1",
                "upopenai/gpt-4o-mini", "upgemini/gemini-2.5-flash");
    }
}
