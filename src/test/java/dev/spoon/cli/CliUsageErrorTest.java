package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** DESIGN.md "Under bad conditions", CLI usage errors: exit 2, and with --json the UsageError object. */
class CliUsageErrorTest {
    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString());
    }

    /** A description, the arguments, and what the message must name. */
    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("unknown flag", List.of("chat", "--no-such-flag", "--message", "x"), "--no-such-flag"),
                arguments("not a number", List.of("chat", "--message", "x", "--timeout", "abc"), "--timeout"),
                arguments("zero timeout", List.of("chat", "--message", "x", "--timeout", "0"), "--timeout"),
                arguments("timeout below a millisecond", List.of("chat", "--message", "x", "--timeout", "0.0001"),
                        "--timeout"),
                arguments("negative timeout", List.of("chat", "--message", "x", "--timeout", "-5"), "--timeout"),
                arguments("NaN timeout", List.of("chat", "--message", "x", "--timeout", "NaN"), "--timeout"),
                arguments("zero read timeout", List.of("chat", "--message", "x", "--read-timeout", "0"),
                        "--read-timeout"),
                arguments("read timeout not a number", List.of("chat", "--message", "x", "--read-timeout", "soon"),
                        "--read-timeout"),
                arguments("ftp base URL", List.of("chat", "-p", "openai", "--base-url", "ftp://127.0.0.1/v1",
                        "--message", "x"), "--base-url"),
                arguments("base URL with a space", List.of("chat", "-p", "openai", "--base-url",
                        "http://local host:1234/v1", "--message", "x"), "--base-url"),
                arguments("javascript: base URL", List.of("chat", "-p", "openai", "--base-url", "javascript:alert(1)",
                        "--message", "x"), "--base-url"),
                arguments("port out of range", List.of("chat", "-p", "openai", "--base-url",
                        "http://127.0.0.1:99999/v1", "--message", "x"), "--base-url"),
                arguments("empty base URL", List.of("chat", "-p", "openai", "--base-url", "", "--message", "x"),
                        "--base-url"),
                arguments("base URL without scheme", List.of("chat", "-p", "openai", "--base-url", "127.0.0.1:8080",
                        "--message", "x"), "--base-url"),
                arguments("empty message", List.of("chat", "--message", ""), "--message"),
                arguments("blank message", List.of("chat", "--message", "   "), "--message"),
                arguments("nothing to send", List.of("chat"), "--message"),
                arguments("tool choice without tools", List.of("chat", "--message", "x", "--tool-choice", "bogus"),
                        "--tool-choice"),
                arguments("temperature out of range", List.of("chat", "--message", "x", "--temperature", "7"),
                        "--temperature"),
                arguments("zero max tokens", List.of("chat", "--message", "x", "--max-tokens", "0"), "--max-tokens"),
                arguments("max tokens overflowing", List.of("chat", "--message", "x", "--max-tokens",
                        "99999999999"), "--max-tokens"),
                arguments("empty provider", List.of("chat", "-p", "", "--message", "x"), "--provider"),
                arguments("compare: bad target", List.of("compare", "--target", "sim:", "--message", "x"),
                        "--target"),
                arguments("compare: empty message", List.of("compare", "--target", "sim", "--message", ""),
                        "--message"),
                arguments("compare: no target", List.of("compare", "--message", "x"), "--target"),
                arguments("compare: zero timeout", List.of("compare", "--target", "sim", "--message", "x",
                        "--timeout", "0"), "--timeout"),
                arguments("models: bad base URL", List.of("models", "-p", "openai", "--base-url", "ftp://x/v1"),
                        "--base-url"),
                arguments("logs: unknown format", List.of("logs", "export", "--format", "xml"), "--format"),
                arguments("unknown command", List.of("chatt", "--message", "x"), "chatt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withJsonAUsageErrorIsTheContractsObjectAndExitStatusTwo(String what, List<String> args, String names) {
        List<String> withJson = new ArrayList<>(args);
        withJson.add("--json"); // after the bad flag: picocli never reaches it
        CliRunner.Result r = CliRunner.run(env, withJson.toArray(String[]::new));
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        JsonNode o = Json.tryParse(r.out());
        assertThat(o).as("stdout is one JSON object: %s", r.out()).isNotNull();
        JsonNode e = o.get("error");
        assertThat(e.get("type").asText()).isEqualTo("UsageError");
        assertThat(e.get("message").asText()).contains(names);
        assertThat(e.size()).as("only type and message").isEqualTo(2);
        assertThat(r.out().strip().lines()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withoutJsonTheErrorLineAndWhereToFindHelpGoToStandardError(String what, List<String> args,
                                                                     String names) {
        CliRunner.Result r = CliRunner.run(env, args.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("error: UsageError: ").contains(names).contains("--help");
    }

    @Test
    void jsonBeforeTheBadFlagWorksToo() {
        CliRunner.Result r = CliRunner.run(env, "chat", "--json", "--timeout", "abc", "--message", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Json.tryParse(r.out()).get("error").get("message").asText())
                .isEqualTo("Invalid value for option '--timeout': 'abc' is not a number; use a number of seconds"
                        + " such as 30 or 2.5");
    }

    @Test
    void aBadBaseUrlNamesTheProblem() {
        assertThat(message("chat", "-p", "openai", "--base-url", "ftp://127.0.0.1/v1", "--message", "x"))
                .isEqualTo("Invalid value for option '--base-url': 'ftp://127.0.0.1/v1' uses 'ftp:'; use http:// or"
                        + " https://");
        assertThat(message("chat", "-p", "openai", "--base-url", "http://127.0.0.1:99999/v1", "--message", "x"))
                .endsWith("has port 99999, out of range (1-65535)");
        assertThat(message("chat", "-p", "openai", "--base-url", "", "--message", "x")).contains("is empty");
        assertThat(message("chat", "-p", "openai", "--base-url", "http://local host/v1", "--message", "x"))
                .endsWith("contains a space");
    }

    @Test
    void aToolChoiceMustNameAGivenTool() throws IOException {
        Path tools = dir.resolve("tools.json");
        Files.writeString(tools, """
                [{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]""");
        CliRunner.Result bogus = CliRunner.run(env, "chat", "--message", "x", "--tools", tools.toString(),
                "--tool-choice", "bogus", "--json");
        assertThat(bogus.exit()).isEqualTo(2);
        assertThat(Json.tryParse(bogus.out()).get("error").get("message").asText())
                .contains("'bogus'").contains("weather");
        CliRunner.Result ok = CliRunner.run(env, "chat", "--message", "x", "--tools", tools.toString(),
                "--tool-choice", "required", "--json");
        assertThat(ok.exit()).as(ok.out()).isZero();
        CliRunner.Result none = CliRunner.run(env, "chat", "--message", "x", "--tool-choice", "none", "--json");
        assertThat(none.exit()).as(none.out()).isZero();
    }

    @Test
    void anEmptyStandardInputIsNothingToSend() {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            CliRunner.Result r = CliRunner.run(env, "chat", "--message", "-", "--json");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(Json.tryParse(r.out()).get("error").get("message").asText()).contains("standard input");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void timeoutsFlowIntoTheProvidersConfiguration() {
        ChatCommand c = new ChatCommand();
        new CommandLine(c).parseArgs("-p", "openai", "--read-timeout", "2.5", "--timeout", "30", "--message", "x");
        ProviderConfig pc = c.configuration(context()).loadProviderConfig("openai");
        assertThat(pc.readTimeout()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(pc.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void perProviderFlagsWithoutProviderApplyToTheConfiguredDefault() throws IOException {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, "default_provider = \"openai\"\nretry_attempts = 0\n");
        ChatCommand c = new ChatCommand();
        new CommandLine(c).parseArgs("--config", cfg.toString(), "--read-timeout", "4", "--message", "x");
        assertThat(c.configuration(context()).loadProviderConfig("openai").readTimeout())
                .isEqualTo(Duration.ofSeconds(4));

        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
            CliRunner.Result r = CliRunner.run(env, "chat", "--config", cfg.toString(), "--base-url",
                    server.url("/v1").toString(), "--api-key", "test-key-1234", "--message", "hi", "--json");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(Json.tryParse(r.out()).get("provider").asText()).isEqualTo("openai");
            assertThat(server.getRequestCount()).isEqualTo(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private CliContext context() {
        return new CliContext(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), env);
    }

    private String message(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add("--json");
        CliRunner.Result r = CliRunner.run(env, a.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        return Json.tryParse(r.out()).get("error").get("message").asText();
    }
}
