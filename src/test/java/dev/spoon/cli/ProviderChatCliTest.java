package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code spoon chat} and {@code spoon models} end to end, in-process, against every real provider on a mock. */
class ProviderChatCliTest {
    @TempDir
    Path dir;
    Map<String, String> env;
    MockWebServer server;
    Path noRetries;

    @BeforeEach
    void start() throws IOException {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
        server = new MockWebServer();
        server.start();
        noRetries = dir.resolve("config.toml");
        Files.writeString(noRetries, "retry_attempts = 0\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Result chat(String provider, String basePath, String... more) {
        List<String> args = new ArrayList<>(List.of("chat", "-p", provider, "--base-url",
                server.url(basePath).toString(), "--api-key", "test-key-1234", "--config", noRetries.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(env, args.toArray(String[]::new));
    }

    private static List<JsonNode> lines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                JsonNode n = Json.tryParse(l);
                assertThat(n).as("JSON line: %s", l).isNotNull();
                lines.add(n);
            }
        }
        return lines;
    }

    /** provider, base path, non-stream body, stream body, expected content (prefix), expected request path. */
    static Stream<Arguments> textCases() {
        return Stream.of(
                arguments("openai", "/v1", fixture("openai-chat-nonstream-text.json"),
                        fixture("openai-chat-stream-text-include-usage.sse"), "Olá!", "/v1/chat/completions"),
                arguments("openrouter", "/api/v1", fixture("openai-chat-nonstream-text.json"),
                        fixture("openrouter-chat-stream-text-keepalive.sse"), "Olá!", "/api/v1/chat/completions"),
                arguments("deepseek", "/v1", fixture("openai-chat-nonstream-text.json"),
                        fixture("deepseek-chat-stream-reasoning.sse"), "Olá!", "/v1/chat/completions"),
                arguments("ollama", "/v1", fixture("openai-chat-nonstream-text.json"),
                        fixture("ollama-chat-stream-reasoning-include-usage.sse"), "Olá!", "/v1/chat/completions"),
                arguments("lmstudio", "/v1", fixture("openai-chat-nonstream-text.json"),
                        fixture("openai-chat-stream-text-include-usage.sse"), "Olá!", "/v1/chat/completions"),
                arguments("anthropic", "/", ANTHROPIC_TEXT, fixture("anthropic-messages-stream-text.sse"), "Olá!",
                        "/v1/messages"),
                arguments("gemini", "/v1beta", GEMINI_TEXT, fixture("gemini-streamgeneratecontent-text.sse"),
                        "O", "/v1beta/models/gemini-2.5-flash:"));
    }

    static final String ANTHROPIC_TEXT = """
            {"model":"claude-sonnet-4-20250514","id":"msg_01Xx","type":"message","role":"assistant","content":[{"type":"text","text":"Olá! Tudo bem?"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":16,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":9,"service_tier":"standard"}}""";
    static final String GEMINI_TEXT = """
            {"candidates":[{"content":{"parts":[{"text":"Olá! Tudo bem?"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":5,"totalTokenCount":40,"thoughtsTokenCount":24},"modelVersion":"gemini-2.5-flash","responseId":"abc123"}""";

