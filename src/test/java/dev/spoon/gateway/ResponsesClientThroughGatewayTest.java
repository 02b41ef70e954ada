package dev.spoon.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * The official OpenAI Java SDK's Responses API client against a running gateway ({@code POST /v1/responses}):
 * answers from the simulator and from upstreams of other formats come back as response objects and as the
 * typed event stream its {@link ResponseAccumulator} accepts.
 */
class ResponsesClientThroughGatewayTest {
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

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (ResponseOutputItem item : r.output()) {
            item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> sb.append(t.text()))));
        }
        return sb.toString();
    }

    private static Response streamed(OpenAIClient client, ResponseCreateParams p, List<String> types) {
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(p)) {
            s.stream().forEach(e -> {
                acc.accumulate(e);
                types.add(Json.MAPPER.valueToTree(e).path("type").asText());
            });
        }
        return acc.response();
    }

    @Test
    void aPlainCallToTheSimulatorIsAResponseObject() {
        Response r = client.responses().create(ResponseCreateParams.builder().model("sim/sim-1")
                .instructions("Be brief.").input("hello responses").build());
        assertThat(text(r)).contains("You said: hello responses");
        assertThat(r.status()).contains(ResponseStatus.COMPLETED);
        assertThat(r.usage()).isPresent();
        assertThat(r.usage().get().outputTokens()).isPositive();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !h.records(x -> "gateway".equals(x.tags().get("origin")))
                .isEmpty());
        DebugRecord rec = h.records(x -> "gateway".equals(x.tags().get("origin"))).get(0);
        assertThat(rec.tags()).containsEntry("gateway_format", "openai-responses");
        assertThat(rec.provider()).isEqualTo("sim");
    }

    @Test
    void aStreamedCallIsTheEventSequenceTheSdkAccumulates() {
        List<String> types = new ArrayList<>();
        Response r = streamed(client, ResponseCreateParams.builder().model("sim/sim-1").input("stream me").build(),
                types);
        assertThat(text(r)).contains("You said: stream me");
        assertThat(r.status()).contains(ResponseStatus.COMPLETED);
        assertThat(r.usage()).isPresent();
        assertThat(types).startsWith("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta").endsWith("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
    }

    @Test
    void aStreamedToolCallAndReasoningFromAnOpenAiUpstream() {
        h.openai.enqueue(sse(fixture("deepseek-chat-stream-reasoning.sse")));
        List<String> types = new ArrayList<>();
        Response reasoning = streamed(client, ResponseCreateParams.builder().model("upopenai/deepseek-reasoner")
                .input("hi").build(), types);
        assertThat(types).contains("response.reasoning_summary_text.delta", "response.output_text.delta");
        assertThat(reasoning.output().get(0).isReasoning()).isTrue();
        assertThat(reasoning.output().get(0).asReasoning().summary().get(0).text()).isNotEmpty();
        assertThat(text(reasoning)).isNotEmpty();

        h.openai.enqueue(sse(fixture("openai-chat-stream-tool-call.sse")));
        Response call = streamed(client, ResponseCreateParams.builder().model("upopenai/gpt-4o-mini")
                .input("weather in Florence?").addTool(weather()).build(), new ArrayList<>());
        ResponseFunctionToolCall fc = call.output().stream().filter(ResponseOutputItem::isFunctionCall).findFirst()
                .orElseThrow().asFunctionCall();
        assertThat(fc.callId()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(fc.name()).isEqualTo("weather");
        assertThat(Json.tryParse(fc.arguments()).path("location").asText()).startsWith("Florence");
    }

    private static FunctionTool weather() {
        return FunctionTool.builder().name("weather").description("Current weather").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                Map.of("type", "string")))).build()).build();
    }

    @Test
    void aToolRoundTripThroughAnAnthropicUpstream() throws Exception {
        h.anthropic.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        h.anthropic.enqueue(json(200, """
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
                 "content":[{"type":"text","text":"It is sunny in Florence."}],"stop_reason":"end_turn",
                 "stop_sequence":null,"usage":{"input_tokens":500,"output_tokens":9}}"""));
        Response first = client.responses().create(ResponseCreateParams.builder()
                .model("upanthropic/claude-sonnet-4-20250514").input("Weather in Florence?").addTool(weather())
                .build());
        ResponseFunctionToolCall call = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .findFirst().orElseThrow().asFunctionCall();
        assertThat(call.callId()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(Json.tryParse(call.arguments()).path("location").asText()).isEqualTo("Florence,Italy");
        assertThat(text(first)).isEqualTo("I'll check the weather in Florence, Italy for you.");
        assertThat(first.usage().get().inputTokens()).isEqualTo(394);

        Response second = client.responses().create(ResponseCreateParams.builder()
                .model("upanthropic/claude-sonnet-4-20250514").addTool(weather())
                .inputOfResponse(List.of(
                        ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage.builder()
                                .role(com.openai.models.responses.EasyInputMessage.Role.USER)
                                .content("Weather in Florence?").build()),
                        ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("sunny, 24 C").build())))
                .build());
        assertThat(text(second)).isEqualTo("It is sunny in Florence.");

        h.anthropic.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest up2 = h.anthropic.takeRequest(5, TimeUnit.SECONDS);
        JsonNode messages = Json.MAPPER.readTree(up2.getBody().utf8()).get("messages");
        assertThat(messages.get(1).get("content").get(0).get("type").asText()).isEqualTo("tool_use");
        assertThat(messages.get(1).get("content").get(0).get("id").asText()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(messages.get(2).get("content").get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).get("content").get(0).get("tool_use_id").asText())
                .isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
    }

    @Test
    void aStoredConversationIs400InOpenAisFormatNamingTheField() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("sim/sim-1")
                .previousResponseId("resp_earlier").input("and then?").build()))
                .isInstanceOfSatisfying(com.openai.errors.BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("previous_response_id is not supported");
                });
    }

    @Test
    void anUpstream429IsTheSdksRateLimitException() {
        h.anthropic.enqueue(json(429, fixture("anthropic-error-429-rate-limit-error.json"), "retry-after", "42"));
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder()
                .model("upanthropic/claude-sonnet-4-20250514").input("hi").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("42");
                });
    }

    @Test
    void anUpstreamFailingMidStreamEndsWithResponseFailedAfterTheTextSoFar() {
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
        List<String> types = new ArrayList<>();
        Response r = streamed(client, ResponseCreateParams.builder().model("upanthropic/claude-sonnet-4-20250514")
                .input("hi").build(), types);
        assertThat(types).last().isEqualTo("response.failed");
        assertThat(r.status()).contains(ResponseStatus.FAILED);
        assertThat(r.error()).isPresent();
        assertThat(r.error().get().message()).isEqualTo("Overloaded");
        assertThat(text(r)).isEqualTo("Half an ans");
        await().atMost(5, TimeUnit.SECONDS).until(() -> h.gateway.stats().errors() == 1);
    }
}
