package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spoon serve} as a real process: the listening line, a call through it, a clean stop on SIGTERM. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermThenStopsWithTheCallInTheDebugLogFile() throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, """
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """);
        Path home = dir.resolve("home");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dspoon.home=" + home, "-XX:TieredStopAtLevel=1",
                "dev.spoon.Launcher", "serve", "--port", "0", "--json", "--config", cfg.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            JsonNode listening = Json.tryParse(line);
            assertThat(listening).as(line).isNotNull();
            String url = listening.path("listening").asText();
            assertThat(url).startsWith("http://127.0.0.1:");

            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url + "/v1/chat/completions")
                    .header("User-Agent", "serve-test/1.0")
                    .post(okhttp3.RequestBody.create("{\"model\":\"sim/sim-1\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"through the process\"}]}", okhttp3.MediaType.get("application/json")))
                    .build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).contains("You said: through the process");
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
        List<Path> logs;
        try (Stream<Path> s = Files.walk(home)) {
            logs = s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
        }
        assertThat(logs).hasSize(1);
        String log = Files.readString(logs.get(0));
        assertThat(log).contains("\"origin\":\"gateway\"").contains("\"user_agent\":\"serve-test/1.0\"")
                .contains("through the process");
    }

    @Test
    void refusesANonLoopbackHostWithoutAToken() {
        CliRunner.Result r = CliRunner.run(Map.of(), "serve", "--host", "0.0.0.0", "--port", "0", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode e = Json.tryParse(r.out()).path("error");
        assertThat(e.path("type").asText()).isEqualTo("ConfigurationError");
        assertThat(e.path("message").asText()).contains("refusing to listen on 0.0.0.0 without a token");
    }

    @Test
    void aBadPortIsAUsageError() {
        CliRunner.Result r = CliRunner.run(Map.of(), "serve", "--port", "70000", "--json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Json.tryParse(r.out()).path("error").path("message").asText()).contains("not a port");
    }
}
