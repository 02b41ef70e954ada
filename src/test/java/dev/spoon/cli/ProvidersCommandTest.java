package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProvidersCommandTest {
    @TempDir
    Path dir;

    private JsonNode find(JsonNode arr, String name) {
        for (JsonNode n : arr) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no provider " + name + " in " + arr);
    }

    @Test
    void listsEveryBuiltInProviderWithCapabilitiesAndConfiguredState() throws Exception {
        Path cfg = dir.resolve("c.toml");
        Files.writeString(cfg, "[providers.fastsim]\ntype = \"sim\"\n");
        CliRunner.Result r = CliRunner.run(Map.of("OPENAI_API_KEY", "sk-test-abcdefgh"), "providers", "--json",
                "--config", cfg.toString());
        assertThat(r.exit()).isZero();
        JsonNode arr = Json.tryParse(r.out());
        for (String name : new String[]{"openai", "openrouter", "deepseek", "anthropic", "gemini", "ollama",
                "lmstudio", "sim", "fastsim"}) {
            JsonNode n = find(arr, name);
            assertThat(n.get("capabilities").isArray()).isTrue();
            assertThat(n.has("configured")).isTrue();
        }
        JsonNode openai = find(arr, "openai");
        assertThat(openai.get("has_api_key").asBoolean()).isTrue();
        assertThat(openai.get("configured").asBoolean()).isEqualTo(openai.get("registered").asBoolean());
        assertThat(find(arr, "anthropic").get("configured").asBoolean()).isFalse();
        assertThat(find(arr, "sim").get("configured").asBoolean()).isTrue();
        assertThat(find(arr, "sim").get("default").asBoolean()).isTrue();
        assertThat(find(arr, "sim").get("capabilities").toString()).contains("streaming", "tools");
        assertThat(find(arr, "fastsim").get("type").asText()).isEqualTo("sim");
        assertThat(r.out()).doesNotContain("sk-test-abcdefgh");
    }

    @Test
    void aDefaultLocalServerIsConfiguredOnlyWhenSomethingListensThere() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.toml"), "");
        CliRunner.Result r = CliRunner.run(Map.of(), "providers", "--json", "--config", empty.toString());
        assertThat(r.exit()).isZero();
        JsonNode arr = Json.tryParse(r.out());
        for (String name : new String[]{"ollama", "lmstudio"}) {
            JsonNode n = find(arr, name);
            // nothing in the user's configuration: whether it counts is whether a server runs on this machine
            assertThat(n.get("configured").asBoolean()).as(name).isEqualTo(n.get("running").asBoolean());
            assertThat(n.get("configured").asBoolean()).as(name)
                    .isEqualTo(ProvidersCommand.listening(name.equals("ollama") ? "http://localhost:11434/v1"
                            : "http://localhost:1234/v1"));
        }
        assertThat(find(arr, "sim").has("running")).isFalse();
    }

    @Test
    void aLocalServerTheUserSetUpIsConfiguredAndShowsWhetherItRuns() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            Path cfg = dir.resolve("c.toml");
            Files.writeString(cfg, "[providers.ollama]\nbase_url = \"http://127.0.0.1:" + listening.getLocalPort()
                    + "/v1\"\n[providers.lmstudio]\nbase_url = \"http://127.0.0.1:" + closed + "/v1\"\n");
            CliRunner.Result r = CliRunner.run(Map.of(), "providers", "--json", "--config", cfg.toString());
            JsonNode arr = Json.tryParse(r.out());
            assertThat(find(arr, "ollama").get("running").asBoolean()).isTrue();
            assertThat(find(arr, "ollama").get("configured").asBoolean()).isTrue();
            assertThat(find(arr, "lmstudio").get("running").asBoolean()).isFalse();
            assertThat(find(arr, "lmstudio").get("configured").asBoolean()).isTrue(); // the user set it up

            CliRunner.Result text = CliRunner.run(Map.of(), "providers", "--config", cfg.toString());
            assertThat(text.out()).containsPattern("(?m)^lmstudio +lmstudio +yes");
        }
    }

    @Test
    void versionPrintsTheVersion() {
        CliRunner.Result r = CliRunner.run(Map.of(), "--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("spoon-workbench ");
    }

    @Test
    void modelsListsTheSimulatorsModels() {
        CliRunner.Result r = CliRunner.run(Map.of("SPOON_CONFIG", dir.resolve("x.toml").toString()),
                "models", "-p", "sim", "--json");
        assertThat(r.exit()).isZero();
        assertThat(Json.tryParse(r.out()).get("models").toString()).contains("sim-1");
    }

    @Test
    void healthReportsStatusAndRealErrors() throws Exception {
        Path cfg = dir.resolve("c.toml");
        Files.writeString(cfg, "[providers.broken]\ntype = \"sim\"\nttft_ms = 0\nfail_type = \"auth\"\n");
        CliRunner.Result r = CliRunner.run(Map.of(), "health", "--json", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        JsonNode arr = Json.tryParse(r.out());
        assertThat(find2(arr, "sim").get("healthy").asBoolean()).isTrue();
        JsonNode broken = find2(arr, "broken");
        assertThat(broken.get("healthy").asBoolean()).isFalse();
        assertThat(broken.get("error").asText()).contains("Incorrect API key");
    }

    private JsonNode find2(JsonNode arr, String name) {
        for (JsonNode n : arr) {
            if (n.get("provider").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no provider " + name);
    }

    @Test
    void theTableAlignsEveryColumnWhateverTheNamesLength() throws Exception {
        java.nio.file.Path cfg = dir.resolve("long.toml");
        java.nio.file.Files.writeString(cfg, """
                [providers.my-very-long-gateway-name]
                type = "openai-compatible"
                base_url = "http://127.0.0.1:9/v1"
                """);
        CliRunner.Result r = CliRunner.run(Map.of(), "providers", "--config", cfg.toString());
        assertThat(r.exit()).isZero();
        java.util.List<String> lines = r.out().lines().toList();
        String header = lines.get(0);
        int type = header.indexOf("TYPE");
        int configured = header.indexOf("CONFIGURED");
        int caps = header.indexOf("CAPABILITIES");
        assertThat(lines).anyMatch(l -> l.startsWith("openai-compatible "));
        assertThat(lines).anyMatch(l -> l.startsWith("my-very-long-gateway-name "));
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l.charAt(type - 1)).as(l).isEqualTo(' ');
            assertThat(l.charAt(type)).as(l).isNotEqualTo(' ');
            assertThat(l.charAt(configured - 1)).as(l).isEqualTo(' ');
            assertThat(l.charAt(configured)).as(l).isNotEqualTo(' ');
            assertThat(l.charAt(caps - 1)).as(l).isEqualTo(' ');
            assertThat(l.substring(caps)).as(l).startsWith("chat");
        }
    }
}
