package dev.spoon.llm.manager;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.spoon.llm.manager.LlmManagerTest.THREE;
import static dev.spoon.llm.manager.LlmManagerTest.badKey;
import static dev.spoon.llm.manager.LlmManagerTest.rateLimited;
import static dev.spoon.llm.manager.LlmManagerTest.serverError;
import static dev.spoon.llm.manager.ScriptedProvider.fail;
import static dev.spoon.llm.manager.ScriptedProvider.ok;
import static dev.spoon.llm.manager.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallListenerTest {
    @TempDir
    Path dir;

    /** Writes every event as one line, in order. */
    static final class Recorder implements CallListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onRetry(String provider, int attempt, int maxAttempts, Duration delay, LlmException error) {
            events.add("retry " + provider + " in " + delay.toMillis() + " ms (attempt " + attempt + " of "
                    + maxAttempts + "): " + error.errorType());
        }

        @Override
        public void onFallback(String fromProvider, String toProvider, LlmException error) {
            events.add("fallback " + fromProvider + " -> " + toProvider + ": " + error.errorType());
        }
    }

    @Test
    void aRateLimitWithRetryAfterIsAnnouncedWithItsWaitAndAttemptNumbers() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> rateLimited("a", Duration.ofSeconds(7))), ok("after wait"));
            Recorder rec = new Recorder();
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a", rec));
            assertThat(r.content()).isEqualTo("after wait");
            assertThat(rec.events).containsExactly("retry a in 7000 ms (attempt 2 of 3): RateLimitError");
            assertThat(f.clock.delaysMs()).containsExactly(7000L);
        }
    }

    @Test
    void retriesThenFallbackAreAnnouncedInOrderWithTheWaitsTheTimerGot() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            f.scripts.script("b", ok("from b"));
            Recorder rec = new Recorder();
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a", rec));
            assertThat(r.provider()).isEqualTo("b");
            assertThat(rec.events).containsExactly(
                    "retry a in " + f.clock.delaysMs().get(0) + " ms (attempt 2 of 3): ProviderError",
                    "retry a in " + f.clock.delaysMs().get(1) + " ms (attempt 3 of 3): ProviderError",
                    "fallback a -> b: ProviderError");
        }
    }

    @Test
    void streamsAnnounceRetriesAndFallbacksBeforeTheirFirstToken() {
        try (Fixture f = new Fixture(dir, THREE.replace("retry_attempts = 2", "retry_attempts = 1"))) {
            f.scripts.script("a", streamThenFail(() -> new NetworkException("connection reset", "a", null, null,
                    true, null, null)));
            f.scripts.script("b", ok("streamed by b"));
            Recorder rec = new Recorder();
            LlmResponse r = f.await(f.manager.chatStream(ChatRequest.ofUser("hi"), "a", c -> { }, rec));
            assertThat(r.provider()).isEqualTo("b");
            assertThat(rec.events).hasSize(2);
            assertThat(rec.events.get(0)).startsWith("retry a in ").endsWith("(attempt 2 of 2): NetworkError");
            assertThat(rec.events.get(1)).isEqualTo("fallback a -> b: NetworkError");
        }
    }

    @Test
    void nonRetryableAndTooLongWaitsFallBackWithoutARetry() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> badKey("a")));
            f.scripts.script("b", fail(() -> rateLimited("b", Duration.ofSeconds(600))));
            f.scripts.script("c", ok("c answers"));
            Recorder rec = new Recorder();
            LlmResponse r = f.await(f.manager.chatWithTools(ChatRequest.ofUser("hi"), List.of(), "a",
                    rec));
            assertThat(r.provider()).isEqualTo("c");
            assertThat(rec.events).containsExactly("fallback a -> b: AuthenticationError",
                    "fallback b -> c: RateLimitError");
        }
    }

    @Test
    void aProviderThatCannotBeCreatedIsAFallbackToo() {
        String toml = """
                default_provider = "openai"
                fallback_chain = ["a"]
                retry_attempts = 0
                [providers.a]
                type = "scripted"
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            f.scripts.script("a", ok("a answers"));
            Recorder rec = new Recorder();
            f.await(f.manager.chat(ChatRequest.ofUser("hi"), null, rec));
            assertThat(rec.events).containsExactly("fallback openai -> a: AuthenticationError");
        }
    }

    @Test
    void noFallbackIsAnnouncedWhenNoProviderIsLeftOrAfterStreamedOutput() {
        try (Fixture f = new Fixture(dir, THREE.replace("retry_attempts = 2", "retry_attempts = 0"))) {
            f.scripts.script("a", streamThenFail(() -> new NetworkException("connection reset", "a", null, null,
                    true, null, null), "Hel", "lo"));
            Recorder rec = new Recorder();
            CompletableFuture<LlmResponse> call = f.manager.chatStream(ChatRequest.ofUser("hi"), "a", c -> { }, rec);
            assertThatThrownBy(() -> f.await(call)).isInstanceOf(NetworkException.class);
            assertThat(rec.events).isEmpty();

            f.scripts.script("c", fail(() -> serverError("c")));
            f.scripts.script("b", fail(() -> serverError("b")));
            f.scripts.steps.get("a").clear();
            f.scripts.script("a", fail(() -> serverError("a")));
            Recorder rec2 = new Recorder();
            assertThatThrownBy(() -> f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a", rec2)))
                    .isInstanceOf(LlmException.class);
            assertThat(rec2.events).containsExactly("fallback a -> b: ProviderError", "fallback b -> c: ProviderError");
        }
    }

    @Test
    void aThrowingListenerNeverChangesTheCall() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            f.scripts.script("b", ok("from b"));
            CallListener broken = new CallListener() {
                @Override
                public void onRetry(String provider, int attempt, int maxAttempts, Duration delay,
                                    LlmException error) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onFallback(String fromProvider, String toProvider, LlmException error) {
                    throw new IllegalStateException("listener bug");
                }
            };
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a", broken));
            assertThat(r.content()).isEqualTo("from b");
            assertThat(r.attempts()).extracting("provider").containsExactly("a", "a", "a", "b");
        }
    }
}
