package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.testing.FaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** What a person at the command line sees when a provider misbehaves (timeouts, pages, redirects, key errors). */
class FaultCliTest {
    @TempDir
    Path dir;
    final List<FaultServer> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(FaultServer::close);
    }

    FaultServer server(FaultServer.Behavior b) throws IOException {
        FaultServer s = new FaultServer(b);
        servers.add(s);
        return s;
    }

    /** A config with provider {@code mystub} (OpenAI-compatible, key from MYSTUB_KEY) at {@code s}. */
    Path config(FaultServer s, String extra) throws IOException {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, """
                retry_attempts = 0
                [providers.mystub]
                type = "openai-compatible"
                base_url = "%s"
                api_key_env = "MYSTUB_KEY"
                model = "stub-1"
                %s
                """.formatted(s.url("/v1"), extra));
        return cfg;
    }

    CliRunner.Result chat(Path cfg, String... more) {
        List<String> args = new ArrayList<>(List.of("chat", "-p", "mystub", "--config", cfg.toString(),
                "--message", "hi"));
        args.addAll(List.of(more));
        return CliRunner.run(Map.of("SPOON_CONFIG", cfg.toString(), "MYSTUB_KEY", "sk-mystub-SECRET-55555"),
                args.toArray(String[]::new));
    }

    static List<JsonNode> lines(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                lines.add(Json.tryParse(l));
            }
        }
        return lines;
    }

    static String firstEvents(int n) {
        String[] events = fixture("openai-chat-stream-text-include-usage.sse").split("\r?\n\r?\n");
        return String.join("\n\n", java.util.Arrays.copyOf(events, n)) + "\n\n";
    }

    @Test
    void aStreamThatStallsAfterOutputPrintsItsPartialResultThenATimeoutNamingTheLimit() throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(firstEvents(3));
            c.stall();
        });
        CliRunner.Result r = chat(config(s, ""), "--stream", "--json", "--read-timeout", "0.2");
        assertThat(r.exit()).isEqualTo(1);
        List<JsonNode> out = lines(r.out());
        JsonNode result = out.get(out.size() - 2);
        assertThat(result.path("type").asText()).isEqualTo("result");
        assertThat(result.path("finish_reason").asText()).isEqualTo("error");
        assertThat(result.path("content").asText()).isNotEmpty();
        JsonNode error = out.get(out.size() - 1).path("error");
        assertThat(error.path("type").asText()).isEqualTo("NetworkError");
        assertThat(error.path("provider").asText()).isEqualTo("mystub");
        assertThat(error.path("message").asText()).isEqualTo("no data from mystub for 0.2 s (read_timeout_s)");
    }

    @Test
    void aServerThatNeverAnswersFailsAfterTheWholeCallLimitWithTheProviderNamed() throws IOException {
        FaultServer s = server((c, i) -> c.stall());
        CliRunner.Result r = chat(config(s, ""), "--timeout", "0.3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("error: NetworkError (mystub): mystub did not finish within 0.3 s (timeout_s)")
                .contains("hint: ").doesNotContain("cancelled");
    }

    @Test
    void anHtmlPageOnAStreamedCallIsShownAsSuchAndNotRetried() throws IOException {
        FaultServer s = server((c, i) -> c.respond(200, "text/html",
                "<html><head><title>Sign in to the guest network</title></head><body>x</body></html>"));
        CliRunner.Result r = chat(config(s, ""), "--stream");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("ProviderError (mystub, HTTP 200): mystub answered with an HTML page instead of"
                + " the API (HTTP 200): \"Sign in to the guest network\"");
        assertThat(s.requests()).hasSize(1);
    }

    @Test
    void theKeyHintNamesTheConfiguredVariableAndTheEchoedKeyIsHidden() throws IOException {
        FaultServer s = server((c, i) -> c.respond(401, "application/json", "{\"error\":{\"message\":\"Incorrect API"
                + " key provided: sk-mystub-SECRET-55555.\",\"type\":\"invalid_request_error\",\"code\":"
                + "\"invalid_api_key\"}}"));
        Path cfg = config(s, "");
        CliRunner.Result r = chat(cfg);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("AuthenticationError (mystub, HTTP 401): Incorrect API key provided: ***.")
                .contains("MYSTUB_KEY").doesNotContain("MYSTUB_API_KEY").doesNotContain("sk-mystub-SECRET-55555");
        CliRunner.Result json = chat(cfg, "--json");
        assertThat(json.out()).doesNotContain("sk-mystub-SECRET-55555");
        assertThat(lines(json.out()).get(0).path("error").path("hint").asText()).contains("MYSTUB_KEY");
    }

    @Test
    void aCrossOriginRedirectIsReportedWithItsLocation() throws IOException {
        FaultServer other = new FaultServer("127.0.0.2", (c, i) -> c.respond(200, "application/json", "{}"));
        servers.add(other);
        FaultServer s = server((c, i) -> c.respond(307, "text/plain", "", "Location: " + other.url("/v1/x")));
        CliRunner.Result r = chat(config(s, "headers = { \"X-Gateway-Token\" = \"gw-SECRET-0000\" }"), "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode error = lines(r.out()).get(0).path("error");
        assertThat(error.path("type").asText()).isEqualTo("ProviderError");
        assertThat(error.path("status").asInt()).isEqualTo(307);
        assertThat(error.path("message").asText()).contains(other.url("/v1/x"));
        assertThat(other.requests()).isEmpty();
    }
}
