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
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.spoon.llm.providers.ProviderFixtures.body;
import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code spoon chat}'s request-feature flags end to end: what is sent, what is printed, what is refused. */
class ChatOptionsCliTest {
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==");

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

    private CliRunner.Result chat(String provider, String basePath, String... more) {
        List<String> args = new ArrayList<>(List.of("chat", "-p", provider, "--base-url",
                server.url(basePath).toString(), "--api-key", "test-key-1234", "--config", config.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(env, args.toArray(String[]::new));
    }

    private Path schemaFile() throws IOException {
        Path schema = dir.resolve("person.schema.json");
        Files.writeString(schema, """
                {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
                 "city":{"type":"string"}},"required":["name","age","city"]}""");
        return schema;
    }

    @Test
    void geminiStructuredAnswerIsParsedWithReasoningTokens() throws IOException {
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-json-schema-thoughts.json")));
        CliRunner.Result r = chat("gemini", "/v1beta", "-m", "gemini-2.5-flash", "--message", "Alice, 30, Paris",
                "--response-format", schemaFile().toString(), "--reasoning-effort", "low", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = Json.tryParse(r.out());
        assertThat(out.path("parsed")).isEqualTo(Json.tryParse("{\"name\":\"Alice\",\"age\":30,\"city\":\"Paris\"}"));
        assertThat(out.has("schema_errors")).isFalse();
        assertThat(out.path("usage").path("reasoning_tokens").asInt()).isEqualTo(91);
        JsonNode gen = body(take(server)).path("generationConfig");
        assertThat(gen.path("responseSchema").path("required")).hasSize(3);
        assertThat(gen.path("thinkingConfig").path("thinkingBudget").asInt()).isEqualTo(1024);
    }

    @Test
    void anAnswerThatIsNotTheAskedJsonGetsSchemaErrors() {
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--response-format", "json", "--json");
        assertThat(r.exit()).isZero();
        JsonNode out = Json.tryParse(r.out());
        assertThat(out.get("parsed").isNull()).isTrue();
        assertThat(out.path("schema_errors").get(0).asText()).startsWith("the answer is not JSON");
        assertThat(body(take(server)).path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void theSimulatorAnswersWithJsonThatFitsTheSchema() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "Tell me about Alice", "--response-format",
                schemaFile().toString(), "--reasoning-effort", "high", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = Json.tryParse(r.out());
        assertThat(out.path("parsed").path("age").isInt()).isTrue();
        assertThat(out.has("schema_errors")).isFalse();
        assertThat(out.path("usage").path("reasoning_tokens").asInt()).isPositive();
    }

    @Test
    void aStreamedStructuredAnswerEndsWithParsedInItsResultLine() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "hi", "--response-format", "json", "--stream",
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode result = Json.tryParse(lines[lines.length - 1]);
        assertThat(result.path("type").asText()).isEqualTo("result");
        assertThat(result.path("parsed").path("answer").asText()).isEqualTo("You said: hi");
        assertThat(result.has("schema_errors")).isFalse();
        StringBuilder streamed = new StringBuilder();
        for (int i = 0; i < lines.length - 1; i++) {
            streamed.append(Json.tryParse(lines[i]).path("content").asText(""));
        }
        assertThat(Json.tryParse(streamed.toString())).isEqualTo(result.path("parsed"));
    }

    @Test
    void imagesHeadersExtraBodyAndCachingReachTheRequest() throws IOException {
        Path image = dir.resolve("pixel.png");
        Files.write(image, PNG);
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-cache-read-creation.json")));
        CliRunner.Result r = chat("anthropic", "/", "--system", "Be brief.", "--message", "What is this?",
                "--image", image.toString(), "--image", "https://example.org/cat.jpg", "--cache-prompt",
                "--header", "X-Trace-Token: trace-secret-0001", "--extra-body", "{\"top_k\":5}", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode usage = Json.tryParse(r.out()).path("usage");
        assertThat(usage.path("cached_prompt_tokens").asInt()).isEqualTo(1111);
        assertThat(usage.path("cache_creation_tokens").asInt()).isEqualTo(418);
        assertThat(usage.has("cache_read_tokens")).isFalse();
        RecordedRequest req = take(server);
        JsonNode b = body(req);
        JsonNode content = b.path("messages").get(0).path("content");
        assertThat(content.get(0).path("text").asText()).isEqualTo("What is this?");
        assertThat(content.get(1).path("source").path("type").asText()).isEqualTo("base64");
        assertThat(content.get(1).path("source").path("media_type").asText()).isEqualTo("image/png");
        assertThat(content.get(2).path("source").path("url").asText()).isEqualTo("https://example.org/cat.jpg");
        assertThat(b.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(b.path("top_k").asInt()).isEqualTo(5);
        assertThat(req.getHeaders().get("X-Trace-Token")).isEqualTo("trace-secret-0001");
    }

    @Test
    void aHeaderValueEchoedInAnErrorIsHidden() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"unknown project proj-secret-31337\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        CliRunner.Result r = chat("openai", "/v1", "--message", "hi", "--header", "X-Project: proj-secret-31337",
                "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("unknown project ***").doesNotContain("proj-secret-31337");
        assertThat(r.err()).doesNotContain("proj-secret-31337");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() throws IOException {
        CliRunner.Result body = CliRunner.run(env, "chat", "--message", "hi", "--extra-body", "{\"top_p\":", "--json");
        assertThat(body.exit()).isEqualTo(2);
        assertThat(Json.tryParse(body.out()).path("error").path("message").asText()).contains("--extra-body")
                .contains("not valid JSON");
        CliRunner.Result notObject = CliRunner.run(env, "chat", "--message", "hi", "--extra-body", "[1]");
        assertThat(notObject.exit()).isEqualTo(2);
        assertThat(notObject.err()).contains("--extra-body").contains("JSON object");

        CliRunner.Result header = CliRunner.run(env, "chat", "--message", "hi", "--header", "X-Key=hidden-value-123");
        assertThat(header.exit()).isEqualTo(2);
        assertThat(header.err()).contains("--header").contains("NAME: VALUE").doesNotContain("hidden-value-123");

        CliRunner.Result effort = CliRunner.run(env, "chat", "--message", "hi", "--reasoning-effort", "max");
        assertThat(effort.exit()).isEqualTo(2);
        assertThat(effort.err()).contains("--reasoning-effort").contains("minimal, low, medium or high");

        CliRunner.Result format = CliRunner.run(env, "chat", "--message", "hi", "--response-format", "yaml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--response-format").contains("'yaml'");

        Path big = dir.resolve("huge.png");
        byte[] bytes = new byte[6 * 1024 * 1024];
        System.arraycopy(PNG, 0, bytes, 0, PNG.length);
        Files.write(big, bytes);
        CliRunner.Result image = CliRunner.run(env, "chat", "--message", "hi", "--image", big.toString());
        assertThat(image.exit()).isEqualTo(2);
        assertThat(image.err()).contains("--image").contains(big.toString()).contains("6.0 MB")
                .contains("the limit is 5 MB");
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThat(CliRunner.run(env, "chat", "--message", "hi", "--image", text.toString()).err())
                .contains(text.toString()).contains("is not a PNG, JPEG, GIF or WebP image");
    }

    @Test
    void anInvalidSchemaFileIsRefusedBeforeSending() throws IOException {
        Path schema = dir.resolve("bad.schema.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"text\"}}}");
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "hi", "--response-format", schema.toString(),
                "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode err = Json.tryParse(r.out()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("ConfigurationError");
        assertThat(err.path("message").asText()).contains("--response-format").contains("$.properties.a.type");
    }
}
