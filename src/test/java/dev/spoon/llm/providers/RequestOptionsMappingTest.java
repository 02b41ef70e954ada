package dev.spoon.llm.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.Tool;
import dev.spoon.llm.config.Price;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.anthropic.AnthropicProvider;
import dev.spoon.llm.providers.gemini.GeminiProvider;
import dev.spoon.llm.providers.openai.DeepSeekProvider;
import dev.spoon.llm.providers.openai.OpenAiProvider;
import dev.spoon.llm.providers.openai.OpenRouterProvider;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.spoon.llm.providers.ProviderFixtures.body;
import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.init;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Request features beyond text, per provider: what each one's request body and headers carry for a response
 * format, a reasoning effort, images, prompt caching, extra body and extra headers, and how the answers
 * (structured, cached, reasoned) come back.
 */
class RequestOptionsMappingTest {
    private static final JsonNode PERSON = Json.tryParse("""
            {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"city":{"type":"string"}},
             "required":["name","age","city"],"additionalProperties":false}""");
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ChatRequest.Builder ask(String text) {
        return ChatRequest.builder().message(Message.system("You extract people.")).message(Message.user(text));
    }

    @Test
    void openAiGetsResponseFormatReasoningEffortImagesExtraBodyAndHeaders() {
        OpenAiProvider openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-1234", null);
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        ObjectNode extra = (ObjectNode) Json.tryParse("{\"top_p\":0.5,\"metadata\":{\"run\":\"7\"}}");
        ChatRequest r = ChatRequest.builder().message(Message.user(List.of(new ContentPart.Text("Who is this?"),
                        ContentPart.Image.ofBase64("image/png", PNG), ContentPart.Image.ofUrl("https://example.org/a.jpg"))))
                .model("o4-mini").responseFormat(new ResponseFormat.JsonSchema("person", PERSON, true))
                .reasoningEffort(ReasoningEffort.HIGH).extraBody(extra).header("X-Team", "blue-team-secret-77").build();
        LlmResponse resp = LlmProvider.await(openai.chat(r));

        RecordedRequest req = take(server);
        JsonNode b = body(req);
        assertThat(b.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(b.path("response_format").path("json_schema").path("name").asText()).isEqualTo("person");
        assertThat(b.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(b.path("response_format").path("json_schema").path("schema")).isEqualTo(PERSON);
        assertThat(b.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(b.has("reasoning")).isFalse();
        assertThat(b.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(b.path("metadata").path("run").asText()).isEqualTo("7");
        JsonNode parts = b.path("messages").get(0).path("content");
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64," + PNG);
        assertThat(parts.get(2).path("image_url").path("url").asText()).isEqualTo("https://example.org/a.jpg");
        assertThat(req.getHeaders().get("X-Team")).isEqualTo("blue-team-secret-77");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-1234");
        // the recorded answer reports cache and reasoning details (zero): they are read, under the contract's names
        assertThat(LlmJson.usage(resp.usage()).toString()).isEqualTo("{\"prompt_tokens\":20,\"completion_tokens\":2,"
                + "\"total_tokens\":22,\"cached_prompt_tokens\":0,\"reasoning_tokens\":0}");
    }

    @Test
    void openAiJsonModeAndTextSendTheirOwnFormat() {
        OpenAiProvider openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-1234", null);
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(ask("Alice, 30, Paris").responseFormat(ResponseFormat.JSON).build()));
        LlmProvider.await(openai.chat(ask("hi").build()));
        assertThat(body(take(server)).path("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
        JsonNode plain = body(take(server));
        assertThat(plain.has("response_format")).isFalse();
        assertThat(plain.path("messages").get(0).path("content").asText()).isEqualTo("You extract people.");
        assertThat(plain.has("reasoning_effort")).isFalse();
    }

    @Test
    void extraBodyMergesIntoObjectsAndReplacesOtherValues() {
        OpenAiProvider openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-1234", null);
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        ObjectNode extra = (ObjectNode) Json.tryParse("{\"stream_options\":{\"include_obfuscation\":false},"
                + "\"model\":\"gpt-4.1-nano\"}");
        LlmProvider.await(openai.chatStream(ask("hi").extraBody(extra).build(), null));
        JsonNode b = body(take(server));
        assertThat(b.path("stream_options").toString()).isEqualTo("{\"include_usage\":true,\"include_obfuscation\":false}");
        assertThat(b.path("model").asText()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void openRouterTakesTheEffortAsAReasoningObjectAndDeepSeekASchemaAsJsonMode() {
        OpenRouterProvider router = init(new OpenRouterProvider(), "openrouter", server.url("/api/v1").toString(),
                "sk-or-test-1234", null);
        DeepSeekProvider deepseek = init(new DeepSeekProvider(), "deepseek", server.url("/v1").toString(),
                "sk-ds-test-1234", null);
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(router.chat(ask("hi").reasoningEffort(ReasoningEffort.MINIMAL).cachePrompt(true).build()));
        LlmProvider.await(deepseek.chat(ask("hi").responseFormat(ResponseFormat.JsonSchema.of(PERSON)).build()));
        JsonNode routed = body(take(server));
        assertThat(routed.path("reasoning").toString()).isEqualTo("{\"effort\":\"minimal\"}");
        assertThat(routed.has("reasoning_effort")).isFalse();
        assertThat(routed.path("messages").get(0).path("content")).isEqualTo(Json.tryParse(
                "[{\"type\":\"text\",\"text\":\"You extract people.\",\"cache_control\":{\"type\":\"ephemeral\"}}]"));
        assertThat(routed.path("messages").get(1).path("content").asText()).isEqualTo("hi");
        assertThat(body(take(server)).path("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
    }

    @Test
    void anthropicCachesTheSystemPromptAndToolsAndThinksWithABudget() {
        AnthropicProvider claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(),
                "sk-ant-test-1234", null);
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-cache-read-creation.json")));
        Tool weather = new Tool("weather", "Weather for a place", Json.tryParse(
                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}"));
        Tool time = new Tool("time", "Local time", Json.tryParse("{\"type\":\"object\"}"));
        LlmResponse r = LlmProvider.await(claude.chat(ask("Describe Python").tools(List.of(weather, time)).maxTokens(1000)
                .cachePrompt(true).reasoningEffort(ReasoningEffort.LOW).header("anthropic-beta", "x-2025").build()));

        RecordedRequest req = take(server);
        JsonNode b = body(req);
        assertThat(b.path("system").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"You extract people.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]");
        assertThat(b.path("tools").get(0).has("cache_control")).isFalse();
        assertThat(b.path("tools").get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(b.path("thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":2048}");
        assertThat(b.path("max_tokens").asInt()).as("raised above the budget").isEqualTo(3048);
        assertThat(b.has("temperature")).isFalse();
        assertThat(req.getHeaders().get("anthropic-beta")).isEqualTo("x-2025");
        // the recorded cached answer: prompt = uncached 3 + written 418 + read 1111
        assertThat(r.usage().promptTokens()).isEqualTo(1532);
        assertThat(r.usage().cachedPromptTokens()).isEqualTo(1111);
        assertThat(r.usage().cacheCreationTokens()).isEqualTo(418);
        assertThat(LlmJson.usage(r.usage()).toString()).isEqualTo("{\"prompt_tokens\":1532,\"completion_tokens\":33,"
                + "\"total_tokens\":1565,\"cached_prompt_tokens\":1111,\"cache_creation_tokens\":418}");
        // claude-sonnet-4-5: $3 input, $15 output, $0.30 cache read, $3.75 cache write per million tokens
        double cost = new Price(3, 15, 0.30, 3.75).cost(r.usage());
        assertThat(cost).isCloseTo((3 * 3 + 1111 * 0.30 + 418 * 3.75 + 33 * 15) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cost).isLessThan(new Price(3, 15).cost(r.usage()));
    }

    @Test
    void anthropicStructuredOutputIsAForcedToolWhoseInputIsTheAnswer() {
        AnthropicProvider claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(),
                "sk-ant-test-1234", null);
        server.enqueue(json(200, """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                 "content":[{"type":"tool_use","id":"toolu_01","name":"json_answer",
                   "input":{"name":"Alice","age":30,"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":412,"output_tokens":58}}"""));
        ChatRequest request = ask("Alice, 30, lives in Paris").responseFormat(ResponseFormat.JsonSchema.of(PERSON)).build();
        LlmResponse r = LlmProvider.await(claude.chat(request));

        JsonNode b = body(take(server));
        assertThat(b.path("tools")).hasSize(1);
        assertThat(b.path("tools").get(0).path("name").asText()).isEqualTo("json_answer");
        assertThat(b.path("tools").get(0).path("input_schema")).isEqualTo(PERSON);
        assertThat(b.path("tool_choice")).isEqualTo(Json.tryParse("{\"type\":\"tool\",\"name\":\"json_answer\"}"));
        assertThat(r.content()).isEqualTo("{\"name\":\"Alice\",\"age\":30,\"city\":\"Paris\"}");
        assertThat(r.toolCalls()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("tool_use");
        StructuredOutput so = StructuredOutput.of(request.responseFormat(), r.content());
        assertThat(so.valid()).isTrue();
        assertThat(so.parsed().path("city").asText()).isEqualTo("Paris");
    }

    @Test
    void anthropicStreamedStructuredAnswerArrivesAsText() {
        AnthropicProvider claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(),
                "sk-ant-test-1234", null);
        server.enqueue(sse("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"usage":{"input_tokens":412,"cache_read_input_tokens":0,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_02","name":"json_answer","input":{}}}

                event: ping
                data: {"type": "ping"}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"name\\": \\"Alice\\", \\"age\\": 30"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":", \\"city\\": \\"Paris\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":58}}

                event: message_stop
                data: {"type":"message_stop"}

                """));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(claude.chatStream(ask("Alice, 30, Paris")
                .responseFormat(ResponseFormat.JsonSchema.of(PERSON)).build(), chunks::add));
        assertThat(r.content()).isEqualTo("{\"name\": \"Alice\", \"age\": 30, \"city\": \"Paris\"}");
        assertThat(r.toolCalls()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(chunks.stream().filter(c -> c.toolCallDeltas() != null && !c.toolCallDeltas().isEmpty())).isEmpty();
        assertThat(StructuredOutput.of(ResponseFormat.JsonSchema.of(PERSON), r.content()).valid()).isTrue();
    }

    @Test
    void anthropicJsonModeWithThinkingOffersTheToolWithoutForcingIt() {
        AnthropicProvider claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(),
                "sk-ant-test-1234", null);
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-cache-read-creation.json")));
        LlmProvider.await(claude.chat(ask("hi").responseFormat(ResponseFormat.JSON)
                .reasoningEffort(ReasoningEffort.HIGH).build()));
        JsonNode b = body(take(server));
        assertThat(b.path("tool_choice").toString()).isEqualTo("{\"type\":\"auto\"}");
        assertThat(b.path("tools").get(0).path("input_schema").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(b.path("thinking").path("budget_tokens").asInt()).isEqualTo(16384);
        assertThat(b.path("max_tokens").asInt()).isEqualTo(16384 + 4096);
    }

    @Test
    void geminiGetsResponseSchemaAndThinkingConfigAndReportsThoughtTokens() {
        GeminiProvider gemini = init(new GeminiProvider(), "gemini", server.url("/v1beta").toString(),
                "AIza-test-1234", null);
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-json-schema-thoughts.json")));
        ObjectNode extra = (ObjectNode) Json.tryParse("{\"generationConfig\":{\"topK\":5}}");
        ChatRequest request = ask("Alice, 30, Paris").model("gemini-2.5-flash")
                .responseFormat(ResponseFormat.JsonSchema.of(PERSON)).reasoningEffort(ReasoningEffort.MEDIUM)
                .extraBody(extra).build();
        LlmResponse r = LlmProvider.await(gemini.chat(request));

        JsonNode gen = body(take(server)).path("generationConfig");
        assertThat(gen.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(gen.path("responseSchema").has("additionalProperties")).as("Gemini rejects it").isFalse();
        assertThat(gen.path("responseSchema").path("required")).hasSize(3);
        assertThat(gen.path("thinkingConfig").toString()).isEqualTo("{\"thinkingBudget\":8192,\"includeThoughts\":true}");
        assertThat(gen.path("topK").asInt()).as("extra body merged into generationConfig").isEqualTo(5);
        assertThat(r.usage().reasoningTokens()).isEqualTo(91);
        assertThat(r.usage().completionTokens()).isEqualTo(19 + 91);
        ObjectNode result = LlmJson.result(r, request.responseFormat());
        assertThat(result.path("parsed").toString()).isEqualTo("{\"age\":30,\"city\":\"Paris\",\"name\":\"Alice\"}");
        assertThat(result.has("schema_errors")).isFalse();
        assertThat(result.path("usage").path("reasoning_tokens").asInt()).isEqualTo(91);
    }

    @Test
    void gemini3TakesAThinkingLevel() {
        GeminiProvider gemini = init(new GeminiProvider(), "gemini", server.url("/v1beta").toString(),
                "AIza-test-1234", null);
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-json-schema-thoughts.json")));
        LlmProvider.await(gemini.chat(ask("hi").model("gemini-3-pro-preview").reasoningEffort(ReasoningEffort.MEDIUM)
                .responseFormat(ResponseFormat.JSON).build()));
        JsonNode gen = body(take(server)).path("generationConfig");
        assertThat(gen.path("thinkingConfig").toString()).isEqualTo("{\"thinkingLevel\":\"high\",\"includeThoughts\":true}");
        assertThat(gen.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(gen.has("responseSchema")).isFalse();
    }

    @Test
    void aStructuredAnswerThatDoesNotFitGetsSchemaErrors() {
        ObjectNode wrong = LlmJson.result(new LlmResponse("x", "p", "m", "{\"name\":\"Alice\",\"age\":\"thirty\"}", null,
                FinishReason.STOP, "stop", null, null, 1, null, null, false, null, null),
                ResponseFormat.JsonSchema.of(PERSON));
        assertThat(wrong.path("parsed").path("age").asText()).isEqualTo("thirty");
        assertThat(wrong.path("schema_errors").toString()).contains("$.age: string found, integer expected")
                .contains("$: required property 'city' not found");
        ObjectNode prose = LlmJson.result(new LlmResponse("x", "p", "m", "Sure! Alice is 30.", null, FinishReason.STOP,
                "stop", null, null, 1, null, null, false, null, null), ResponseFormat.JSON);
        assertThat(prose.get("parsed").isNull()).isTrue();
        assertThat(prose.path("schema_errors").get(0).asText()).startsWith("the answer is not JSON");
        ObjectNode text = LlmJson.result(new LlmResponse("x", "p", "m", "hi", null, FinishReason.STOP, "stop", null,
                null, 1, null, null, false, null, null), ResponseFormat.TEXT);
        assertThat(text.has("parsed")).isFalse();
    }

    @Test
    void requestHeaderValuesAreSecretsInTheExchangeAndInErrors() {
        List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        ExchangeListeners listeners = new ExchangeListeners();
        listeners.add(ex -> {
            exchanges.add(ex);
            return new ExchangeListener() {
            };
        });
        Redactor core = new Redactor();
        OpenAiProvider openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-1234", null,
                new ProviderContext(listeners, core));
        // a gateway that echoes the header it did not like
        server.enqueue(json(401, "{\"error\":{\"message\":\"bad X-Org-Id org-secret-4242 for this key\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        ChatRequest r = ask("hi").header("X-Org-Id", "org-secret-4242").header("OpenAI-Beta", "assistants=v2").build();
        assertThatThrownBy(() -> LlmProvider.await(openai.chat(r))).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("bad X-Org-Id *** for this key").hasMessageNotContaining("org-secret-4242");
        assertThat(take(server).getHeaders().get("X-Org-Id")).isEqualTo("org-secret-4242");
        assertThat(exchanges).singleElement().satisfies(ex -> {
            assertThat(ex.requestHeaders().get("X-Org-Id")).containsExactly(Redactor.MASK);
            assertThat(ex.requestHeaders().get("OpenAI-Beta")).as("a protocol header stays readable")
                    .containsExactly("assistants=v2");
        });
        // the core's list keeps it for the debug log and printed text, across configuration updates
        core.set(new Redactor.Secrets().secret("another-key-9999"));
        assertThat(core.redact("echo org-secret-4242")).isEqualTo("echo ***");
    }
}
