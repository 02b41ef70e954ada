package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.TestManagers;
import mockwebserver3.MockWebServer;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 "retries are silent": each retry and fallback is a line on standard error and, with
 * {@code --stream --json}, a JSON line among the deltas. A real OpenAI-shaped 429 with {@code Retry-After: 7}
 * from a mock server; the manager's retry waits run at once (the test records the waits it asked for).
 */
class CliRetryLinesTest {
    static final String RATE_LIMITED = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization"
            + " org-test on requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    @TempDir
    Path dir;
    Map<String, String> env;
    MockWebServer server;
    Path config;
    final List<Long> waitsMs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
        server = new MockWebServer();
        server.start();
        config = dir.resolve("config.toml");
        Files.writeString(config, "retry_attempts = 3\n");
        CliContext.managerFactory = (cm, registry, context) -> TestManagers.immediateRetries(cm, registry, context,
                waitsMs);
    }

    @AfterEach
    void stop() {
        CliContext.managerFactory = dev.spoon.llm.manager.LlmManager::new;
        server.close();
    }

    private CliRunner.Result chat(String... more) {
        List<String> args = new ArrayList<>(List.of("chat", "-p", "openai", "--base-url", server.url("/v1").toString(),
                "--api-key", "test-key-1234", "--config", config.toString(), "--message", "hi"));
        args.addAll(List.of(more));
        return CliRunner.run(env, args.toArray(String[]::new));
    }

    @Test
    void eachRetryIsALineOnStandardErrorWithTheWaitAndAttempt() {
        server.enqueue(json(429, RATE_LIMITED, "Retry-After", "7"));
        server.enqueue(json(429, RATE_LIMITED, "Retry-After", "7"));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        CliRunner.Result r = chat("--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(waitsMs).containsExactly(7000L, 7000L);
        assertThat(r.err().lines().toList()).containsExactly(
                "retrying openai in 7 s (attempt 2 of 4): RateLimitError (HTTP 429): Rate limit reached for"
                        + " gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3,"
                        + " Requested 1.",
                "retrying openai in 7 s (attempt 3 of 4): RateLimitError (HTTP 429): Rate limit reached for"
                        + " gpt-4o-mini in organization org-test on requests per min (RPM): Limit 3, Used 3,"
                        + " Requested 1.");
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("content").asText()).isEqualTo("Olá!");
        assertThat(o.get("attempts")).hasSize(3);
    }

    @Test
    void withStreamJsonEachRetryIsAlsoAJsonLineBeforeTheDeltas() {
        server.enqueue(json(429, RATE_LIMITED, "Retry-After", "7"));
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        CliRunner.Result r = chat("--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = r.out().lines().map(Json::tryParse).toList();
        JsonNode retry = lines.get(0);
        assertThat(retry.get("type").asText()).isEqualTo("retry");
        assertThat(retry.get("provider").asText()).isEqualTo("openai");
        assertThat(retry.get("attempt").asInt()).isEqualTo(2);
        assertThat(retry.get("max_attempts").asInt()).isEqualTo(4);
        assertThat(retry.get("delay_s").isIntegralNumber()).isTrue();
        assertThat(retry.get("delay_s").asInt()).isEqualTo(7);
        assertThat(retry.get("error").get("type").asText()).isEqualTo("RateLimitError");
        assertThat(retry.get("error").get("status").asInt()).isEqualTo(429);
        assertThat(retry.get("error").get("retry_after_s").asInt()).isEqualTo(7);
        assertThat(lines.get(1).get("type").asText()).isEqualTo("delta");
        assertThat(lines.get(lines.size() - 1).get("type").asText()).isEqualTo("result");
        assertThat(r.err()).startsWith("retrying openai in 7 s (attempt 2 of 4): RateLimitError (HTTP 429)");
    }

    @Test
    void aFallbackIsALineOnStandardErrorAndAJsonLine() {
        server.enqueue(json(401, fixture("openai-error-401-invalid-api-key.json")));
        CliRunner.Result r = chat("--fallback", "sim", "--stream", "--json");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<JsonNode> lines = r.out().lines().map(Json::tryParse).toList();
        JsonNode fallback = lines.get(0);
        assertThat(fallback.get("type").asText()).isEqualTo("fallback");
        assertThat(fallback.get("from").asText()).isEqualTo("openai");
        assertThat(fallback.get("to").asText()).isEqualTo("sim");
        assertThat(fallback.get("error").get("type").asText()).isEqualTo("AuthenticationError");
        JsonNode result = lines.get(lines.size() - 1);
        assertThat(result.get("provider").asText()).isEqualTo("sim");
        assertThat(r.err()).startsWith("openai failed, falling back to sim: AuthenticationError (HTTP 401): "
                + "Incorrect API key provided");
        assertThat(waitsMs).isEmpty();
    }

    @Test
    void plainTextAndCompareShowRetriesOnStandardErrorOnly() {
        server.enqueue(json(429, RATE_LIMITED, "Retry-After", "7"));
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        CliRunner.Result r = chat("--stream");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).isEqualTo("Olá!\n");
        assertThat(r.err()).startsWith("retrying openai in 7 s (attempt 2 of 4)");

        server.enqueue(json(429, RATE_LIMITED, "Retry-After", "2"));
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        CliRunner.Result c = CliRunner.run(Map.of("SPOON_CONFIG", config.toString(), "OPENAI_API_KEY",
                "test-key-1234", "OPENAI_BASE_URL", server.url("/v1").toString()), "compare", "--target", "openai",
                "--target", "sim", "--message", "hi", "--json");
        assertThat(c.exit()).as(c.out() + c.err()).isZero();
        assertThat(c.err()).startsWith("openai: retrying openai in 2 s (attempt 2 of 4): RateLimitError");
        assertThat(Json.tryParse(c.out()).get(0).get("content").asText()).isEqualTo("Olá!");
    }
}
