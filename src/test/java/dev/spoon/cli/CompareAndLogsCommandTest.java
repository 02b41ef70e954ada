package dev.spoon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CompareAndLogsCommandTest {
    @TempDir
    Path dir;
    final Map<String, String> env = Map.of();

    private Path config(String toml) throws IOException {
        Path f = dir.resolve("config.toml");
        Files.writeString(f, toml);
        return f;
    }

    static final String TWO_SIMS = """
            retry_attempts = 0
            debug = { enabled = true, file = "%s" }
            [prices."fast-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            [providers.fast]
            type = "sim"
            ttft_ms = 5
            tokens_per_s = 0
            models = ["fast-1", "fast-2"]
            mode = "fixed"
            answer = "fast answer"
            [providers.broken]
            type = "sim"
            ttft_ms = 0
            fail_type = "auth"
            """;

    @Test
    void compareRunsEveryTargetAndAFailingOneDoesNotHideTheOthers() throws IOException {
        Path log = dir.resolve("debug.jsonl");
        Path cfg = config(TWO_SIMS.formatted(log.toString().replace("\\", "\\\\")));
        CliRunner.Result r = CliRunner.run(env, "compare", "--config", cfg.toString(), "--target", "fast:fast-1",
                "--target", "broken", "--target", "sim", "--message", "hello", "--json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode a = Json.tryParse(r.out());
        assertThat(a.size()).isEqualTo(3);
        JsonNode fast = a.get(0);
        assertThat(fast.get("target").asText()).isEqualTo("fast:fast-1");
        assertThat(fast.get("model").asText()).isEqualTo("fast-1");
        assertThat(fast.get("content").asText()).isEqualTo("fast answer");
        assertThat(fast.get("ttft_ms").isNumber()).isTrue();
        assertThat(fast.get("duration_ms").asLong()).isGreaterThanOrEqualTo(fast.get("ttft_ms").asLong());
        assertThat(fast.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
        double expected = (fast.get("usage").get("prompt_tokens").asInt() * 1.0 + 2 * 2.0) / 1_000_000;
        assertThat(fast.get("cost_usd").asDouble()).isEqualTo(expected);
        assertThat(fast.get("error").isNull()).isTrue();
        JsonNode broken = a.get(1);
        assertThat(broken.get("error").get("type").asText()).isEqualTo("AuthenticationError");
        assertThat(broken.get("content").isNull()).isTrue();
        assertThat(a.get(2).get("content").asText()).isEqualTo("You said: hello");
        assertThat(a.get(2).get("cost_usd").isNull()).isTrue(); // no price for sim-1

        // the compare requests went to the debug log (debug.enabled = true): export them
        Path har = dir.resolve("out/log.har");
        CliRunner.Result ex = CliRunner.run(env, "logs", "export", "--config", cfg.toString(), "--format", "har",
                "--out", har.toString());
        assertThat(ex.exit()).isZero();
        assertThat(ex.err()).contains("exported 3 records");
        JsonNode h = Json.MAPPER.readTree(har.toFile());
        assertThat(h.path("log").path("entries").size()).isEqualTo(3);
        CliRunner.Result csv = CliRunner.run(env, "logs", "export", "--config", cfg.toString(), "--format", "csv");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out().lines()).hasSize(4).first().asString().startsWith("ts,request_id");
        assertThat(csv.out()).contains("AuthenticationError");
        CliRunner.Result jsonl = CliRunner.run(env, "logs", "export", "--config", cfg.toString(), "--format",
                "jsonl");
        assertThat(jsonl.out().lines()).hasSize(3).allSatisfy(l -> assertThat(Json.tryParse(l)).isNotNull());
    }

    @Test
    void compareTableShowsEachTargetAndItsAnswer() throws IOException {
        Path cfg = config(TWO_SIMS.formatted(dir.resolve("d.jsonl").toString().replace("\\", "\\\\")));
        CliRunner.Result r = CliRunner.run(env, "compare", "--config", cfg.toString(), "--target", "fast",
                "--target", "sim:sim-1", "--message", "hi");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("TARGET").contains("TTFT").contains("COST").contains("== fast (fast-1)")
                .contains("fast answer").contains("== sim:sim-1").contains("You said: hi");
    }

    @Test
    void badTargetsAndFormatsAreNamed() throws IOException {
        CliRunner.Result r = CliRunner.run(env, "compare", "--target", "nosuch", "--message", "x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nosuch").contains("Known providers");
        CliRunner.Result r2 = CliRunner.run(env, "compare", "--target", "sim:", "--message", "x");
        assertThat(r2.err()).contains("PROVIDER:MODEL");
        CliRunner.Result f = CliRunner.run(env, "logs", "export", "--format", "xml");
        assertThat(f.exit()).isEqualTo(2);
        assertThat(f.err()).contains("jsonl, csv or har");
        CliRunner.Result empty = CliRunner.run(env, "logs", "export", "--format", "csv", "--dir",
                dir.resolve("none").toString());
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err()).contains("no debug-log records");
    }
}
