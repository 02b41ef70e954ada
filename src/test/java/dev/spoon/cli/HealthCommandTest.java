package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spoon health} on a fresh machine: local servers that nobody started are "not running", not failures. */
class HealthCommandTest {
    @TempDir
    Path dir;
    Map<String, String> freshMachine;

    /** No configuration file; Ollama and LM Studio point at a loopback port where nothing listens. */
    @BeforeEach
    void freshMachine() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        freshMachine = Map.of("SPOON_CONFIG", dir.resolve("none.toml").toString(),
                "OLLAMA_BASE_URL", "http://127.0.0.1:" + closed + "/v1",
                "LMSTUDIO_BASE_URL", "http://localhost:" + closed + "/v1");
    }

    private static JsonNode find(JsonNode arr, String name) {
        for (JsonNode n : arr) {
            if (n.get("provider").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no provider " + name + " in " + arr);
    }

    @Test
    void aFreshMachineExitsZeroWithLocalServersNotRunning() {
        CliRunner.Result r = CliRunner.run(freshMachine, "health", "--json");
        assertThat(r.exit()).isZero();
        JsonNode arr = Json.tryParse(r.out());
        assertThat(find(arr, "sim").get("status").asText()).isEqualTo("healthy");
        for (String local : new String[]{"ollama", "lmstudio"}) {
            JsonNode n = find(arr, local);
            assertThat(n.get("status").asText()).isEqualTo("not_running");
            assertThat(n.get("healthy").asBoolean()).isFalse();
            assertThat(n.get("error_type").asText()).isEqualTo("NetworkError");
            assertThat(n.has("latency_ms")).isTrue();
            assertThat(n.has("checked_at")).isTrue();
        }
    }

    @Test
    void theTableSaysNotRunningAndWhereNothingListens() {
        CliRunner.Result r = CliRunner.run(freshMachine, "health");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("ollama +not running +\\d+ ms  not started: nothing listens at"
                + " http://127\\.0\\.0\\.1:\\d+/v1");
        assertThat(r.out()).containsPattern("sim +healthy ");
    }

    @Test
    void askingForOneLocalServerThatIsNotRunningExitsOne() {
        CliRunner.Result r = CliRunner.run(freshMachine, "health", "-p", "ollama", "--json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(find(Json.tryParse(r.out()), "ollama").get("status").asText()).isEqualTo("not_running");
    }

    @Test
    void anUnhealthyProviderStillExitsOne() throws IOException {
        Path cfg = dir.resolve("c.toml");
        Files.writeString(cfg, "[providers.broken]\ntype = \"sim\"\nttft_ms = 0\nfail_type = \"auth\"\n");
        CliRunner.Result r = CliRunner.run(freshMachine, "health", "--json", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode broken = find(Json.tryParse(r.out()), "broken");
        assertThat(broken.get("status").asText()).isEqualTo("unhealthy");
        assertThat(broken.get("error").asText()).contains("Incorrect API key");
    }
}
