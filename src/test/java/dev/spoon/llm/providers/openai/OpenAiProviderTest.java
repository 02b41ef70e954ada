package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

class OpenAiProviderTest {
    private MockWebServer server;
    private OpenAiProvider openai;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-key-123", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Tool weather() {
        return new Tool("weather", "Weather in a place", Json.tryParse(
                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
    }

    @Test
    void nonStreamedTextFromTheRecordedBody() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmResponse r = LlmProvider.await(openai.chat(ChatRequest.ofUser("Say hi in Portuguese")));
        assertThat(r.content()).isEqualTo("Olá!");
        assertThat(r.id()).isEqualTo("chatcmpl-DuLdOKeSvJ2ah93ut8DRAVP44PlmE");
        assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(r.provider()).isEqualTo("openai");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("stop");
        assertThat(r.usage().promptTokens()).isEqualTo(20);
        assertThat(r.usage().completionTokens()).isEqualTo(2);
        assertThat(r.usage().totalTokens()).isEqualTo(22);
        assertThat(r.ttftMs()).isNull();

        RecordedRequest req = take(server);
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-key-123");
        JsonNode b = body(req);
        assertThat(b.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(b.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(b.get("messages").get(0).get("content").asText()).isEqualTo("Say hi in Portuguese");
        assertThat(b.has("stream")).isFalse();
        assertThat(b.has("stream_options")).isFalse();
    }

    @Test
    void streamedTextWithTheFinalUsageChunk() {
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), chunks::add));
        assertThat(r.content()).isEqualTo("Olá!");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().promptTokens()).isEqualTo(20);
        assertThat(r.usage().totalTokens()).isEqualTo(22);
        assertThat(r.usage().reasoningTokens()).isZero();
        assertThat(r.ttftMs()).isNotNull();
        assertThat(chunks.stream().map(ResponseChunk::deltaContent).filter(s -> s != null && !s.isEmpty()))
                .containsExactly("Olá", "!");
        JsonNode b = body(take(server));
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.get("stream_options").get("include_usage").asBoolean()).isTrue();
    }

    @Test
    void streamedToolCallIsAssembledFromFragments() {
        server.enqueue(sse(fixture("openai-chat-stream-tool-call.sse")));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("weather in Florence?")
                .withTools(List.of(weather())), null));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.toolCalls()).hasSize(1);
        ToolCall c = r.toolCalls().get(0);
        assertThat(c.id()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(c.name()).isEqualTo("weather");
        assertThat(Json.tryParse(c.arguments()).get("location").asText()).startsWith("Florence");
        JsonNode b = body(take(server));
        assertThat(b.get("tools").get(0).get("type").asText()).isEqualTo("function");
        assertThat(b.get("tools").get(0).get("function").get("name").asText()).isEqualTo("weather");
        assertThat(b.get("tools").get(0).get("function").get("parameters").get("required").get(0).asText())
                .isEqualTo("location");
    }

    static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":"
                + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\""
                + finish + "\"") + "}]}\n\n";
    }

    @Test
    void parallelStreamedToolCallsFirstIndexNotZeroAndEmptyArguments() {
        String body = chunk("{\"role\":\"assistant\",\"content\":null}", null)
                + chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_a\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"weather\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":2,\"id\":\"call_b\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"time\",\"arguments\":\"\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]}", null)
                + chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}}]}", null)
                + chunk("{}", "tool_calls") + "data: [DONE]\n\n";
        server.enqueue(sse(body));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("x"), null));
        assertThat(r.toolCalls()).containsExactly(new ToolCall("call_a", "weather", "{\"location\":\"Rome\"}"),
                new ToolCall("call_b", "time", "{}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isNull();
    }

    @Test
    void streamBrokenByAnErrorEventKeepsThePartialAnswer() {
        String body = chunk("{\"content\":\"Hello\"}", null) + chunk("{\"content\":\" wor\"}", null)
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"code\":null}}\n\n";
        server.enqueue(sse(body));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<LlmResponse> f = openai.chatStream(ChatRequest.ofUser("x"), chunks::add);
        assertThatThrownBy(() -> LlmProvider.await(f)).isInstanceOfSatisfying(LlmException.class, e -> {
            assertThat(e.errorType()).isEqualTo("ProviderError");
            assertThat(e.providerMessage()).isEqualTo("The server had an error while processing your request.");
            assertThat(e.retryable()).isTrue();
            assertThat(e.partial()).isNotNull();
            assertThat(e.partial().content()).isEqualTo("Hello wor");
            assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
        });
        assertThat(chunks).hasSize(2);
    }

    @Test
    void streamThatEndsWithoutAFinishIsANetworkErrorWithPartial() {
        server.enqueue(sse(chunk("{\"content\":\"Hel\"}", null)));
        assertThatThrownBy(() -> LlmProvider.await(openai.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(NetworkException.class, e -> {
                    assertThat(e.partial().content()).isEqualTo("Hel");
                    assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                });
    }

    @Test
    void aStreamRequestAnsweredWithPlainJsonIsReadAsABody() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).isEqualTo("Olá!");
        server.enqueue(json(200, "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), null)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.providerMessage()).isEqualTo("model overloaded");
                    assertThat(e.partial()).isNull();
                });
    }

    @Test
    void anErrorAsTheFirstEventHasNoPartial() {
        server.enqueue(sse("data: {\"error\":{\"message\":\"Invalid model\",\"code\":\"model_not_found\"}}\n\n"));
        assertThatThrownBy(() -> LlmProvider.await(openai.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("ModelNotFoundError");
                    assertThat(e.partial()).isNull();
                });
    }

    @Test
    void oneByteSocketWritesGiveTheSameAnswer() {
        server.enqueue(sseOneByteAtATime(fixture("openai-chat-stream-text-include-usage.sse")));
        LlmResponse r = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).isEqualTo("Olá!");
        assertThat(r.usage().totalTokens()).isEqualTo(22);
    }

    @Test
    void reasoningModelsGetMaxCompletionTokens() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.builder().message(Message.user("x")).model("o3-mini")
                .maxTokens(50).build()));
        LlmProvider.await(openai.chat(ChatRequest.builder().message(Message.user("x")).model("gpt-5")
                .maxTokens(60).build()));
        LlmProvider.await(openai.chat(ChatRequest.builder().message(Message.user("x")).model("gpt-4o")
                .maxTokens(70).temperature(0.2).build()));
        JsonNode o3 = body(take(server));
        assertThat(o3.get("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(o3.has("max_tokens")).isFalse();
        assertThat(body(take(server)).get("max_completion_tokens").asInt()).isEqualTo(60);
        JsonNode g4 = body(take(server));
        assertThat(g4.get("max_tokens").asInt()).isEqualTo(70);
        assertThat(g4.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(g4.has("max_completion_tokens")).isFalse();
    }

    @Test
    void theConfiguredTemperatureIsNotSentToReasoningModels() {
        OpenAiProvider p = new OpenAiProvider();
        p.initialize(new dev.spoon.llm.ProviderConfig("openai", "openai", "sk-1234", server.url("/v1").toString(),
                "gpt-4o-mini", 500, 0.3, null, null, null, 1.0, null));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(p.chat(ChatRequest.ofUser("x")));
        LlmProvider.await(p.chat(ChatRequest.ofUser("x").withModel("o4-mini")));
        JsonNode plain = body(take(server));
        assertThat(plain.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(plain.get("max_tokens").asInt()).isEqualTo(500);
        JsonNode reasoning = body(take(server));
        assertThat(reasoning.has("temperature")).isFalse();
        assertThat(reasoning.get("max_completion_tokens").asInt()).isEqualTo(500);
    }

    @Test
    void conversationWithToolCallsResultsAndImagesIsSentInOpenAiFormat() throws Exception {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        List<Message> conversation = dev.spoon.llm.LlmJson.messages(Json.MAPPER.readTree("""
                [{"role":"system","content":"be brief"},
                 {"role":"user","content":[{"type":"text","text":"what is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                 {"role":"assistant","content":null,"reasoning_content":"thinking...","tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\\"location\\":\\"Rome\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"sunny"}]
                """));
        LlmProvider.await(openai.chat(ChatRequest.builder().messages(conversation).tools(List.of(weather()))
                .toolChoice(ToolChoice.parse("weather")).build()));
        JsonNode b = body(take(server));
        JsonNode m = b.get("messages");
        assertThat(m.get(0).get("role").asText()).isEqualTo("system");
        assertThat(m.get(1).get("content").get(1).get("image_url").get("url").asText())
                .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(m.get(2).get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"location\":\"Rome\"}");
        assertThat(m.get(2).has("reasoning_content")).as("reasoning is never sent back").isFalse();
        assertThat(m.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(m.get(3).get("content").asText()).isEqualTo("sunny");
        assertThat(b.get("tool_choice").get("function").get("name").asText()).isEqualTo("weather");
    }

    @Test
    void errorsAreMappedFromTheRecordedBody() {
        server.enqueue(json(401, fixture("openai-error-401-invalid-api-key.json")));
        assertThatThrownBy(() -> LlmProvider.await(openai.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.providerMessage()).startsWith("Incorrect API key provided");
                });
    }

    @Test
    void connectionRefusedIsANetworkError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OpenAiProvider p = init(new OpenAiProvider(), "openai", "http://127.0.0.1:" + port + "/v1", "k-1234", null);
        assertThatThrownBy(() -> LlmProvider.await(p.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(NetworkException.class, e -> assertThat(e.retryable()).isTrue());
    }

    @Test
    void cancellingTheFutureCancelsTheCallAndReportsIt() throws Exception {
        List<ExchangeResult> results = new CopyOnWriteArrayList<>();
        ExchangeListener l = new ExchangeListener() {
            @Override
            public void onComplete(Exchange exchange, ExchangeResult result) {
                results.add(result);
            }
        };
        OpenAiProvider p = listenedTo(l);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(chunk("{\"content\":\"a\"}", null)).bodyDelay(30, TimeUnit.SECONDS).build());
        CompletableFuture<LlmResponse> f = p.chatStream(ChatRequest.ofUser("x"), null);
        take(server);
        f.cancel(true);
        await().atMost(5, TimeUnit.SECONDS).until(() -> !results.isEmpty());
        assertThat(results.get(0).cancelled()).isTrue();
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void exchangesSeeRedactedHeadersRawEventsAndTimings() {
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
        OpenAiProvider p = listenedTo(l);
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        LlmProvider.await(p.chatStream(ChatRequest.ofUser("hi").withTag("origin", "test"), null));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !results.isEmpty());
        Exchange ex = requests.get(0);
        assertThat(ex.requestHeaders().get("Authorization")).containsExactly("***");
        assertThat(ex.requestBody()).contains("\"stream\":true");
        assertThat(ex.tags()).containsEntry("origin", "test");
        assertThat(ex.endpoint()).endsWith("/v1/chat/completions");
        assertThat(events).hasSize(6).last().isEqualTo("[DONE]");
        ExchangeResult res = results.get(0);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.firstByteNanos()).isGreaterThan(ex.startNanos());
        assertThat(res.firstTokenNanos()).isGreaterThanOrEqualTo(res.firstByteNanos());
        assertThat(res.response().content()).isEqualTo("Olá!");
    }

    /** An OpenAI provider on the mock server whose exchanges go to {@code l} only. */
    private OpenAiProvider listenedTo(ExchangeListener l) {
        return init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-key-123", null,
                ProviderContext.of(ExchangeListeners.of(ex -> l)));
    }

    @Test
    void modelsAreListedFromTheModelsEndpoint() {
        server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"},"
                + "{\"id\":\"o3\",\"object\":\"model\"}]}"));
        assertThat(LlmProvider.await(openai.listModels())).containsExactly("gpt-4o-mini", "o3");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/models");
    }

    @Test
    void validateModelChecksTheLiveList() {
        String list = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\"},{\"id\":\"o3\"}]}";
        server.enqueue(json(200, list));
        server.enqueue(json(200, list));
        assertThat(LlmProvider.await(openai.validateModel("o3"))).isTrue();
        assertThat(LlmProvider.await(openai.validateModel("gpt-9"))).isFalse();
    }

    @Test
    void healthCheckSendsARealMinimalRequest() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        assertThat(openai.healthCheck().join().healthy()).isTrue();
        assertThat(body(take(server)).get("max_tokens").asInt()).isEqualTo(1);
        server.enqueue(json(401, fixture("openai-error-401-invalid-api-key.json")));
        var h = openai.healthCheck().join();
        assertThat(h.healthy()).isFalse();
        assertThat(h.state()).isEqualTo(HealthStatus.State.UNHEALTHY);
        assertThat(h.errorType()).isEqualTo("AuthenticationError");
        assertThat(h.error()).startsWith("Incorrect API key");
    }

    @Test
    void extraBodyFieldsArePassedThrough() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.builder().message(Message.user("x")).extra("seed", 7)
                .extra("top_p", 0.5).build()));
        JsonNode b = body(take(server));
        assertThat(b.get("seed").asInt()).isEqualTo(7);
        assertThat(b.get("top_p").asDouble()).isEqualTo(0.5);
    }

    static List<String> texts(List<ResponseChunk> chunks) {
        List<String> out = new ArrayList<>();
        chunks.forEach(c -> out.add(c.deltaContent()));
        return out;
    }

    static Map<String, Object> opts(Object... kv) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void imagePartsKeepTheirUrl() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(ChatRequest.of(List.of(Message.user(List.of(new ContentPart.Text("see"),
                ContentPart.Image.ofUrl("https://example.org/cat.png")))))));
        assertThat(body(take(server)).get("messages").get(0).get("content").get(1).get("image_url").get("url")
                .asText()).isEqualTo("https://example.org/cat.png");
    }
}
