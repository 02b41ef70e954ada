package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokensCommandTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
    }

    @Test
    void printsPromptTokensAndMethodOnly() {
        CliRunner.Result r = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o-mini", "--message", "hi");
        assertThat(r.exit()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o).isNotNull();
        assertThat(o.get("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(o.get("method").asText()).isEqualTo("exact");
        assertThat(o.size()).isEqualTo(2);
        // the same with --json: one object, whatever the flag
        assertThat(CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o-mini", "--message", "hi", "--json")
                .out()).isEqualTo(r.out());
    }

    @Test
    void needsNoKeyAndSendsNothing() {
        // no OPENAI_API_KEY, and a base URL nobody listens on: counting never calls out
        CliRunner.Result r = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4", "--base-url",
                "http://127.0.0.1:9/v1", "--system", "Be brief.", "--message", "hello world");
        assertThat(r.exit()).isZero();
        assertThat(Json.tryParse(r.out()).get("method").asText()).isEqualTo("exact");
    }

    @Test
    void theSimulatorsCountIsWhatItsAnswerReports() {
        CliRunner.Result tokens = CliRunner.run(env, "tokens", "--system", "You are terse.", "--message",
                "count these words please", "--message", "and these");
        CliRunner.Result chat = CliRunner.run(env, "chat", "--system", "You are terse.", "--message",
                "count these words please", "--message", "and these", "--json");
        assertThat(Json.tryParse(tokens.out()).get("prompt_tokens").asInt())
                .isEqualTo(Json.tryParse(chat.out()).get("usage").get("prompt_tokens").asInt());
        assertThat(Json.tryParse(tokens.out()).get("method").asText()).isEqualTo("exact");
    }

    @Test
    void otherProvidersGetALabelledEstimateFromTheConfiguredModel() throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, "[providers.claude]\ntype = \"anthropic\"\nmodel = \"claude-sonnet-4-0\"\n");
        CliRunner.Result r = CliRunner.run(env, "tokens", "--config", f.toString(), "-p", "claude", "--message",
                "hi");
        assertThat(r.exit()).isZero();
        JsonNode o = Json.tryParse(r.out());
        assertThat(o.get("method").asText()).isEqualTo("estimate");
        assertThat(o.get("prompt_tokens").asInt()).isPositive();
    }

    @Test
    void takesChatsFlagsAndItsUsageErrors() throws IOException {
        Path msgs = dir.resolve("m.json");
        Files.writeString(msgs, "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                + "{\"role\":\"user\",\"content\":\"bye\"}]");
        CliRunner.Result r = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o", "--messages",
                msgs.toString(), "--max-tokens", "5", "--temperature", "0.2");
        assertThat(r.exit()).isZero();
        assertThat(Json.tryParse(r.out()).get("prompt_tokens").asInt()).isEqualTo(3 + (3 + 1 + 1) + (3 + 1 + 2) + (3 + 1 + 1)); // "Hello!" is two tokens

        CliRunner.Result empty = CliRunner.run(env, "tokens", "--json");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(Json.tryParse(empty.out()).get("error").get("type").asText()).isEqualTo("UsageError");
    }

    @Test
    void requestOptionsCountToo() throws IOException {
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        CliRunner.Result plain = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o", "--message", "hi");
        CliRunner.Result shaped = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o", "--message", "hi",
                "--response-format", schema.toString());
        assertThat(shaped.exit()).as(shaped.err()).isZero();
        JsonNode o = Json.tryParse(shaped.out());
        assertThat(o.get("method").asText()).isEqualTo("estimate");
        assertThat(o.get("prompt_tokens").asInt()).isGreaterThan(Json.tryParse(plain.out()).get("prompt_tokens")
                .asInt());
        CliRunner.Result responses = CliRunner.run(env, "tokens", "-p", "openai", "-m", "gpt-4o", "--message", "hi",
                "--api", "responses");
        assertThat(Json.tryParse(responses.out()).get("method").asText()).isEqualTo("estimate");
    }

    @Test
    void anUnknownProviderIsAConfigurationError() {
        CliRunner.Result r = CliRunner.run(env, "tokens", "-p", "nosuch", "--message", "hi", "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(Json.tryParse(r.out()).get("error").get("message").asText()).contains("nosuch");
    }
}
