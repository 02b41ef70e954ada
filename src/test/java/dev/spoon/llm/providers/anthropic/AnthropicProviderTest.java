package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.spoon.llm.providers.ProviderFixtures.body;
import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.init;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.sseOneByteAtATime;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AnthropicProviderTest {
    private MockWebServer server;
    private AnthropicProvider claude;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(), "sk-ant-test-1234", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    @Test
    void streamedTextFromTheRecordedStream() {
        server.enqueue(sse(fixture("anthropic-messages-stream-text.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(claude.chatStream(ChatRequest.builder().message(Message.system("brief"))
                .message(Message.user("Say hi in Portuguese")).build(), chunks::add));
        assertThat(r.content()).startsWith("Olá! (That's \"hi\" in Portuguese)\n\nYou could also say \"Oi!\"")
                .endsWith("casual way to say hi in Portuguese.");
        assertThat(r.id()).isEqualTo("msg_01R8GdyyLQUhUfyjqSCMbnWg");
        assertThat(r.model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("end_turn");
        assertThat(r.usage().promptTokens()).isEqualTo(16);
        assertThat(r.usage().completionTokens()).isEqualTo(38);
        assertThat(r.usage().cachedPromptTokens()).isZero();
        assertThat(r.ttftMs()).isNotNull();

        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(req.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test-1234");
        assertThat(req.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(req.getHeaders().get("Authorization")).isNull();
        JsonNode b = body(req);
        assertThat(b.get("system").asText()).isEqualTo("brief");
        assertThat(b.get("max_tokens").asInt()).isEqualTo(4096);
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.get("messages")).hasSize(1);
        assertThat(b.get("messages").get(0).get("content").get(0).get("text").asText())
                .isEqualTo("Say hi in Portuguese");
    }

    @Test
    void oneByteReadsGiveTheSameAnswer() {
        server.enqueue(sseOneByteAtATime(fixture("anthropic-messages-stream-text.sse")));
        LlmResponse r = LlmProvider.await(claude.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).endsWith("casual way to say hi in Portuguese.");
        assertThat(r.usage().completionTokens()).isEqualTo(38);
    }

    @Test
    void nonStreamedToolUseFromTheRecordedBody() {
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        LlmResponse r = LlmProvider.await(claude.chat(ChatRequest.ofUser("weather in Florence?")
                .withTools(List.of(new Tool("weather", "Weather", Json.tryParse(
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}"))))));
        assertThat(r.content()).isEqualTo("I'll check the weather in Florence, Italy for you.");
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.nativeFinishReason()).isEqualTo("tool_use");
        assertThat(r.toolCalls()).containsExactly(new ToolCall("toolu_01XLb9pzgfLa2EMyqWot6Ezt", "weather",
                "{\"location\":\"Florence,Italy\"}"));
        assertThat(r.usage().promptTokens()).isEqualTo(394);
        assertThat(r.usage().completionTokens()).isEqualTo(66);
        JsonNode tool = body(take(server)).get("tools").get(0);
        assertThat(tool.get("name").asText()).isEqualTo("weather");
        assertThat(tool.get("input_schema").get("type").asText()).isEqualTo("object");
    }

    @Test
    void streamedThinkingParallelToolUseAndCacheUsage() {
        String body = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":100,"
                + "\"output_tokens\":1}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"thinking_delta\",\"thinking\":\"Two places: \"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"thinking_delta\",\"thinking\":\"call twice.\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"signature_delta\",\"signature\":\"EqQB...\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"weather\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"Ro\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"me\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"now\",\"input\":{}}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
                + event("ping", "{\"type\": \"ping\"}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":42}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
        server.enqueue(sse(body));
        LlmResponse r = LlmProvider.await(claude.chatStream(ChatRequest.ofUser("x"), null));
        assertThat(r.reasoning()).isEqualTo("Two places: call twice.");
        assertThat(r.content()).isEmpty();
        // the signed thinking is kept on the first call, to be sent back with the tool results
        assertThat(r.toolCalls()).containsExactly(new ToolCall("toolu_a", "weather", "{\"location\": \"Rome\"}",
                "anthropic:EqQB..."), new ToolCall("toolu_b", "now", "{}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

        // next turn: the assistant turn goes back with its thinking block (text and signature) before tool_use
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        List<Message> next = List.of(Message.user("x"),
                new Message(dev.spoon.llm.Role.ASSISTANT, r.content(), null, r.toolCalls(), null, null, r.reasoning()),
                Message.tool("toolu_a", "weather", "sunny"), Message.tool("toolu_b", "now", "12:00"));
        LlmProvider.await(claude.chat(ChatRequest.builder().messages(next).build()));
        take(server); // the streamed call
        JsonNode assistant = body(take(server)).get("messages").get(1).get("content");
        assertThat(assistant.get(0).get("type").asText()).isEqualTo("thinking");
        assertThat(assistant.get(0).get("thinking").asText()).isEqualTo("Two places: call twice.");
        assertThat(assistant.get(0).get("signature").asText()).isEqualTo("EqQB...");
        assertThat(assistant.get(1).get("type").asText()).isEqualTo("tool_use");
        assertThat(assistant.get(1).get("id").asText()).isEqualTo("toolu_a");
        assertThat(r.usage().promptTokens()).isEqualTo(115);
        assertThat(r.usage().completionTokens()).isEqualTo(42);
        assertThat(r.usage().cachedPromptTokens()).isEqualTo(100);
        assertThat(r.usage().cacheCreationTokens()).isEqualTo(5);
    }

    @Test
    void nonStreamedThinkingSignatureIsKeptOnTheFirstToolCall() {
        server.enqueue(json(200, "{\"id\":\"msg_9\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Need the"
                + " weather.\",\"signature\":\"Sig123\"},{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":"
                + "\"weather\",\"input\":{\"location\":\"Rome\"}}],\"stop_reason\":\"tool_use\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}"));
        LlmResponse r = LlmProvider.await(claude.chat(ChatRequest.ofUser("x")));
        assertThat(r.reasoning()).isEqualTo("Need the weather.");
        assertThat(r.toolCalls().get(0).thoughtSignature()).isEqualTo("anthropic:Sig123");
    }

    @Test
    void aTurnWithoutAnAnthropicSignatureIsSentWithoutAThinkingBlock() throws Exception {
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        List<Message> conversation = List.of(Message.user("x"), new Message(dev.spoon.llm.Role.ASSISTANT, null, null,
                List.of(new ToolCall("c1", "weather", "{}", "gemini-signature-bytes")), null, null, "thought"),
                Message.tool("c1", "weather", "sunny"));
        LlmProvider.await(claude.chat(ChatRequest.builder().messages(conversation).build()));
        JsonNode assistant = body(take(server)).get("messages").get(1).get("content");
        assertThat(assistant.get(0).get("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void errorEventInsideTheStreamKeepsThePartial() {
        String body = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"model\":"
                + "\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"Partial ans\"}}")
                + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        server.enqueue(sse(body));
        assertThatThrownBy(() -> LlmProvider.await(claude.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("ProviderError");
                    assertThat(e.status()).isEqualTo(529);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.providerMessage()).isEqualTo("Overloaded");
                    assertThat(e.partial().content()).isEqualTo("Partial ans");
                    assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                });
    }

    @Test
    void toolConversationBecomesToolUseAndToolResultBlocks() throws Exception {
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        List<Message> conversation = LlmJson.messages(Json.MAPPER.readTree("""
                [{"role":"system","content":"You are terse."},
                 {"role":"user","content":[{"type":"text","text":"Weather in Rome and Paris? And this:"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                 {"role":"assistant","content":"Checking.","tool_calls":[
                   {"id":"toolu_1","type":"function","function":{"name":"weather","arguments":"{\\"location\\":\\"Rome\\"}"}},
                   {"id":"toolu_2","type":"function","function":{"name":"weather","arguments":""}}]},
                 {"role":"tool","tool_call_id":"toolu_1","content":"sunny"},
                 {"role":"tool","tool_call_id":"toolu_2","content":"rain"},
                 {"role":"user","content":"thanks"}]
                """));
        LlmProvider.await(claude.chat(ChatRequest.builder().messages(conversation).toolChoice(ToolChoice.REQUIRED)
                .tools(List.of(new Tool("weather", null, Json.tryParse("{\"type\":\"object\"}")))).build()));
        JsonNode b = body(take(server));
        assertThat(b.get("system").asText()).isEqualTo("You are terse.");
        JsonNode m = b.get("messages");
        assertThat(m).hasSize(3);
        assertThat(m.get(0).get("content").get(1).get("type").asText()).isEqualTo("image");
        assertThat(m.get(0).get("content").get(1).get("source").get("media_type").asText()).isEqualTo("image/png");
        assertThat(m.get(0).get("content").get(1).get("source").get("data").asText()).isEqualTo("iVBORw0KGgo=");
        assertThat(m.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(m.get(1).get("content").get(0).get("text").asText()).isEqualTo("Checking.");
        assertThat(m.get(1).get("content").get(1).get("type").asText()).isEqualTo("tool_use");
        assertThat(m.get(1).get("content").get(1).get("input").get("location").asText()).isEqualTo("Rome");
        assertThat(m.get(1).get("content").get(2).get("input").isObject()).isTrue();
        JsonNode results = m.get(2).get("content");
        assertThat(m.get(2).get("role").asText()).isEqualTo("user");
        assertThat(results.get(0).get("type").asText()).isEqualTo("tool_result");
        assertThat(results.get(0).get("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(results.get(1).get("content").asText()).isEqualTo("rain");
        assertThat(results.get(2).get("text").asText()).isEqualTo("thanks");
        assertThat(b.get("tool_choice").get("type").asText()).isEqualTo("any");
    }

    @Test
    void thinkingBudgetRequestsThinkingAndDropsTemperature() {
        AnthropicProvider p = init(new AnthropicProvider(), "anthropic", server.url("/v1").toString(), "sk-ant-1234",
                Map.of("thinking_budget", 2048, "anthropic_version", "2024-01-01"));
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        LlmProvider.await(p.chat(ChatRequest.builder().message(Message.user("x")).temperature(0.5).maxTokens(8000)
                .build()));
        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).as("a /v1 base URL is not doubled").isEqualTo("/v1/messages");
        assertThat(req.getHeaders().get("anthropic-version")).isEqualTo("2024-01-01");
        JsonNode b = body(req);
        assertThat(b.get("thinking").get("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(b.has("temperature")).isFalse();
        assertThat(b.get("max_tokens").asInt()).isEqualTo(8000);
    }

    @Test
    void aThinkingBudgetThatIsNotANumberIsAConfigurationError() {
        AnthropicProvider p = init(new AnthropicProvider(), "anthropic", server.url("/").toString(), "sk-ant-1234",
                Map.of("thinking_budget", "lots"));
        assertThatThrownBy(() -> LlmProvider.await(p.chat(ChatRequest.ofUser("x"))))
                .isInstanceOf(dev.spoon.llm.ConfigurationException.class)
                .hasMessageContaining("providers.anthropic.thinking_budget").hasMessageContaining("lots");
    }

    @Test
    void rateLimitFromTheRecordedBody() {
        server.enqueue(json(429, fixture("anthropic-error-429-rate-limit-error.json"), "x-should-retry", "true"));
        assertThatThrownBy(() -> LlmProvider.await(claude.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isNull();
                    assertThat(e.providerMessage()).startsWith("This request would exceed your organization's rate limit");
                });
    }

    @Test
    void modelsArePagedThroughHasMore() {
        server.enqueue(json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-opus-4-1\"}],\"has_more\":true,"
                + "\"first_id\":\"claude-opus-4-1\",\"last_id\":\"claude-opus-4-1\"}"));
        server.enqueue(json(200, "{\"data\":[{\"type\":\"model\",\"id\":\"claude-haiku-4-5\"}],\"has_more\":false,"
                + "\"last_id\":\"claude-haiku-4-5\"}"));
        assertThat(LlmProvider.await(claude.listModels())).containsExactly("claude-opus-4-1", "claude-haiku-4-5");
        RecordedRequest first = take(server);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/models");
        assertThat(first.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test-1234");
        assertThat(take(server).getUrl().queryParameter("after_id")).isEqualTo("claude-opus-4-1");
    }

    static Stream<Arguments> errors() {
        Headers none = Headers.of();
        return Stream.of(
                arguments(429, Headers.of("retry-after", "17"), fixture("anthropic-error-429-rate-limit-error.json"),
                        "RateLimitError", true, Duration.ofSeconds(17)),
                arguments(401, none, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"},\"request_id\":\"req_1\"}",
                        "AuthenticationError", false, null),
                arguments(403, none, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"Your API key does not have permission to use the specified resource.\"}}",
                        "AuthenticationError", false, null),
                arguments(404, none, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-9\"}}",
                        "ModelNotFoundError", false, null),
                arguments(400, none, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 215000 tokens > 200000 maximum\"}}",
                        "TokenLimitError", false, null),
                arguments(413, none, "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}",
                        "TokenLimitError", false, null),
                arguments(529, none, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                        "ProviderError", true, null),
                arguments(500, Headers.of("x-should-retry", "false"), "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
                        "ProviderError", false, null),
                arguments(400, none, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}",
                        "ProviderError", false, null),
                arguments(402, none, "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"Your credit balance is too low to access the Anthropic API.\"}}",
                        "ProviderError", false, null));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("errors")
    void errorMapping(int status, Headers headers, String body, String type, boolean retryable, Duration wait) {
        LlmException e = AnthropicErrors.fromResponse("anthropic", status, headers, body);
        assertThat(e.errorType()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.retryAfter()).isEqualTo(wait);
        assertThat(e.providerMessage()).isEqualTo(Json.tryParse(body).get("error").get("message").asText());
    }

    @Test
    void urlImagesUseAUrlSource() {
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        LlmProvider.await(claude.chat(ChatRequest.of(List.of(Message.user(List.of(new ContentPart.Text("see"),
                ContentPart.Image.ofUrl("https://example.org/cat.png")))))));
        JsonNode src = body(take(server)).get("messages").get(0).get("content").get(1).get("source");
        assertThat(src.get("type").asText()).isEqualTo("url");
        assertThat(src.get("url").asText()).isEqualTo("https://example.org/cat.png");
    }
}
