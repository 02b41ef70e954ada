package dev.spoon.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorDisplayLineTest {
    @Test
    void aRateLimitShowsTypeProviderStatusProviderMessageAndTheWait() {
        LlmException e = new RateLimitException("openai: HTTP 429", "openai", 429, "Rate limit reached", true,
                Duration.ofSeconds(7), null);
        assertThat(e.displayLine()).isEqualTo("RateLimitError (openai, HTTP 429): Rate limit reached (retry after 7 s)");
        assertThat(e.displayTitle()).isEqualTo("RateLimitError (openai, HTTP 429)");
        assertThat(e.displayMessage()).isEqualTo("Rate limit reached");
    }

    @Test
    void withoutAProviderMessageOurOwnMessageIsShownAndUnknownPartsAreLeftOut() {
        assertThat(new ConfigurationException("no such provider").displayLine())
                .isEqualTo("ConfigurationError: no such provider");
        assertThat(new NetworkException("connection refused", "ollama").displayLine())
                .isEqualTo("NetworkError (ollama): connection refused");
        assertThat(LlmException.displayLine("ProviderError", null, 502, "bad gateway", null))
                .isEqualTo("ProviderError (HTTP 502): bad gateway");
    }

    @Test
    void fractionalWaitsKeepTheirFraction() {
        assertThat(LlmException.displayLine("RateLimitError", "x", 429, "slow down", Duration.ofMillis(1500)))
                .endsWith("(retry after 1.5 s)");
        assertThat(LlmException.seconds(Duration.ofMillis(250))).isEqualTo("0.3 s");
        assertThat(LlmException.seconds(Duration.ofMillis(537))).isEqualTo("0.5 s");
        assertThat(LlmException.seconds(Duration.ofMillis(20))).isEqualTo("0.1 s");
        assertThat(LlmException.seconds(Duration.ZERO)).isEqualTo("0 s");
        assertThat(LlmException.seconds(Duration.ofMillis(9_960))).isEqualTo("10 s");
        assertThat(LlmException.seconds(Duration.ofMillis(12_500))).isEqualTo("13 s");
        assertThat(LlmException.seconds(Duration.ofSeconds(20))).isEqualTo("20 s");
    }
}
