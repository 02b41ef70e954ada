package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spoon chat --api responses} and {@code api = "responses"} end to end, in-process, on a mock server. */
class ResponsesCliTest {
    @TempDir
    Path dir;
    Map<String, String> env;
    MockWebServer server;
    Path config;

    @BeforeEach
    void start() throws IOException {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
        server = new MockWebServer();
        server.start();
        config = dir.resolve("config.toml");
        Files.writeString(config, "retry_attempts = 0\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Result chat(String... more) {
        List<String> args = new ArrayList<>(List.of("chat", "-p", "openai", "--base-url", server.url("/v1").toString(),
                "--api-key", "test-key-1234", "--config", config.toString(), "--message", "hi"));
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

    @Test
    void nonStreamedJsonIsTheSameResultObject() {
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        CliRunner.Result r = chat("--api", "responses", "--system", "Be brief.", "--max-tokens", "50", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("id").asText()).startsWith("resp_");
        assertThat(o.get("provider").asText()).isEqualTo("openai");
        assertThat(o.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(o.get("content").asText()).isEqualTo("Olá!");
        assertThat(o.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(o.get("native_finish_reason").asText()).isEqualTo("completed");
        assertThat(o.get("usage").get("prompt_tokens").asInt()).isEqualTo(20);
        assertThat(o.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(o.get("usage").get("total_tokens").asInt()).isEqualTo(23);
        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/responses");
        JsonNode b = Json.tryParse(req.getBody().utf8());
        assertThat(b.get("instructions").asText()).isEqualTo("Be brief.");
        assertThat(b.get("input").get(0).get("content").asText()).isEqualTo("hi");
        assertThat(b.get("max_output_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void streamedJsonLinesThenTheResultWithUsage() {
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        CliRunner.Result r = chat("--api", "responses", "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("type").asText()).isEqualTo("result");
        StringBuilder deltas = new StringBuilder();
        lines.subList(0, lines.size() - 1).forEach(l -> {
            assertThat(l.get("type").asText()).isEqualTo("delta");
            deltas.append(l.get("content").asText());
        });
        assertThat(deltas.toString()).isEqualTo("Hi in Portuguese is \"Oi!\"");
        assertThat(result.get("content").asText()).isEqualTo(deltas.toString());
        assertThat(result.get("usage").get("total_tokens").asInt()).isEqualTo(28);
        assertThat(result.get("ttft_ms").isNumber()).isTrue();
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/responses");
    }

    @Test
    void plainStreamPrintsTheText() {
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        CliRunner.Result r = chat("--api", "responses", "--stream");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Hi in Portuguese is \"Oi!\"\n");
    }

    @Test
    void streamedToolCallWithAToolsFileInChatFormat() throws IOException {
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, """
                [{"type":"function","function":{"name":"weather","description":"Get weather information for a location",
                  "parameters":{"type":"object","properties":{"location":{"type":"string","description":"the city"}},
                  "required":["location"]}}}]""");
        server.enqueue(sse(fixture("openai-responses-stream-function-call.sse")));
        CliRunner.Result r = chat("--api", "responses", "--tools", tools.toString(), "--tool-choice", "required",
                "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = lines(r.out());
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = result.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).isEqualTo("call_4TL7SrUyTg60nSUcfgeWLFXO");
        assertThat(call.get("name").asText()).isEqualTo("weather");
        assertThat(call.get("arguments").asText()).isEqualTo("{\"location\":\"Florence, Italy\"}");
        JsonNode b = Json.tryParse(take(server).getBody().utf8());
        assertThat(b.get("tools").get(0).get("name").asText()).isEqualTo("weather");
        assertThat(b.get("tool_choice").asText()).isEqualTo("required");
    }

    @Test
    void theConfiguredApiIsUsedAndTheFlagWinsOverIt() throws IOException {
        Files.writeString(config, "retry_attempts = 0\n[providers.openai]\napi = \"responses\"\n");
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")));
        CliRunner.Result r = chat("--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/responses");

        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        CliRunner.Result c = chat("--api", "chat_completions", "--json");
        assertThat(c.exit()).as(c.out() + c.err()).isZero();
        assertThat(Json.tryParse(c.out()).get("content").asText()).isEqualTo("Olá!");
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void aFailedStreamPrintsThePartialResultThenTheError() {
        server.enqueue(sse("event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":"
                + "\"resp_f\",\"status\":\"in_progress\",\"model\":\"gpt-4o-mini\",\"output\":[]},\"sequence_number\":0}\n\n"
                + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":"
                + "\"Half an ans\",\"item_id\":\"msg_f\",\"output_index\":0,\"content_index\":0,\"sequence_number\":1}\n\n"
                + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"id\":\"resp_f\","
                + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"Upstream overloaded\"},"
                + "\"output\":[]},\"sequence_number\":2}\n\n"));
        CliRunner.Result r = chat("--api", "responses", "--stream", "--json");
        assertThat(r.exit()).isEqualTo(1);
        List<JsonNode> lines = lines(r.out());
        JsonNode partial = lines.get(lines.size() - 2);
        assertThat(partial.get("type").asText()).isEqualTo("result");
        assertThat(partial.get("content").asText()).isEqualTo("Half an ans");
        assertThat(partial.get("finish_reason").asText()).isEqualTo("error");
        JsonNode e = lines.get(lines.size() - 1).get("error");
        assertThat(e.get("type").asText()).isEqualTo("ProviderError");
        assertThat(e.get("message").asText()).isEqualTo("Upstream overloaded");
    }

    @Test
    void aDebugLogRecordShowsTheResponsesEndpoint() throws IOException {
        Path log = dir.resolve("debug.jsonl");
        Files.writeString(config, "retry_attempts = 0\ndebug = { enabled = true, file = \""
                + log.toString().replace("\\", "\\\\") + "\" }\n");
        server.enqueue(sse(fixture("openai-responses-stream-text.sse")));
        CliRunner.Result r = chat("--api", "responses", "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode record = Json.tryParse(Files.readAllLines(log).get(0));
        assertThat(record.get("endpoint").asText()).endsWith("/v1/responses");
        assertThat(record.get("stream").asBoolean()).isTrue();
        assertThat(record.get("usage").get("total_tokens").asInt()).isEqualTo(28);
        assertThat(record.toString()).doesNotContain("test-key-1234");
    }

    @Test
    void requestOptionsMapToTheResponsesFieldsAndTheAnswerIsValidated() throws IOException {
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"}},"
                + "\"required\":[\"greeting\"]}");
        Path image = dir.resolve("dot.png");
        Files.write(image, java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
                + "mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        server.enqueue(json(200, fixture("openai-responses-nonstream-text.json")
                .replace("\"text\": \"Ol\\u00e1!\"", "\"text\": \"{\\\"greeting\\\":\\\"Ol\\u00e1\\\"}\"")));
        CliRunner.Result r = chat("--api", "responses", "--response-format", schema.toString(), "--reasoning-effort",
                "low", "--image", image.toString(), "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("parsed").get("greeting").asText()).isEqualTo("Olá");
        assertThat(o.has("schema_errors")).isFalse();
        JsonNode b = Json.tryParse(take(server).getBody().utf8());
        assertThat(b.get("text").get("format").get("type").asText()).isEqualTo("json_schema");
        assertThat(b.get("text").get("format").get("schema").get("required").get(0).asText()).isEqualTo("greeting");
        assertThat(b.get("reasoning").get("effort").asText()).isEqualTo("low");
        JsonNode content = b.get("input").get(0).get("content");
        assertThat(content.get(0).get("type").asText()).isEqualTo("input_text");
        assertThat(content.get(1).get("type").asText()).isEqualTo("input_image");
        assertThat(content.get(1).get("image_url").asText()).startsWith("data:image/png;base64,iVBORw0KGgo");
    }

    @Test
    void anUnknownApiIsAUsageError() {
        CliRunner.Result r = chat("--api", "assistants", "--json");
        assertThat(r.exit()).isEqualTo(2);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("UsageError");
        assertThat(e.get("message").asText()).contains("--api").contains("chat_completions or responses");
    }

    @Test
    void theApiFlagOnAnotherFamilyIsAUsageError() {
        List<String> args = List.of("chat", "-p", "anthropic", "--api-key", "test-key-1234", "--config",
                config.toString(), "--message", "hi", "--api", "responses", "--json");
        CliRunner.Result r = CliRunner.run(env, args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Json.tryParse(r.out()).get("error").get("message").asText())
                .contains("--api applies only to OpenAI-family providers").contains("anthropic");
        assertThat(server.getRequestCount()).isZero();
    }
}
