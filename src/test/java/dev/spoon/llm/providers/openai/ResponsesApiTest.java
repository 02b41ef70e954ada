package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.RequestOptions;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.spoon.llm.providers.ProviderFixtures.body;
import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.init;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.sseOneByteAtATime;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The OpenAI provider with {@code api = "responses"}: recorded and realistic Responses API bodies and streams. */
class ResponsesApiTest {
    private static final Map<String, Object> RESPONSES = Map.of("api", "responses");
    private MockWebServer server;
    private OpenAiProvider openai;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-key-123", RESPONSES);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Tool weather() {
        return new Tool("weather", "Get weather information for a location", Json.tryParse(
                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":\"the city\"}},"
                        + "\"required\":[\"location\"]}"));
    }

    /** One event as the Responses API frames it: {@code event:} line, {@code data:} line, blank line. */
    private static String event(String type, String json) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + json + "}\n\n";
    }

    private static String created(String id, String model) {
        return event("response.created", "\"response\":{\"id\":\"" + id + "\",\"object\":\"response\",\"created_at\":"
                + "1782321674,\"status\":\"in_progress\",\"model\":\"" + model + "\",\"output\":[],\"usage\":null},"
                + "\"sequence_number\":0");
    }

    @Test
    void nonStreamedTextFromTheRecordedBody() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        LlmResponse r = LlmProvider.await(openai.chat(ChatRequest.of(List.of(Message.system("Be brief."),
                Message.user("Say hi in Portuguese")))));
        assertThat(r.content()).isEqualTo("Olá!");
        assertThat(r.id()).isEqualTo("resp_0f8d9108fdddf23b016a3c1209558c819f839aa6a3efc268a1");
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.reasoning()).isNull();
        assertThat(r.toolCalls()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("completed");
        assertThat(r.usage().promptTokens()).isEqualTo(20);
        assertThat(r.usage().completionTokens()).isEqualTo(3);
        assertThat(r.usage().totalTokens()).isEqualTo(23);
        assertThat(r.usage().cachedPromptTokens()).isZero();
        assertThat(r.usage().reasoningTokens()).isZero();

        RecordedRequest req = take(server);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/responses");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-key-123");
        JsonNode b = body(req);
        assertThat(b.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(b.get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(b.get("input")).hasSize(1);
        assertThat(b.get("input").get(0).get("role").asText()).isEqualTo("user");
        assertThat(b.get("input").get(0).get("content").asText()).isEqualTo("Say hi in Portuguese");
        assertThat(b.get("store").asBoolean(true)).isFalse();
        assertThat(b.has("stream")).isFalse();
        assertThat(b.has("messages")).isFalse();
        assertThat(b.has("max_tokens")).isFalse();
    }

    @Test
    void streamedTextEndsAfterResponseCompletedWithItsUsage() {
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.builder().message(Message.user("hi"))
                .maxTokens(4000).build(), chunks::add));
        assertThat(r.content()).isEqualTo("Hi in Portuguese is \"Oi!\"");
        assertThat(chunks.stream().map(ResponseChunk::deltaContent).filter(s -> s != null && !s.isEmpty()))
                .containsExactly("Hi", " in", " Portuguese", " is", " \"", "Oi", "!\"");
        assertThat(r.id()).isEqualTo("resp_0a6fc3349e38704d016a3c120ac63c819e941b6f18b7170ff4");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("completed");
        assertThat(r.usage().promptTokens()).isEqualTo(20);
        assertThat(r.usage().completionTokens()).isEqualTo(8);
        assertThat(r.usage().totalTokens()).isEqualTo(28);
        assertThat(r.ttftMs()).isNotNull();
        JsonNode b = body(take(server));
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.has("stream_options")).isFalse();
        assertThat(b.get("max_output_tokens").asInt()).isEqualTo(4000);
    }

    @Test
    void streamedTextSurvivesOneByteWrites() {
        server.enqueue(sseOneByteAtATime(fixture("openai-responses-stream-text.sse")));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).isEqualTo("Hi in Portuguese is \"Oi!\"");
        assertThat(r.usage().totalTokens()).isEqualTo(28);
    }

    @Test
    void streamedFunctionCallUsesTheCallIdNotTheItemId() {
        server.enqueue(sse(fixture("openai-responses-stream-function-call.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.builder()
                .message(Message.user("Weather in Florence?")).tools(List.of(weather()))
                .toolChoice(new ToolChoice(ToolChoice.Mode.NAMED, "weather")).build(), chunks::add));
        assertThat(r.toolCalls()).containsExactly(new ToolCall("call_4TL7SrUyTg60nSUcfgeWLFXO", "weather",
                "{\"location\":\"Florence, Italy\"}", null));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.content()).isEmpty();
        assertThat(r.usage().promptTokens()).isEqualTo(58);
        assertThat(r.usage().completionTokens()).isEqualTo(17);
        assertThat(chunks.stream().flatMap(c -> c.toolCallDeltas().stream()).filter(d -> d.argumentsFragment() != null))
                .hasSize(8);

        JsonNode b = body(take(server));
        JsonNode tool = b.get("tools").get(0);
        assertThat(tool.get("type").asText()).isEqualTo("function");
        assertThat(tool.get("name").asText()).isEqualTo("weather");
        assertThat(tool.has("function")).isFalse();
        assertThat(tool.get("parameters").get("required").get(0).asText()).isEqualTo("location");
        assertThat(tool.get("strict").asBoolean(true)).isFalse();
        assertThat(b.get("tool_choice")).isEqualTo(Json.tryParse("{\"type\":\"function\",\"name\":\"weather\"}"));
    }

    @Test
    void toolResultsGoBackAsFunctionCallItemsKeyedByCallId() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        ToolCall call = new ToolCall("call_4TL7SrUyTg60nSUcfgeWLFXO", "weather", "{\"location\":\"Florence\"}", null);
        LlmProvider.await(openai.chat(ChatRequest.builder().messages(List.of(
                Message.system("Use tools."), Message.user("Weather in Florence?"),
                Message.assistant("", List.of(call)),
                Message.tool(call.id(), "weather", "{\"temp_c\":21}"))).tools(List.of(weather())).build()));
        JsonNode input = body(take(server)).get("input");
        assertThat(input).hasSize(3);
        assertThat(input.get(0).get("role").asText()).isEqualTo("user");
        assertThat(input.get(1)).isEqualTo(Json.tryParse("{\"type\":\"function_call\",\"call_id\":"
                + "\"call_4TL7SrUyTg60nSUcfgeWLFXO\",\"name\":\"weather\",\"arguments\":\"{\\\"location\\\":\\\"Florence\\\"}\"}"));
        assertThat(input.get(2)).isEqualTo(Json.tryParse("{\"type\":\"function_call_output\",\"call_id\":"
                + "\"call_4TL7SrUyTg60nSUcfgeWLFXO\",\"output\":\"{\\\"temp_c\\\":21}\"}"));
    }

    @Test
    void imagesBecomeInputImageParts() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.of(List.of(Message.user(List.of(new ContentPart.Text("What is it?"),
                ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo=")))))));
        JsonNode content = body(take(server)).get("input").get(0).get("content");
        assertThat(content.get(0).get("type").asText()).isEqualTo("input_text");
        assertThat(content.get(0).get("text").asText()).isEqualTo("What is it?");
        assertThat(content.get(1).get("type").asText()).isEqualTo("input_image");
        assertThat(content.get(1).get("image_url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    }

    @Test
    void responseFormatAndReasoningEffortBecomeTextFormatAndReasoning() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        JsonNode schema = Json.tryParse("{\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"}},"
                + "\"required\":[\"greeting\"],\"additionalProperties\":false}");
        LlmProvider.await(openai.chat(ChatRequest.ofUser("hi").withOptions(RequestOptions.NONE
                .withResponseFormat(new ResponseFormat.JsonSchema("greeting", schema, true))
                .withReasoningEffort(ReasoningEffort.HIGH))));
        JsonNode b = body(take(server));
        com.fasterxml.jackson.databind.node.ObjectNode format = Json.MAPPER.createObjectNode()
                .put("type", "json_schema").put("name", "greeting");
        format.set("schema", schema);
        format.put("strict", true);
        assertThat(b.get("text").get("format")).isEqualTo(format);
        assertThat(b.get("text").size()).isEqualTo(1);
        assertThat(b.get("reasoning")).isEqualTo(Json.tryParse("{\"effort\":\"high\"}"));
        assertThat(b.has("response_format")).isFalse();
        assertThat(b.has("reasoning_effort")).isFalse();

        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.ofUser("hi").withOptions(RequestOptions.NONE
                .withResponseFormat(ResponseFormat.JSON))));
        JsonNode plainJson = body(take(server));
        assertThat(plainJson.get("text")).isEqualTo(Json.tryParse("{\"format\":{\"type\":\"json_object\"}}"));
        assertThat(plainJson.has("reasoning")).isFalse();
    }

    @Test
    void requestHeadersGoToTheResponsesCallAndTheExtraBodyIsMerged() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.builder().message(Message.user("hi"))
                .extra("reasoning", Map.of("effort", "low", "summary", "auto")).build()
                .withOptions(RequestOptions.NONE.withHeader("OpenAI-Beta", "responses=v1"))));
        RecordedRequest req = take(server);
        assertThat(req.getHeaders().get("OpenAI-Beta")).isEqualTo("responses=v1");
        assertThat(body(req).get("reasoning")).isEqualTo(Json.tryParse("{\"effort\":\"low\",\"summary\":\"auto\"}"));
    }

    @Test
    void nonStreamedReasoningSummaryAndFunctionCall() {
        server.enqueue(json(200, "{\"id\":\"resp_9\",\"object\":\"response\",\"status\":\"completed\",\"model\":"
                + "\"o4-mini-2025-04-16\",\"output\":[{\"id\":\"rs_9\",\"type\":\"reasoning\",\"summary\":["
                + "{\"type\":\"summary_text\",\"text\":\"**Looking up weather**\"},{\"type\":\"summary_text\","
                + "\"text\":\"Need the tool.\"}]},{\"id\":\"fc_9\",\"type\":\"function_call\",\"status\":"
                + "\"completed\",\"arguments\":\"{\\\"location\\\":\\\"Rome\\\"}\",\"call_id\":\"call_9\",\"name\":"
                + "\"weather\"}],\"usage\":{\"input_tokens\":1200,\"input_tokens_details\":{\"cached_tokens\":1024},"
                + "\"output_tokens\":150,\"output_tokens_details\":{\"reasoning_tokens\":128},\"total_tokens\":1350}}"));
        LlmResponse r = LlmProvider.await(openai.chat(ChatRequest.ofUser("Weather in Rome?")));
        assertThat(r.reasoning()).isEqualTo("**Looking up weather**\n\nNeed the tool.");
        assertThat(r.toolCalls()).extracting(ToolCall::id, ToolCall::arguments)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call_9", "{\"location\":\"Rome\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage().cachedPromptTokens()).isEqualTo(1024);
        assertThat(r.usage().reasoningTokens()).isEqualTo(128);
        assertThat(r.usage().totalTokens()).isEqualTo(1350);
    }

    @Test
    void streamedReasoningSummaryPartsAreSeparatedAndComeBeforeTheText() {
        String stream = created("resp_r", "o4-mini-2025-04-16")
                + event("response.output_item.added", "\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]},"
                + "\"output_index\":0,\"sequence_number\":1")
                + event("response.reasoning_summary_part.added", "\"item_id\":\"rs_1\",\"output_index\":0,\"part\":"
                + "{\"type\":\"summary_text\",\"text\":\"\"},\"sequence_number\":2,\"summary_index\":0")
                + event("response.reasoning_summary_text.delta", "\"delta\":\"**Counting**\",\"item_id\":\"rs_1\","
                + "\"output_index\":0,\"sequence_number\":3,\"summary_index\":0")
                + event("response.reasoning_summary_text.delta", "\"delta\":\" letters\",\"item_id\":\"rs_1\","
                + "\"output_index\":0,\"sequence_number\":4,\"summary_index\":0")
                + event("response.reasoning_summary_text.delta", "\"delta\":\"Three r's.\",\"item_id\":\"rs_1\","
                + "\"output_index\":0,\"sequence_number\":5,\"summary_index\":1")
                + event("response.output_item.added", "\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":"
                + "\"in_progress\",\"content\":[],\"role\":\"assistant\"},\"output_index\":1,\"sequence_number\":6")
                + event("response.output_text.delta", "\"content_index\":0,\"delta\":\"3\",\"item_id\":\"msg_1\","
                + "\"output_index\":1,\"sequence_number\":7")
                + event("response.output_item.done", "\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":"
                + "\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"3\"}],\"role\":\"assistant\"},"
                + "\"output_index\":1,\"sequence_number\":8")
                + event("response.completed", "\"response\":{\"id\":\"resp_r\",\"status\":\"completed\",\"model\":"
                + "\"o4-mini-2025-04-16\",\"output\":[],\"usage\":{\"input_tokens\":15,\"input_tokens_details\":"
                + "{\"cached_tokens\":0},\"output_tokens\":140,\"output_tokens_details\":{\"reasoning_tokens\":128},"
                + "\"total_tokens\":155}},\"sequence_number\":9");
        server.enqueue(sse(stream));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("How many r in strawberry?"),
                chunks::add));
        assertThat(r.reasoning()).isEqualTo("**Counting** letters\n\nThree r's.");
        assertThat(r.content()).isEqualTo("3");
        assertThat(r.model()).isEqualTo("o4-mini-2025-04-16");
        assertThat(r.usage().reasoningTokens()).isEqualTo(128);
        assertThat(chunks.stream().filter(ResponseChunk::hasContent).findFirst().orElseThrow().deltaReasoning())
                .isEqualTo("**Counting**");
    }

    @Test
    void anIncompleteResponseEndsWithLengthAndKeepsItsText() {
        server.enqueue(sse(created("resp_i", "gpt-4o-mini-2024-07-18")
                + event("response.output_text.delta", "\"content_index\":0,\"delta\":\"Once upon\",\"item_id\":"
                + "\"msg_i\",\"output_index\":0,\"sequence_number\":3")
                + event("response.incomplete", "\"response\":{\"id\":\"resp_i\",\"status\":\"incomplete\","
                + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[],\"usage\":{\"input_tokens\":"
                + "12,\"output_tokens\":16,\"total_tokens\":28}},\"sequence_number\":4")));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("a story"), null));
        assertThat(r.content()).isEqualTo("Once upon");
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.nativeFinishReason()).isEqualTo("max_output_tokens");
        assertThat(r.usage().completionTokens()).isEqualTo(16);
    }

    @Test
    void aNonStreamedIncompleteResponseIsLength() {
        server.enqueue(json(200, "{\"id\":\"resp_i\",\"object\":\"response\",\"status\":\"incomplete\","
                + "\"incomplete_details\":{\"reason\":\"content_filter\"},\"output\":[],\"usage\":null}"));
        LlmResponse r = LlmProvider.await(openai.chat(ChatRequest.ofUser("x")));
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(r.nativeFinishReason()).isEqualTo("content_filter");
        assertThat(r.usage()).isNull();
    }

    @Test
    void responseFailedEndsTheStreamWithTheProvidersErrorAndThePartialAnswer() {
        server.enqueue(sse(created("resp_f", "gpt-4o-mini-2024-07-18")
                + event("response.output_text.delta", "\"content_index\":0,\"delta\":\"Partial\",\"item_id\":"
                + "\"msg_f\",\"output_index\":0,\"sequence_number\":3")
                + event("response.failed", "\"response\":{\"id\":\"resp_f\",\"object\":\"response\",\"status\":"
                + "\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The server had an error while "
                + "processing your request. Sorry about that!\"},\"incomplete_details\":null,\"output\":[],"
                + "\"usage\":null},\"sequence_number\":4")));
        assertThatThrownBy(() -> LlmProvider.await(openai.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.providerMessage()).startsWith("The server had an error");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.partial().content()).isEqualTo("Partial");
                    assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                });
    }

    @Test
    void anErrorEventIsClassifiedWithItsRetryHint() {
        server.enqueue(sse(created("resp_e", "gpt-4o-mini-2024-07-18")
                + event("error", "\"code\":\"rate_limit_exceeded\",\"message\":\"Rate limit reached for gpt-4o-mini "
                + "on tokens per min (TPM): Limit 200000, Used 199000, Requested 1500. Please try again in 1.2s.\","
                + "\"param\":null,\"sequence_number\":2")));
        assertThatThrownBy(() -> LlmProvider.await(openai.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1200));
                    assertThat(e.providerMessage()).startsWith("Rate limit reached");
                });
    }

    @Test
    void anHttpErrorHasTheChatCompletionsShapeAndTheSameClass() {
        server.enqueue(json(401, fixture("openai-error-401-invalid-api-key.json")));
        assertThatThrownBy(() -> LlmProvider.await(openai.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("sk-test-key-123");
                });
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/responses");
    }

    @Test
    void aFailedNonStreamedResponseThrowsItsError() {
        server.enqueue(json(200, "{\"id\":\"resp_x\",\"object\":\"response\",\"status\":\"failed\",\"error\":"
                + "{\"code\":\"invalid_prompt\",\"message\":\"Invalid prompt: flagged.\"},\"output\":[]}"));
        assertThatThrownBy(() -> LlmProvider.await(openai.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("ProviderError");
                    assertThat(e.providerMessage()).isEqualTo("Invalid prompt: flagged.");
                });
    }

    @Test
    void aRequestTagChoosesTheApiOverTheConfiguration() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmResponse r = LlmProvider.await(openai.chat(ChatRequest.ofUser("x")
                .withTag(ProviderConfig.Api.TAG, "chat_completions")));
        assertThat(r.content()).isEqualTo("Olá!");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");

        OpenAiProvider chat = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-key-123",
                null);
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        LlmResponse s = LlmProvider.await(chat.chatStream(ChatRequest.ofUser("x")
                .withTag(ProviderConfig.Api.TAG, "responses"), null));
        assertThat(s.content()).isEqualTo("Hi in Portuguese is \"Oi!\"");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/responses");
    }

    @Test
    void theExchangeShowsTheResponsesEndpointAndEveryRawEvent() {
        List<Exchange> requests = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        List<ExchangeResult> results = new CopyOnWriteArrayList<>();
        ExchangeListener l = new ExchangeListener() {
            @Override
            public void onRequest(Exchange exchange) {
                requests.add(exchange);
            }

            @Override
            public void onChunk(Exchange exchange, String event, long arrivalNanos) {
                events.add(event);
            }

            @Override
            public void onComplete(Exchange exchange, ExchangeResult result) {
                results.add(result);
            }
        };
        OpenAiProvider p = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-key-123",
                RESPONSES, ProviderContext.of(ExchangeListeners.of(ex -> l)));
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        LlmProvider.await(p.chatStream(ChatRequest.ofUser("hi"), null));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !results.isEmpty());
        assertThat(requests.get(0).endpoint()).endsWith("/v1/responses");
        assertThat(requests.get(0).requestHeaders().get("Authorization")).containsExactly("***");
        assertThat(events).hasSize(15).last().asString().contains("response.completed");
        assertThat(results.get(0).status()).isEqualTo(200);
        assertThat(results.get(0).response().usage().totalTokens()).isEqualTo(28);
    }
}
