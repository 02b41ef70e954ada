package dev.spoon.llm.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
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
import java.util.ArrayList;
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

class GeminiProviderTest {
    private MockWebServer server;
    private GeminiProvider gemini;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        gemini = init(new GeminiProvider(), "gemini", server.url("/v1beta").toString(), "AIza-test-1234", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Tool weather() {
        return new Tool("weather", "Weather", Json.tryParse("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"location\":{\"type\":\"string\"},"
                + "\"additionalProperties\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
    }

    @Test
    void streamedTextWithCrLfEventsFromTheRecordedStream() {
        server.enqueue(sse(fixture("gemini-streamgeneratecontent-text.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(gemini.chatStream(ChatRequest.builder().message(Message.system("brief"))
                .message(Message.user("hi in Portuguese")).model("gemini-2.5-pro").build(), chunks::add));
        assertThat(r.content()).startsWith("Of course!\n\nThe most common way to say \"hi\" in Portuguese is:")
                .endsWith("can be used in any situation.)");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("STOP");
        assertThat(r.model()).isEqualTo("gemini-2.5-pro");
        assertThat(r.id()).isEqualTo("aQCzaYSIIp3Uz7IP4L7z4Qk");
        assertThat(r.usage().promptTokens()).isEqualTo(11);
        assertThat(r.usage().completionTokens()).isEqualTo(49 + 603);
        assertThat(r.usage().totalTokens()).isEqualTo(663);
        assertThat(r.usage().reasoningTokens()).isEqualTo(603);
        assertThat(chunks).hasSize(3);

        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent");
        assertThat(req.getUrl().queryParameter("alt")).isEqualTo("sse");
        assertThat(req.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-test-1234");
        JsonNode b = body(req);
        assertThat(b.get("systemInstruction").get("parts").get(0).get("text").asText()).isEqualTo("brief");
        assertThat(b.get("contents")).hasSize(1);
        assertThat(b.get("contents").get(0).get("role").asText()).isEqualTo("user");
        assertThat(b.get("contents").get(0).get("parts").get(0).get("text").asText()).isEqualTo("hi in Portuguese");
    }

    @Test
    void oneByteReadsGiveTheSameAnswer() {
        server.enqueue(sseOneByteAtATime(fixture("gemini-streamgeneratecontent-text.sse")));
        LlmResponse r = LlmProvider.await(gemini.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).endsWith("can be used in any situation.)");
        assertThat(r.usage().totalTokens()).isEqualTo(663);
    }

    @Test
    void nonStreamedFunctionCallKeepsItsThoughtSignature() {
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-function-call.json")));
        LlmResponse r = LlmProvider.await(gemini.chat(ChatRequest.ofUser("weather in Florence?")
                .withTools(List.of(weather()))));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.nativeFinishReason()).isEqualTo("STOP");
        assertThat(r.toolCalls()).hasSize(1);
        ToolCall c = r.toolCalls().get(0);
        assertThat(c.name()).isEqualTo("weather");
        assertThat(c.arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(c.id()).isEqualTo("call_WACzacOoAtThz7IPuNuJoQI_0");
        assertThat(c.thoughtSignature()).startsWith("CvMBAb4+9vvZC");
        assertThat(r.usage().promptTokens()).isEqualTo(54);
        assertThat(r.usage().completionTokens()).isEqualTo(63);
        assertThat(r.usage().totalTokens()).isEqualTo(117);

        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        JsonNode decl = body(req).get("tools").get(0).get("functionDeclarations").get(0);
        assertThat(decl.get("name").asText()).isEqualTo("weather");
        assertThat(decl.get("parameters").has("$schema")).isFalse();
        assertThat(decl.get("parameters").has("additionalProperties")).isFalse();
        assertThat(decl.get("parameters").get("properties").has("additionalProperties"))
                .as("a property that happens to be named like a keyword stays").isTrue();
        assertThat(decl.get("parameters").get("required").get(0).asText()).isEqualTo("location");
    }

    @Test
    void functionCallRoundTripSendsTheSignatureBackAndResponsesByName() throws Exception {
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-function-call.json")));
        LlmResponse first = LlmProvider.await(gemini.chat(ChatRequest.ofUser("weather?").withTools(List.of(weather()))));
        ToolCall call = first.toolCalls().get(0);
        // the conversation goes through the CLI's OpenAI-format file and back
        List<Message> conversation = new ArrayList<>(List.of(Message.user("weather?"),
                Message.assistant("", first.toolCalls()), Message.tool(call.id(), null, "{\"temp_c\":21}"),
                Message.tool("call_other", "time", "12:00")));
        conversation = LlmJson.messages(Json.MAPPER.readTree(LlmJson.messagesJson(conversation).toString()));
        server.enqueue(json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"21 °C\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r2\"}"));
        LlmResponse second = LlmProvider.await(gemini.chat(ChatRequest.builder().messages(conversation)
                .tools(List.of(weather())).toolChoice(ToolChoice.AUTO).build()));
        assertThat(second.content()).isEqualTo("21 °C");
        take(server);
        JsonNode contents = body(take(server)).get("contents");
        assertThat(contents).hasSize(3);
        JsonNode modelTurn = contents.get(1);
        assertThat(modelTurn.get("role").asText()).isEqualTo("model");
        assertThat(modelTurn.get("parts").get(0).get("functionCall").get("name").asText()).isEqualTo("weather");
        assertThat(modelTurn.get("parts").get(0).get("functionCall").get("args").get("location").asText())
                .isEqualTo("Florence,Italy");
        assertThat(modelTurn.get("parts").get(0).get("thoughtSignature").asText()).isEqualTo(call.thoughtSignature());
        JsonNode responses = contents.get(2);
        assertThat(responses.get("role").asText()).isEqualTo("user");
        assertThat(responses.get("parts").get(0).get("functionResponse").get("name").asText()).isEqualTo("weather");
        assertThat(responses.get("parts").get(0).get("functionResponse").get("response").get("temp_c").asInt())
                .isEqualTo(21);
        assertThat(responses.get("parts").get(1).get("functionResponse").get("name").asText()).isEqualTo("time");
        assertThat(responses.get("parts").get(1).get("functionResponse").get("response").get("result").asText())
                .isEqualTo("12:00");
    }

    @Test
    void streamedThoughtsParallelCallsAndLengthFinish() {
        gemini = init(new GeminiProvider(), "gemini", server.url("/v1beta").toString(), "AIza-test-1234",
                Map.of("thinking_budget", 1024));
        String body = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me think\",\"thought\":true}],"
                + "\"role\":\"model\"},\"index\":0}],\"responseId\":\"rs\",\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"weather\",\"args\":"
                + "{\"location\":\"Rome\"}},\"thoughtSignature\":\"sig1\"},{\"functionCall\":{\"name\":\"now\"}}],"
                + "\"role\":\"model\"},\"index\":0}],\"responseId\":\"rs\"}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,"
                + "\"candidatesTokenCount\":7,\"totalTokenCount\":20,\"thoughtsTokenCount\":8},\"responseId\":\"rs\"}\r\n\r\n";
        server.enqueue(sse(body));
        LlmResponse r = LlmProvider.await(gemini.chatStream(ChatRequest.builder().message(Message.user("x"))
                .maxTokens(100).temperature(0.1).build(), null));
        assertThat(r.reasoning()).isEqualTo("Let me think");
        assertThat(r.toolCalls()).containsExactly(new ToolCall("call_rs_0", "weather", "{\"location\":\"Rome\"}", "sig1"),
                new ToolCall("call_rs_1", "now", "{}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(r.usage().completionTokens()).isEqualTo(15);
        JsonNode gen = body(take(server)).get("generationConfig");
        assertThat(gen.get("maxOutputTokens").asInt()).isEqualTo(100);
        assertThat(gen.get("temperature").asDouble()).isEqualTo(0.1);
        assertThat(gen.get("thinkingConfig").get("thinkingBudget").asInt()).isEqualTo(1024);
        assertThat(gen.get("thinkingConfig").get("includeThoughts").asBoolean()).isTrue();
    }

    @Test
    void safetyBlockedPromptIsAContentFilterFinish() {
        server.enqueue(json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":"
                + "{\"promptTokenCount\":9,\"totalTokenCount\":9},\"modelVersion\":\"gemini-2.5-flash\"}"));
        LlmResponse r = LlmProvider.await(gemini.chat(ChatRequest.ofUser("x")));
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(r.nativeFinishReason()).isEqualTo("SAFETY");
        assertThat(r.content()).isEmpty();
    }

    @Test
    void errorInsideTheStreamKeepsThePartial() {
        server.enqueue(sse("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Half\"}],\"role\":\"model\"}}]}\r\n\r\n"
                + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\","
                + "\"status\":\"UNAVAILABLE\"}}\r\n\r\n"));
        assertThatThrownBy(() -> LlmProvider.await(gemini.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.providerMessage()).isEqualTo("The model is overloaded. Please try again later.");
                    assertThat(e.partial().content()).isEqualTo("Half");
                    assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                });
    }

    @Test
    void invalidKeyUnder400IsAnAuthenticationError() {
        server.enqueue(json(400, fixture("gemini-error-400-api-key-invalid.json")));
        assertThatThrownBy(() -> LlmProvider.await(gemini.chat(ChatRequest.ofUser("x"))))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.providerMessage()).isEqualTo("API key not valid. Please pass a valid API key.");
                });
    }

    static Stream<Arguments> errors() {
        Headers none = Headers.of();
        return Stream.of(
                arguments(400, none, fixture("gemini-error-400-api-key-invalid.json"), "AuthenticationError", false, null),
                arguments(429, none, """
                        {"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"20s"}]}}""",
                        "RateLimitError", true, Duration.ofSeconds(20)),
                arguments(429, Headers.of("Retry-After", "5"), """
                        [{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]""",
                        "RateLimitError", true, Duration.ofSeconds(5)),
                arguments(404, none, """
                        {"error":{"code":404,"message":"models/gemini-9 is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.","status":"NOT_FOUND"}}""",
                        "ModelNotFoundError", false, null),
                arguments(403, none, """
                        {"error":{"code":403,"message":"Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.","status":"PERMISSION_DENIED"}}""",
                        "AuthenticationError", false, null),
                arguments(400, none, """
                        {"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}""",
                        "TokenLimitError", false, null),
                arguments(503, none, """
                        {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""",
                        "ProviderError", true, null),
                arguments(500, none, """
                        {"error":{"code":500,"message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting","status":"INTERNAL"}}""",
                        "ProviderError", true, null),
                arguments(400, none, """
                        {"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}""",
                        "ProviderError", false, null));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("errors")
    void errorMapping(int status, Headers headers, String body, String type, boolean retryable, Duration wait) {
        LlmException e = GeminiErrors.fromResponse("gemini", status, headers, body);
        assertThat(e.errorType()).isEqualTo(type);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.retryAfter()).isEqualTo(wait);
        JsonNode root = Json.tryParse(body);
        assertThat(e.providerMessage()).isEqualTo((root.isArray() ? root.get(0) : root).get("error").get("message")
                .asText());
    }

    @Test
    void modelsArePagedAndFilteredToGenerators() {
        server.enqueue(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"supportedGenerationMethods\":"
                + "[\"generateContent\",\"countTokens\"]},{\"name\":\"models/text-embedding-004\","
                + "\"supportedGenerationMethods\":[\"embedContent\"]}],\"nextPageToken\":\"p2\"}"));
        server.enqueue(json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-pro\",\"supportedGenerationMethods\":"
                + "[\"generateContent\"]}]}"));
        assertThat(LlmProvider.await(gemini.listModels())).containsExactly("gemini-2.5-flash", "gemini-2.5-pro");
        RecordedRequest first = take(server);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/v1beta/models");
        assertThat(first.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-test-1234");
        assertThat(take(server).getUrl().queryParameter("pageToken")).isEqualTo("p2");
    }

    @Test
    void anAnthropicThinkingSignatureIsNeverSentToGemini() {
        assertThat(GeminiWire.geminiSignature(new dev.spoon.llm.ToolCall("c", "f", "{}", "anthropic:Sig")))
                .isNull();
        assertThat(GeminiWire.geminiSignature(new dev.spoon.llm.ToolCall("c", "f", "{}", "CiQBjz1rX")))
                .isEqualTo("CiQBjz1rX");
        assertThat(GeminiWire.geminiSignature(new dev.spoon.llm.ToolCall("c", "f", "{}"))).isNull();
    }
}
