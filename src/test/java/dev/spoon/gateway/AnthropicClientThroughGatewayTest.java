package dev.spoon.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
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
 * The official Anthropic Java SDK against a running gateway: answers from the simulator and from upstreams of
 * the other formats (OpenAI-compatible, Gemini) come back as Messages objects and events, with tool use,
 * usage, stop reasons and errors in Anthropic's format.
 */
class AnthropicClientThroughGatewayTest {
    @TempDir
    Path dir;
    GatewayHarness h;
    AnthropicClient client;

    @BeforeEach
    void start() {
        h = new GatewayHarness(dir, GatewayHarness.TOKEN, 1);
        client = AnthropicOkHttpClient.builder().baseUrl(h.anthropicBase()).apiKey(GatewayHarness.TOKEN)
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        client.close();
        h.close();
    }

    private static String text(Message m) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
            b.text().ifPresent(t -> sb.append(t.text()));
        }
        return sb.toString();
    }

    @Test
    void aPlainCallWithASystemPromptToTheSimulatorIsAMessage() {
        Message m = client.messages().create(MessageCreateParams.builder().model("sim/sim-1").maxTokens(200)
                .system("Be brief.").addUserMessage("hello gateway").build());
        assertThat(text(m)).contains("You said: hello gateway");
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !h.records(r -> "gateway".equals(r.tags().get("origin")))
                .isEmpty());
        DebugRecord r = h.records(x -> "gateway".equals(x.tags().get("origin"))).get(0);
        assertThat(r.tags()).containsEntry("gateway_format", "anthropic");
        assertThat(r.userAgent()).contains("Anthropic").contains("Java");
        assertThat(r.requestBody()).contains("Be brief.");
    }

    @Test
    void aStreamedCallIsMessageStartToMessageStop() {
        MessageAccumulator acc = MessageAccumulator.create();
        List<String> types = new java.util.ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams
                .builder().model("sim/sim-1").maxTokens(200).addUserMessage("stream me").build())) {
            s.stream().forEach(e -> {
                acc.accumulate(e);
                types.add(e.isMessageStart() ? "message_start" : e.isMessageStop() ? "message_stop"
                        : e.isMessageDelta() ? "message_delta" : "block");
            });
        }
        assertThat(types.get(0)).isEqualTo("message_start");
        assertThat(types.get(types.size() - 1)).isEqualTo("message_stop");
        Message m = acc.message();
        assertThat(text(m)).contains("You said: stream me");
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
    }

    @Test
    void aToolRoundTripThroughAStreamedOpenAiUpstream() throws Exception {
        h.openai.enqueue(sse(fixture("openai-chat-stream-tool-call.sse")));
        h.openai.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        Tool weather = Tool.builder().name("weather").description("Current weather").inputSchema(
                Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                        .build()).build();
        MessageCreateParams.Builder conv = MessageCreateParams.builder().model("upopenai/gpt-4o-mini")
                .maxTokens(300).addUserMessage("Weather in Florence?").addTool(weather);
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(conv.build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message first = acc.message();
        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = first.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow()
                .asToolUse();
        assertThat(use.id()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(use.name()).isEqualTo("weather");
        assertThat(use._input().toString()).contains("Florence,Italy");
        assertThat(first.usage().inputTokens()).isEqualTo(61);

        Message second = client.messages().create(conv.addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam
                        .builder().toolUseId(use.id()).content("sunny, 24 C").build()))).build());
        assertThat(text(second)).isEqualTo("Olá!");

        RecordedRequest up1 = h.openai.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest up2 = h.openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(up1.getHeaders().get("Authorization")).isEqualTo("Bearer " + GatewayHarness.OPENAI_KEY);
        JsonNode body = Json.MAPPER.readTree(up2.getBody().utf8());
        assertThat(body.path("tools").get(0).path("function").path("name").asText()).isEqualTo("weather");
        JsonNode assistant = body.path("messages").get(1);
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        JsonNode tool = body.path("messages").get(2);
        assertThat(tool.path("role").asText()).isEqualTo("tool");
        assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(tool.path("content").asText()).isEqualTo("sunny, 24 C");
    }

    @Test
    void aGeminiStreamArrivesAsMessagesEvents() {
        h.gemini.enqueue(sse(fixture("gemini-streamgeneratecontent-text.sse")));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams
                .builder().model("upgemini/gemini-2.5-flash").maxTokens(200).addUserMessage("hi").build())) {
            s.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertThat(text(m)).isNotBlank();
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isPositive();
    }

    @Test
    void aWrongTokenIs401InAnthropicsFormat() {
        AnthropicClient wrong = AnthropicOkHttpClient.builder().baseUrl(h.anthropicBase()).apiKey("nope")
                .maxRetries(0).build();
        try {
            assertThatThrownBy(() -> wrong.messages().create(MessageCreateParams.builder().model("sim/sim-1")
                    .maxTokens(10).addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("gateway token");
                    });
        } finally {
            wrong.close();
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "x".repeat(1024 * 1024 + 10);
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("sim/sim-1")
                .maxTokens(10).addUserMessage(big).build()))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("max_request_mb");
                });
    }

    @Test
    void anUpstream429FromOpenAiKeepsItsStatusAndRetryAfter() {
        h.openai.enqueue(json(429, """
                {"error":{"message":"Rate limit reached for gpt-4o-mini. Please try again in 20s.",
                 "type":"requests","param":null,"code":"rate_limit_exceeded"}}""", "retry-after", "20"));
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("upopenai/gpt-4o-mini")
                .maxTokens(10).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("20");
                    assertThat(e.getMessage()).contains("Rate limit reached");
                });
    }

    @Test
    void anUpstreamFailingMidStreamEndsWithAnErrorEventAfterTheTextSoFar() {
        h.openai.enqueue(sse("""
                data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Half an ans"},"finish_reason":null}]}

                data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","code":null}}

                """));
        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(MessageCreateParams
                    .builder().model("upopenai/gpt-4o-mini").maxTokens(50).addUserMessage("hi").build())) {
                s.stream().forEach(e -> e.contentBlockDelta().ifPresent(d -> d.delta().text()
                        .ifPresent(t -> text.append(t.text()))));
            }
        }).hasMessageContaining("The server had an error");
        assertThat(text.toString()).isEqualTo("Half an ans");
    }

    @Test
    void malformedJsonIs400InAnthropicsFormat() throws Exception {
        okhttp3.OkHttpClient raw = new okhttp3.OkHttpClient();
        try (okhttp3.Response r = raw.newCall(new okhttp3.Request.Builder().url(h.anthropicBase() + "/v1/messages")
                .header("x-api-key", GatewayHarness.TOKEN)
                .post(okhttp3.RequestBody.create("{\"model\": ", okhttp3.MediaType.get("application/json")))
                .build()).execute()) {
            assertThat(r.code()).isEqualTo(400);
            JsonNode e = Json.MAPPER.readTree(r.body().string());
            assertThat(e.path("type").asText()).isEqualTo("error");
            assertThat(e.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(e.path("error").path("message").asText()).startsWith("malformed JSON");
        } finally {
            raw.dispatcher().executorService().shutdown();
            raw.connectionPool().evictAll();
        }
    }
}
