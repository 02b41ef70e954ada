package dev.spoon.workbench.metrics;

import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.RateLimitException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRowTest {
    static NetworkException refused() {
        return new NetworkException("could not connect to ollama", "ollama", null, null, true, null,
                new ConnectException("Connection refused"));
    }

    @Test
    void aLocalServerThatRefusesIsNotRunningWithoutAnError() {
        HealthRow r = new HealthRow("ollama", HealthStatus.failure("ollama", "http://localhost:11434/v1", 3,
                refused()));
        assertThat(r.state()).isEqualTo("not running");
        assertThat(r.lastError()).isEmpty();
        // the same refusal from a remote host is a fault
        HealthRow remote = new HealthRow("mylocal", HealthStatus.failure("mylocal", "https://llm.example.org/v1", 3,
                refused()));
        assertThat(remote.state()).isEqualTo("unhealthy");
        assertThat(remote.lastError()).isEqualTo("NetworkError: could not connect to ollama");
    }

    @Test
    void showsTheLastCheckTimeAndTheLastError() {
        HealthStatus s = HealthStatus.unhealthy("openai", 40, new RateLimitException("Rate limit reached", "openai",
                429, "Rate limit reached", true, null, null));
        HealthRow r = new HealthRow("openai", s);
        assertThat(r.state()).isEqualTo("unhealthy");
        assertThat(r.lastChecked()).isEqualTo(DateTimeFormatter.ofPattern("HH:mm:ss")
                .withZone(ZoneId.systemDefault()).format(s.checkedAt()));
        assertThat(r.lastError()).isEqualTo("RateLimitError: Rate limit reached");
        HealthRow never = new HealthRow("gemini", null);
        assertThat(never.state()).isEqualTo("not checked");
        assertThat(never.lastChecked()).isEmpty();
        HealthRow ok = new HealthRow("sim", new HealthStatus("sim", HealthStatus.State.HEALTHY, 1, null, null,
                Instant.parse("2026-01-01T10:00:00Z")));
        assertThat(ok.lastChecked()).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void onlyLoopbackHostsCountAsLocal() {
        assertThat(HealthStatus.isLocal("http://localhost:11434/v1")).isTrue();
        assertThat(HealthStatus.isLocal("http://127.0.0.1:1234/v1")).isTrue();
        assertThat(HealthStatus.isLocal("http://127.3.4.5:8080")).isTrue();
        assertThat(HealthStatus.isLocal("http://[::1]:8080/v1")).isTrue();
        assertThat(HealthStatus.isLocal("http://api.localhost:8080")).isTrue();
        assertThat(HealthStatus.isLocal(dev.spoon.llm.providers.openai.OpenAiProvider.DEFAULT_BASE_URL)).isFalse();
        assertThat(HealthStatus.isLocal("http://127.0.0.1.example.org/v1")).isFalse();
        assertThat(HealthStatus.isLocal("http://192.168.1.5:11434")).isFalse();
        assertThat(HealthStatus.isLocal(null)).isFalse();
        assertThat(HealthStatus.isLocal("not a url")).isFalse();
    }
}
