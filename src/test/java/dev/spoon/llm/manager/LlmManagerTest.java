package dev.spoon.llm.manager;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.spoon.llm.manager.ScriptedProvider.fail;
import static dev.spoon.llm.manager.ScriptedProvider.hang;
import static dev.spoon.llm.manager.ScriptedProvider.ok;
import static dev.spoon.llm.manager.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmManagerTest {
    @TempDir
    Path dir;

    static final String THREE = """
            default_provider = "a"
            fallback_chain = ["b", "c"]
            retry_attempts = 2
            retry_delay_ms = 100
            retry_max_wait_s = 10
            [providers.a]
            type = "scripted"
            model = "model-a"
            [providers.b]
            type = "scripted"
            [providers.c]
            type = "scripted"
            """;

    static RateLimitException rateLimited(String p, Duration retryAfter) {
        return new RateLimitException("Rate limit reached", p, 429, "Rate limit reached", true, retryAfter, null);
    }

    static ProviderException serverError(String p) {
        return new ProviderException("Service unavailable", p, 503, "Service unavailable", true, null, null);
    }

    static AuthenticationException badKey(String p) {
        return new AuthenticationException("Incorrect API key provided", p, 401, "Incorrect API key provided");
    }

    @Test
    void firstProviderAnswersWithOneAttemptAndItsModel() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", ok("hello"));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi").withModel("x-1"), null));
            assertThat(r.content()).isEqualTo("hello");
            assertThat(r.attempts()).extracting("provider").containsExactly("a");
            assertThat(f.scripts.seen("a").get(0).model()).isEqualTo("x-1");
            assertThat(f.scripts.seen("a").get(0).tags()).containsEntry("attempt", "1")
                    .containsEntry("fallback_index", "0").containsKey("call_id");
        }
    }

    @Test
    void serverErrorIsRetriedThenFallsBackWithoutTheModel() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            f.scripts.script("b", ok("from b"));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi").withModel("x-1"), "a"));
            assertThat(r.content()).isEqualTo("from b");
            assertThat(f.scripts.seen("a")).hasSize(3); // first try + retry_attempts = 2
            assertThat(r.attempts()).extracting("provider").containsExactly("a", "a", "a", "b");
            assertThat(r.attempts().get(0).errorType()).isEqualTo("ProviderError");
            assertThat(r.attempts().get(0).status()).isEqualTo(503);
            assertThat(r.attempts().get(3).errorType()).isNull();
            ChatRequest toB = f.scripts.seen("b").get(0);
            assertThat(toB.model()).isNull();
            assertThat(toB.tags()).containsEntry("attempt", "4").containsEntry("fallback_index", "1");
        }
    }

    @Test
    void backoffIsExponentialWithJitterAndBounded() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            f.scripts.script("b", ok("b"));
            f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            assertThat(f.clock.delaysMs()).hasSize(2);
            assertThat(f.clock.delaysMs().get(0)).isBetween(50L, 100L);   // 100 ms × [0.5, 1)
            assertThat(f.clock.delaysMs().get(1)).isBetween(100L, 200L);  // 200 ms × [0.5, 1)
        }
    }

    @Test
    void retryAfterWinsWhenLongerAndThe429ThenSucceeds() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> rateLimited("a", Duration.ofSeconds(3))), ok("after wait"));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            assertThat(r.content()).isEqualTo("after wait");
            assertThat(f.clock.delaysMs()).containsExactly(3000L);
            assertThat(r.attempts()).extracting("errorType").containsExactly("RateLimitError", null);
        }
    }

    @Test
    void retryAfterLongerThanMaxWaitIsNotWaitedFor() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> rateLimited("a", Duration.ofSeconds(60))));
            f.scripts.script("b", ok("b answers"));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            assertThat(r.provider()).isEqualTo("b");
            assertThat(f.clock.delaysMs()).isEmpty();
            assertThat(f.scripts.seen("a")).hasSize(1);
        }
    }

    @Test
    void authenticationErrorFallsThroughButIsNeverRetried() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> badKey("a")));
            f.scripts.script("b", ok("b"));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            assertThat(r.provider()).isEqualTo("b");
            assertThat(f.scripts.seen("a")).hasSize(1);
            assertThat(f.clock.delaysMs()).isEmpty();
        }
    }

    @Test
    void allFailingGivesTheLastRealErrorWithItsTypeAndTheOthersAttached() {
        try (Fixture f = new Fixture(dir, THREE.replace("retry_attempts = 2", "retry_attempts = 0"))) {
            f.scripts.script("a", fail(() -> badKey("a")));
            f.scripts.script("b", fail(() -> serverError("b")));
            f.scripts.script("c", fail(() -> rateLimited("c", null)));
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), "a");
            assertThatThrownBy(() -> f.await(call)).isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.provider()).isEqualTo("c");
                assertThat(e.previousAttempts()).extracting(LlmException::provider).containsExactly("a", "b");
                assertThat(e.previousAttempts().get(0)).isInstanceOf(AuthenticationException.class);
            });
        }
    }

    @Test
    void anUnconfiguredFallbackIsNotTheReportedError() {
        String toml = """
                default_provider = "a"
                fallback_chain = ["openai"]
                retry_attempts = 0
                [providers.a]
                type = "scripted"
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), null);
            assertThatThrownBy(() -> f.await(call)).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.previousAttempts()).singleElement().extracting(LlmException::provider)
                        .isEqualTo("openai");
            });
        }
    }

    @Test
    void streamFailingBeforeItsFirstTokenFallsBackTransparently() {
        try (Fixture f = new Fixture(dir, THREE.replace("retry_attempts = 2", "retry_attempts = 0"))) {
            f.scripts.script("a", streamThenFail(() -> new NetworkException("connection reset", "a")));
            f.scripts.script("b", ok("streamed by b"));
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            LlmResponse r = f.await(f.manager.chatStream(ChatRequest.ofUser("hi"), "a",
                    c -> got.add(c.deltaContent())));
            assertThat(r.provider()).isEqualTo("b");
            assertThat(got).containsExactly("streamed by b");
        }
    }

    @Test
    void streamFailingAfterTokensEndsWithThePartialAnswerAndNeverRestarts() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", streamThenFail(() -> new NetworkException("connection reset", "a", null, null,
                    true, null, null), "Hel", "lo"));
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<LlmResponse> call = f.manager.chatStream(ChatRequest.ofUser("hi"), "a",
                    c -> got.add(c.deltaContent()));
            assertThatThrownBy(() -> f.await(call)).isInstanceOfSatisfying(NetworkException.class, e -> {
                assertThat(e.partial().content()).isEqualTo("Hello");
                assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(e.partial().attempts()).extracting("provider").containsExactly("a");
            });
            assertThat(got).containsExactly("Hel", "lo");
            assertThat(f.scripts.seen("b")).isEmpty();
            assertThat(f.scripts.seen("a")).hasSize(1);
        }
    }

    @Test
    void cancellingDuringARetryWaitCancelsTheTimerAndSendsNothingMore() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", fail(() -> serverError("a")));
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), "a");
            assertThat(f.clock.pendingDelaysMs()).singleElement().satisfies(ms -> assertThat(ms).isBetween(50L, 100L));
            call.cancel(true);
            assertThat(f.clock.pending()).isZero();
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.scripts.seen("a")).hasSize(1);
            assertThat(f.scripts.seen("b")).isEmpty();
        }
    }

    @Test
    void cancellingCancelsTheAttemptInFlight() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", hang());
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), "a");
            assertThat(f.scripts.calls("a")).hasSize(1);
            call.cancel(true);
            assertThat(f.scripts.calls("a").get(0).isCancelled()).isTrue();
            assertThat(f.manager.inFlight("a")).isZero();
            assertThat(f.scripts.seen("b")).isEmpty();
        }
    }

    @Test
    void identicalRequestsAreServedFromTheCacheUntilTheTtlExpires() {
        String toml = "cache = { enabled = true, ttl_s = 60, max_entries = 10 }\n" + THREE;
        try (Fixture f = new Fixture(dir, toml)) {
            f.scripts.script("a", ok("one"), ok("two"));
            LlmResponse first = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            LlmResponse second = f.await(f.manager.chat(ChatRequest.ofUser("hi").withTag("origin", "x"),
                    "a"));
            assertThat(first.cacheHit()).isFalse();
            assertThat(second.cacheHit()).isTrue();
            assertThat(second.content()).isEqualTo("one");
            assertThat(f.scripts.seen("a")).hasSize(1);
            LlmResponse other = f.await(f.manager.chat(ChatRequest.ofUser("different"), "a"));
            assertThat(other.cacheHit()).isFalse();
            f.clock.advance(Duration.ofSeconds(61));
            LlmResponse third = f.await(f.manager.chat(ChatRequest.ofUser("hi"), "a"));
            assertThat(third.cacheHit()).isFalse();
            assertThat(third.content()).isEqualTo("two");
            // streams never use the cache
            LlmResponse streamed = f.await(f.manager.chatStream(ChatRequest.ofUser("hi"), "a", c -> { }));
            assertThat(streamed.cacheHit()).isFalse();
        }
    }

    @Test
    void batchKeepsInputOrderAndPerItemErrors() {
        String toml = """
                default_provider = "sim"
                retry_attempts = 0
                max_concurrent_requests = 2
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            List<ChatRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                reqs.add(ChatRequest.ofUser("q" + i).withModel(i == 7 ? "no-such-model" : null));
            }
            List<BatchResult> out = f.await(f.manager.batchChat(reqs, "sim", 4));
            assertThat(out).hasSize(20);
            for (int i = 0; i < 20; i++) {
                assertThat(out.get(i).index()).isEqualTo(i);
                if (i == 7) {
                    assertThat(out.get(i).ok()).isFalse();
                    assertThat(out.get(i).error().errorType()).isEqualTo("ModelNotFoundError");
                } else {
                    assertThat(out.get(i).response().content()).isEqualTo("You said: q" + i);
                }
            }
        }
    }

    @Test
    void aBatchOfCachedAnswersNeverRecursesAndBatchParallelismIsBounded() {
        String toml = """
                default_provider = "sim"
                max_concurrent_requests = 100
                cache = { enabled = true, ttl_s = 60, max_entries = 10 }
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            List<ChatRequest> same = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                same.add(ChatRequest.ofUser("same question"));
            }
            List<BatchResult> out = f.await(f.manager.batchChat(same, "sim", 1));
            assertThat(out).hasSize(10_000).allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(out.stream().filter(r -> r.response().cacheHit()).count()).isEqualTo(9_999);
        }
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", hang());
            List<ChatRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                reqs.add(ChatRequest.ofUser("q" + i));
            }
            CompletableFuture<List<BatchResult>> batch = f.manager.batchChat(reqs, "a", 3);
            assertThat(f.scripts.calls("a")).hasSize(3);
            assertThat(f.manager.inFlight("a")).isEqualTo(3);
            batch.cancel(true);
            assertThat(f.manager.inFlight("a")).isZero();
            assertThat(f.scripts.calls("a")).hasSize(3).allSatisfy(c -> assertThat(c.isCancelled()).isTrue());
        }
    }

    @Test
    void concurrencyIsCappedAndQueuedCallsCanBeCancelled() {
        String toml = """
                default_provider = "a"
                max_concurrent_requests = 2
                [providers.a]
                type = "scripted"
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            f.scripts.script("a", hang());
            List<CompletableFuture<LlmResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(f.manager.chat(ChatRequest.ofUser("q" + i), "a"));
            }
            assertThat(f.scripts.calls("a")).hasSize(2);
            assertThat(f.manager.queued()).isEqualTo(3);
            assertThat(f.manager.inFlight("a")).isEqualTo(2);
            calls.get(3).cancel(true); // queued: leaves the queue, never sent
            assertThat(f.manager.queued()).isEqualTo(2);
            calls.get(0).cancel(true); // in flight: frees a slot for the next queued call
            assertThat(f.scripts.calls("a")).hasSize(3);
            assertThat(f.scripts.seen("a")).extracting(r -> r.messages().get(0).text())
                    .containsExactly("q0", "q1", "q2");
            assertThat(f.manager.queued()).isEqualTo(1);
            calls.forEach(c -> c.cancel(true));
            assertThat(f.manager.inFlight("a")).isZero();
        }
    }

    @Test
    void perProviderLimitQueuesOnlyThatProvider() {
        String toml = """
                default_provider = "a"
                max_concurrent_requests = 10
                [providers.a]
                type = "scripted"
                max_concurrent_requests = 1
                [providers.b]
                type = "scripted"
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            f.scripts.script("a", hang());
            f.scripts.script("b", hang());
            for (int i = 0; i < 3; i++) {
                f.manager.chat(ChatRequest.ofUser("a" + i), "a");
                f.manager.chat(ChatRequest.ofUser("b" + i), "b");
            }
            assertThat(f.scripts.calls("b")).hasSize(3);
            assertThat(f.scripts.calls("a")).hasSize(1);
            f.scripts.calls("a").get(0).complete(ScriptedProvider.response("a", null, "done"));
            assertThat(f.scripts.calls("a")).hasSize(2);
        }
    }

    @Test
    void streamHandlerSeesChunksOfTheAnsweringProvider() {
        try (Fixture f = new Fixture(dir, THREE)) {
            f.scripts.script("a", ok("abc"));
            List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
            f.await(f.manager.chatStream(ChatRequest.ofUser("hi"), "a", chunks::add));
            assertThat(chunks).extracting(ResponseChunk::deltaContent).containsExactly("abc");
        }
    }
}
