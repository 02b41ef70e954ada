package dev.spoon.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    static ProviderConfig provider(String key, Map<String, String> headers, String proxy) {
        return new ProviderConfig("gw", "openai-compatible", key, "http://127.0.0.1:1/v1", null, null, null,
                Duration.ofSeconds(5), proxy, headers, 1.0, null);
    }

    @Test
    void keysHeaderValuesAndProxyCredentialsAreMaskedInText() {
        Redactor r = Redactor.of(provider("sk-canary-KEY-0001", Map.of("X-Gateway-Token", "gwtok-CANARY-0002",
                "X-Team", "team-canary-0003", "anthropic-version", "2023-06-01", "X-Extra", "1"),
                "http://proxyuser:proxy-PASS-0004@127.0.0.1:3128"));
        String text = "key sk-canary-KEY-0001, token gwtok-CANARY-0002, team team-canary-0003, pass proxy-PASS-0004,"
                + " version 2023-06-01, extra 1";
        assertThat(r.redact(text)).isEqualTo("key ***, token ***, team ***, pass ***, version 2023-06-01, extra 1");
    }

    @Test
    void encodedFormsOfASecretAreMaskedToo() {
        Redactor r = Redactor.of(provider("sk/with+odd\"chars", Map.of(), null));
        assertThat(r.redact("raw sk/with+odd\"chars")).isEqualTo("raw ***");
        assertThat(r.redact("url sk%2Fwith%2Bodd%22chars")).isEqualTo("url ***");
        assertThat(r.redact("{\"k\":\"sk/with+odd\\\"chars\"}")).isEqualTo("{\"k\":\"***\"}");
    }

    @Test
    void headerListsMaskSecretNamesAndEveryConfiguredValueButProtocolHeaders() {
        Redactor r = Redactor.of(provider("k", Map.of("X-Extra", "1", "X-Title", "my app"), null));
        Map<String, List<String>> out = r.headers(Map.of(
                "Authorization", List.of("Bearer abc"),
                "X-Session-Id", List.of("s1"),
                "My-Secret-Thing", List.of("v"),
                "x-ratelimit-remaining-tokens", List.of("999"),
                "X-Extra", List.of("1"),
                "X-Title", List.of("my app"),
                "Content-Type", List.of("application/json")));
        assertThat(out).containsEntry("Authorization", List.of("***")).containsEntry("X-Session-Id", List.of("***"))
                .containsEntry("My-Secret-Thing", List.of("***"))
                .containsEntry("x-ratelimit-remaining-tokens", List.of("999"))
                .containsEntry("X-Extra", List.of("***")).containsEntry("X-Title", List.of("my app"))
                .containsEntry("Content-Type", List.of("application/json"));
    }

    @Test
    void urlsLoseCredentialsAndKeyParameters() {
        assertThat(Redactor.url("http://user:pw@host:3128/x?key=abc&alt=sse"))
                .isEqualTo("http://***@host:3128/x?key=***&alt=sse");
        assertThat(new Redactor().redact("failed: https://u:p@proxy.example/ ok")).isEqualTo(
                "failed: https://***@proxy.example/ ok");
    }

    @Test
    void aViewAddsItsOwnValuesAndFollowsItsParent() {
        Redactor core = Redactor.of(provider("sk-core-KEY-1111", Map.of(), null));
        Redactor view = core.with(new Redactor.Secrets().secret("sk-extra-KEY-2222"));
        assertThat(view.redact("sk-core-KEY-1111 sk-extra-KEY-2222 sk-later-KEY-3333")).isEqualTo(
                "*** *** sk-later-KEY-3333");
        core.set(new Redactor.Secrets().secret("sk-later-KEY-3333"));
        assertThat(view.redact("sk-core-KEY-1111 sk-extra-KEY-2222 sk-later-KEY-3333")).isEqualTo(
                "sk-core-KEY-1111 *** ***");
    }
}
