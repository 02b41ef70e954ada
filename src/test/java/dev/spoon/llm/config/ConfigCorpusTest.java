package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bad-configuration corpus ({@code src/test/resources/config-corpus}): each file, loaded (with the
 * environment its entry in {@code expected.json} gives), fails with the expected file, line, key and message.
 */
class ConfigCorpusTest {

    static Path corpus() {
        try {
            return Path.of(ConfigCorpusTest.class.getResource("/config-corpus/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode all = Json.MAPPER.readTree(corpus().resolve("expected.json").toFile());
        return java.util.stream.StreamSupport.stream(all.spliterator(), false)
                .map(c -> Arguments.of(c.get("file").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadFileFailsNamingFileLineAndKey(String name, JsonNode expected) {
        Path file = corpus().resolve(name);
        Map<String, String> env = new HashMap<>();
        expected.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        boolean fromEnvironment = !env.isEmpty();
        Integer line = expected.get("line").isNull() ? null : expected.get("line").asInt();
        String key = expected.get("key").isNull() ? null : expected.get("key").asText();
        assertThatThrownBy(() -> new ConfigurationManager(file, env, CliOverrides.NONE, SecretStore.NONE))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> {
                    ConfigurationException ce = (ConfigurationException) e;
                    assertThat(ce.getMessage()).contains(expected.get("message").asText());
                    assertThat(ce.key()).isEqualTo(key);
                    assertThat(ce.line()).isEqualTo(line);
                    if (fromEnvironment) {
                        assertThat(ce.file()).isNull();
                    } else {
                        assertThat(ce.file()).isEqualTo(file);
                        assertThat(ce.getMessage()).startsWith(file + (line != null ? ":" + line : "") + ": ");
                    }
                    assertThat(ce.errorType()).isEqualTo("ConfigurationError");
                });
    }

    @Test
    void everyCorpusFileHasAnExpectedErrorAndThereAreAtLeastThirty() throws IOException {
        Set<String> listed = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(corpus())) {
            Set<String> present = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("expected.json")).collect(Collectors.toSet());
            assertThat(present).isEqualTo(listed);
        }
        assertThat(listed).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void theLimitsThemselvesAreAccepted(@TempDir Path dir) throws IOException {
        // guards the corpus against passing for the wrong reason: the largest allowed values load
        int i = 0;
        for (String text : List.of("retry_attempts = 20", "[debug]\nmax_records = 1000000",
                "[providers.sim]\nseed = -9223372036854775808\nchunk_tokens = 1", "connect_timeout_s = 0.001",
                "health_check_interval_s = 0", "[gateway]\nport = 65535")) {
            Path f = dir.resolve("fine-" + i++ + ".toml");
            Files.writeString(f, text + "\n");
            assertThat(new ConfigurationManager(f, Map.of(), CliOverrides.NONE, SecretStore.NONE).warnings())
                    .isEmpty();
        }
    }
}
