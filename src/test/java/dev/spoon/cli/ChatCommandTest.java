package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCommandTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
    }

    private Path config(String toml) throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, toml);
        return f;
    }

    @Test
    void withNoConfigurationChatAnswersFromTheSimulatorAsOneJsonObject() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "hello", "--json");
        assertThat(r.exit()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("provider").asText()).isEqualTo("sim");
        assertThat(o.get("content").asText()).isEqualTo("You said: hello");
        assertThat(o.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(o.get("native_finish_reason").asText()).isEqualTo("stop");
        assertThat(o.get("tool_calls").isArray()).isTrue();
        assertThat(o.get("usage").get("total_tokens").asInt()).isEqualTo(
                o.get("usage").get("prompt_tokens").asInt() + o.get("usage").get("completion_tokens").asInt());
        assertThat(o.get("duration_ms").asLong()).isNotNegative();
        assertThat(o.has("ttft_ms")).isTrue();
        assertThat(o.get("attempts").get(0).get("provider").asText()).isEqualTo("sim");
        assertThat(o.get("attempts").get(0).get("error").isNull()).isTrue();
        assertThat(o.has("id") && o.has("model") && o.has("reasoning")).isTrue();
    }

    @Test
    void streamJsonPrintsDeltaLinesThenOneResultLine() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "one two three", "--stream", "--json");
        assertThat(r.exit()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.out().split("\n")) {
            lines.add(Json.tryParse(l));
        }
        JsonNode last = lines.get(lines.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("result");
        assertThat(last.get("content").asText()).isEqualTo("You said: one two three");
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : lines.subList(0, lines.size() - 1)) {
            assertThat(l.get("type").asText()).isEqualTo("delta");
            sb.append(l.get("content").asText());
        }
        assertThat(lines.size() - 1).isEqualTo(5);
        assertThat(sb.toString()).isEqualTo("You said: one two three");
        assertThat(last.get("ttft_ms").isNumber()).isTrue();
    }

    @Test
    void streamWithoutJsonPrintsText() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "hi", "--stream");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("You said: hi\n");
    }

    @Test
    void errorsAreOneJsonObjectWithExitStatusOne() throws IOException {
        Path cfg = config("""
                retry_attempts = 0
                [providers.limited]
                type = "sim"
                ttft_ms = 0
                fail_type = "rate_limit"
                retry_after_s = 20
                """);
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "limited", "--config", cfg.toString(),
                "--message", "x", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("RateLimitError");
        assertThat(e.get("provider").asText()).isEqualTo("limited");
        assertThat(e.get("status").asInt()).isEqualTo(429);
        assertThat(e.get("message").asText()).isEqualTo("Rate limit reached (simulated)");
        assertThat(e.get("retry_after_s").asInt()).isEqualTo(20);

        CliRunner.Result text = CliRunner.run(env, "chat", "-p", "limited", "--config", cfg.toString(),
                "--message", "x");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.err()).startsWith(
                "error: RateLimitError (limited, HTTP 429): Rate limit reached (simulated) (retry after 20 s)\n");
    }

    @Test
    void aStreamThatFailsMidwayPrintsItsPartialResultThenTheError() throws IOException {
        Path cfg = config("""
                [providers.flaky]
                type = "sim"
                ttft_ms = 0
                tokens_per_s = 0
                mode = "lorem"
                answer_tokens = 20
                disconnect_after = 4
                """);
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "flaky", "--config", cfg.toString(),
                "--message", "x", "--stream", "--json");
        assertThat(r.exit()).isEqualTo(1);
        String[] lines = r.out().split("\n");
        JsonNode result = Json.tryParse(lines[lines.length - 2]);
        JsonNode error = Json.tryParse(lines[lines.length - 1]);
        assertThat(result.get("type").asText()).isEqualTo("result");
        assertThat(result.get("finish_reason").asText()).isEqualTo("error");
        assertThat(result.get("content").asText()).isNotBlank();
        assertThat(error.get("error").get("type").asText()).isEqualTo("NetworkError");
        assertThat(lines.length - 2).isEqualTo(4); // four delta lines were delivered before the break
    }

    @Test
    void unknownProviderListsTheKnownOnes() {
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "nope", "--message", "x", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("ConfigurationError");
        assertThat(e.get("message").asText()).contains("'nope' not found").contains("sim");
    }

    @Test
    void providerWithoutAKeyIsAnAuthenticationErrorWithAHint() {
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "openai", "--message", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("AuthenticationError").contains("No API key").contains("OPENAI_API_KEY");
    }

    @Test
    void fallbackAnswersFromTheNextProviderAndListsAttempts() throws IOException {
        Path cfg = config("""
                retry_attempts = 0
                [providers.down]
                type = "sim"
                ttft_ms = 0
                fail_type = "provider"
                """);
        CliRunner.Result r = CliRunner.run(env, "chat", "-p", "down", "--fallback", "sim", "--config",
                cfg.toString(), "--message", "x", "--json");
        assertThat(r.exit()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("provider").asText()).isEqualTo("sim");
        assertThat(o.get("attempts")).hasSize(2);
        assertThat(o.get("attempts").get(0).get("provider").asText()).isEqualTo("down");
        assertThat(o.get("attempts").get(0).get("error").get("type").asText()).isEqualTo("ProviderError");
        assertThat(o.get("attempts").get(1).get("error").isNull()).isTrue();
    }

    @Test
    void messagesAndToolsFilesInOpenAiFormat() throws IOException {
        Path messages = dir.resolve("m.json");
        Files.writeString(messages, """
                [{"role": "system", "content": "be brief"},
                 {"role": "user", "content": "weather in Florence?"},
                 {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                   "function": {"name": "weather", "arguments": "{\\"location\\":\\"Florence\\"}"}}]},
                 {"role": "tool", "tool_call_id": "call_1", "content": "{\\"temp_c\\": 18}"}]
                """);
        Path tools = dir.resolve("t.json");
        Files.writeString(tools, """
                [{"type": "function", "function": {"name": "weather", "description": "weather",
                  "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                  "required": ["location"]}}}]
                """);
        CliRunner.Result r = CliRunner.run(env, "chat", "--messages", messages.toString(), "--tools",
                tools.toString(), "--json");
        assertThat(r.exit()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("content").asText()).contains("weather").contains("temp_c");

        CliRunner.Result call = CliRunner.run(env, "chat", "--message", "weather in Oslo", "--tools",
                tools.toString(), "--tool-choice", "weather", "--json");
        JsonNode c = Json.tryParse(call.out());
        assertThat(c.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(c.get("tool_calls").get(0).get("name").asText()).isEqualTo("weather");
        assertThat(Json.tryParse(c.get("tool_calls").get(0).get("arguments").asText()).get("location").asText())
                .isEqualTo("Oslo");
    }

    @Test
    void badInputFilesAreNamed() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"role\": \"wizard\", \"content\": \"x\"}]");
        CliRunner.Result r = CliRunner.run(env, "chat", "--messages", bad.toString(), "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(Json.tryParse(r.out()).get("error").get("message").asText())
                .contains("bad.json").contains("message 0").contains("unknown role 'wizard'");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[{\"role\": ");
        CliRunner.Result r2 = CliRunner.run(env, "chat", "--tools", broken.toString(), "--message", "x", "--json");
        assertThat(r2.exit()).isEqualTo(1);
        assertThat(Json.tryParse(r2.out()).get("error").get("message").asText()).contains("broken.json")
                .contains("invalid JSON");
    }

    @Test
    void malformedConfigIsAConfigurationErrorNamingFileAndLine() throws IOException {
        Path cfg = config("retry_attempts = \"many\"\n");
        CliRunner.Result r = CliRunner.run(env, "chat", "--config", cfg.toString(), "--message", "x", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).get("error");
        assertThat(e.get("type").asText()).isEqualTo("ConfigurationError");
        assertThat(e.get("message").asText()).contains("config.toml:1").contains("retry_attempts");
    }

    @Test
    void outOfRangeFlagsAreUsageErrors() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--message", "x", "--temperature", "7", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--temperature");
    }

    @Test
    void nothingToSendIsExplained() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--message");
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--no-such-flag");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-flag");
    }
}