    @ParameterizedTest(name = "{0}")
    @MethodSource("textCases")
    void nonStreamedJson(String provider, String base, String body, String stream, String content, String path) {
        server.enqueue(json(200, body));
        CliRunner.Result r = chat(provider, base, "--message", "hi", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("provider").asText()).isEqualTo(provider);
        assertThat(o.get("content").asText()).startsWith(content);
        assertThat(o.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(o.get("usage").get("total_tokens").asInt()).isPositive();
        assertThat(take(server).getUrl().encodedPath()).startsWith(path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textCases")
    void streamedJsonLines(String provider, String base, String body, String stream, String content, String path) {
        server.enqueue(sse(stream));
        CliRunner.Result r = chat(provider, base, "--message", "hi", "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("type").asText()).isEqualTo("result");
        StringBuilder deltas = new StringBuilder();
        lines.subList(0, lines.size() - 1).forEach(l -> {
            assertThat(l.get("type").asText()).isEqualTo("delta");
            deltas.append(l.get("content").asText());
        });
        assertThat(deltas.toString()).isEqualTo(result.get("content").asText());
        assertThat(result.get("content").asText()).isNotEmpty();
        assertThat(result.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(result.get("usage").get("total_tokens").asInt()).isPositive();
        assertThat(result.get("ttft_ms").isNumber()).isTrue();
        assertThat(take(server).getUrl().encodedPath()).startsWith(path);
    }

    @Test
    void plainStreamPrintsTheText() {
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--stream");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Olá!\n");
    }

    @Test
    void streamedToolCallWithToolsFile() throws IOException {
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, """
                [{"type":"function","function":{"name":"weather","description":"weather","parameters":
                  {"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]""");
        server.enqueue(sse(fixture("openai-chat-stream-tool-call.sse")));
        CliRunner.Result r = chat("openai", "/v1", "--message", "weather in Florence?", "--tools", tools.toString(),
                "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = result.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(call.get("name").asText()).isEqualTo("weather");
        assertThat(Json.tryParse(call.get("arguments").asText()).get("location").asText()).startsWith("Florence");
        RecordedRequest req = take(server);
        assertThat(Json.tryParse(req.getBody().utf8()).get("tools").get(0).get("function").get("name").asText())
                .isEqualTo("weather");
    }

    @Test
    void authenticationErrorIsOneJsonObject() {
        server.enqueue(json(401, fixture("openai-error-401-invalid-api-key.json")));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("AuthenticationError");
        assertThat(e.get("provider").asText()).isEqualTo("openai");
        assertThat(e.get("status").asInt()).isEqualTo(401);
        assertThat(e.get("message").asText()).startsWith("Incorrect API key provided");
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        server.enqueue(json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"code\":\"rate_limit_exceeded\"}}", "Retry-After", "20"));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("RateLimitError");
        assertThat(e.get("retry_after_s").asInt()).isEqualTo(20);
        assertThat(e.get("message").asText()).isEqualTo("Rate limit reached");
    }

    @Test
    void midStreamErrorPrintsThePartialResultThenTheError() {
        server.enqueue(sse("data: {\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"Half an ans\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"error\":{\"message\":\"Upstream overloaded\",\"type\":\"server_error\"}}\n\n"));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--stream", "--json");
        assertThat(r.exit()).isEqualTo(1);
        List<JsonNode> lines = lines(r.out());
        JsonNode partial = lines.get(lines.size() - 2);
        assertThat(partial.get("type").asText()).isEqualTo("result");
        assertThat(partial.get("content").asText()).isEqualTo("Half an ans");
        assertThat(partial.get("finish_reason").asText()).isEqualTo("error");
        JsonNode e = lines.get(lines.size() - 1).get("error");
        assertThat(e.get("message").asText()).isEqualTo("Upstream overloaded");
    }

    @Test
    void anthropicToolUseAndMultiTurnMessagesFile() throws IOException {
        Path conversation = dir.resolve("conversation.json");
        Files.writeString(conversation, """
                [{"role":"system","content":"terse"},
                 {"role":"user","content":"weather in Rome?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_9","type":"function",
                   "function":{"name":"weather","arguments":"{\\"location\\":\\"Rome\\"}"}}]},
                 {"role":"tool","tool_call_id":"toolu_9","content":"sunny, 24C"},
                 {"role":"user","content":"and Florence?"}]""");
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        CliRunner.Result r = chat("anthropic", "/", "--messages", conversation.toString(), "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(o.get("native_finish_reason").asText()).isEqualTo("tool_use");
        assertThat(o.get("tool_calls").get(0).get("arguments").asText()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        JsonNode body = Json.tryParse(take(server).getBody().utf8());
        assertThat(body.get("system").asText()).isEqualTo("terse");
        JsonNode turns = body.get("messages");
        assertThat(turns.get(1).get("content").get(0).get("type").asText()).isEqualTo("tool_use");
        assertThat(turns.get(2).get("content").get(0).get("tool_use_id").asText()).isEqualTo("toolu_9");
        assertThat(turns.get(2).get("content").get(1).get("text").asText()).isEqualTo("and Florence?");
    }

    @Test
    void geminiFunctionCallAndInvalidKey() {
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-function-call.json")));
        CliRunner.Result r = chat("gemini", "/v1beta", "--message", "weather in Florence?", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode call = Json.tryParse(r.out()).get("tool_calls").get(0);
        assertThat(call.get("name").asText()).isEqualTo("weather");
        assertThat(call.get("id").asText()).isNotBlank();
        assertThat(call.get("arguments").asText()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(take(server).getHeaders().get("x-goog-api-key")).isEqualTo("test-key-1234");

        server.enqueue(json(400, fixture("gemini-error-400-api-key-invalid.json")));
        CliRunner.Result bad = chat("gemini", "/v1beta", "--message", "hi", "--stream", "--json");
        assertThat(bad.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(bad.out().strip()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("AuthenticationError");
        assertThat(e.get("status").asInt()).isEqualTo(400);
        assertThat(e.get("message").asText()).isEqualTo("API key not valid. Please pass a valid API key.");
    }

    @Test
    void anthropicRateLimitWithoutRetryAfter() {
        server.enqueue(json(429, fixture("anthropic-error-429-rate-limit-error.json")));
        CliRunner.Result r = chat("anthropic", "/", "--message", "hi", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("RateLimitError");
        assertThat(e.get("retry_after_s").isNull()).isTrue();
        assertThat(e.get("message").asText()).startsWith("This request would exceed your organization's rate limit");
    }

    @Test
    void plainTextErrorGoesToStandardError() {
        server.enqueue(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        CliRunner.Result r = chat("anthropic", "/", "--message", "hi");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("ProviderError").contains("HTTP 529").contains("Overloaded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelLists")
    void modelsForEveryFamily(String provider, String base, String body, String first, String path) {
        server.enqueue(json(200, body));
        CliRunner.Result r = CliRunner.run(env, "models", "-p", provider, "--base-url", server.url(base).toString(),
                "--api-key", "test-key-1234");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue(first);
        assertThat(take(server).getUrl().encodedPath()).isEqualTo(path);
    }

    static Stream<Arguments> modelLists() {
        return Stream.of(
                arguments("anthropic", "/", "{\"data\":[{\"id\":\"claude-sonnet-4-5\",\"type\":\"model\"}],\"has_more\":false}",
                        "claude-sonnet-4-5", "/v1/models"),
                arguments("gemini", "/v1beta", "{\"models\":[{\"name\":\"models/gemini-2.5-pro\"}]}",
                        "gemini-2.5-pro", "/v1beta/models"),
                arguments("ollama", "/v1", "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:latest\"}]}",
                        "llama3.2:latest", "/v1/models"),
                arguments("deepseek", "/", "{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-chat\"}]}",
                        "deepseek-chat", "/models"));
    }

    @Test
    void customOpenAiCompatibleEntryFromTheConfigFile() throws IOException {
        Path cfg = dir.resolve("custom.toml");
        Files.writeString(cfg, "retry_attempts = 0\n[providers.mylocal]\ntype = \"openai-compatible\"\nbase_url = \""
                + server.url("/api/v1") + "\"\nmodel = \"qwen3\"\nheaders = { \"X-Team\" = \"blue\" }\n");
        server.enqueue(sse(fixture("ollama-chat-stream-reasoning-include-usage.sse")));
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "mylocal", "--config", cfg.toString(), "--message", "hi",
                "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("provider").asText()).isEqualTo("mylocal");
        assertThat(result.get("reasoning").asText()).startsWith("The user says");
        assertThat(lines.stream().anyMatch(l -> l.has("reasoning"))).isTrue();
        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/api/v1/chat/completions");
        assertThat(req.getHeaders().get("X-Team")).isEqualTo("blue");
        assertThat(req.getHeaders().get("Authorization")).isNull();
        assertThat(Json.tryParse(req.getBody().utf8()).get("model").asText()).isEqualTo("qwen3");
    }

    @Test
    void modelsListsTheLiveModels() {
        server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\"},{\"id\":\"o3\"}]}"));
        CliRunner.Result r = CliRunner.run(env, "models", "-p", "openai", "--base-url",
                server.url("/v1").toString(), "--api-key", "test-key-1234", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("models").get(0).asText()).isEqualTo("gpt-4o-mini");
        assertThat(o.get("models").get(1).asText()).isEqualTo("o3");
        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/models");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer test-key-1234");
    }
}
