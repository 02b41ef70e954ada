package dev.spoon.llm.manager;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.spoon.llm.manager.ScriptedProvider.fail;
import static dev.spoon.llm.manager.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancingAndHealthTest {
    @TempDir
    Path dir;

    static String pool(String strategy) {
        return """
                default_provider = "a"
                fallback_chain = ["a", "b", "c"]
                load_balancing = "%s"
                retry_attempts = 0
                max_concurrent_requests = 100
                [providers.a]
                type = "scripted"
                weight = 3
                [providers.b]
                type = "scripted"
                weight = 1
                [providers.c]
                type = "scripted"
                weight = 0
                """.formatted(strategy);
    }

    static Map<String, Integer> spread(Fixture f, int n) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < n; i++) {
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("q" + i), null));
            count.merge(r.provider(), 1, Integer::sum);
        }
        return count;
    }

    @Test
    void roundRobinSpreadsEvenly() {
        try (Fixture f = new Fixture(dir, pool("round_robin"))) {
            assertThat(spread(f, 30)).containsEntry("a", 10).containsEntry("b", 10).containsEntry("c", 10);
        }
    }

    @Test
    void weightedFollowsTheWeightsExactly() {
        try (Fixture f = new Fixture(dir, pool("weighted"))) {
            assertThat(spread(f, 40)).containsEntry("a", 30).containsEntry("b", 10).doesNotContainKey("c");
        }
    }

    @Test
    void randomUsesEveryProvider() {
        try (Fixture f = new Fixture(dir, pool("random"))) {
            Map<String, Integer> s = spread(f, 300);
            assertThat(s.keySet()).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(s.values()).allSatisfy(v -> assertThat(v).isBetween(60, 140));
        }
    }

    @Test
    void leastBusyPicksTheProviderWithFewestCallsInFlight() {
        try (Fixture f = new Fixture(dir, pool("least_busy"))) {
            f.scripts.script("a", hang());
            f.scripts.script("b", hang());
            f.scripts.script("c", hang());
            List<CompletableFuture<LlmResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                calls.add(f.manager.chat(ChatRequest.ofUser("q" + i), null));
            }
            assertThat(List.of(f.manager.inFlight("a"), f.manager.inFlight("b"), f.manager.inFlight("c")))
                    .containsExactly(3, 3, 3);
            calls.forEach(c -> c.cancel(true));
        }
    }

    @Test
    void latencyPrefersTheFastestAfterTryingEach() {
        try (Fixture f = new Fixture(dir, pool("latency"))) {
            LoadBalancer lb = new LoadBalancer("latency", new java.util.Random(1));
            lb.recordLatency("a", 300);
            lb.recordLatency("b", 20);
            assertThat(lb.pick(List.of("a", "b", "c"), p -> 1, p -> 0)).isEqualTo("c"); // untried goes first
            lb.recordLatency("c", 100);
            assertThat(lb.pick(List.of("a", "b", "c"), p -> 1, p -> 0)).isEqualTo("b");
            for (int i = 0; i < 10; i++) {
                lb.recordLatency("b", 500); // b slows down: the moving average follows
            }
            assertThat(lb.pick(List.of("a", "b", "c"), p -> 1, p -> 0)).isEqualTo("c");
            assertThat(lb.averageLatencyMs("b")).isGreaterThan(400);
            // through the manager every provider gets tried
            assertThat(spread(f, 3).keySet()).containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void enableLoadBalancingOverridesTheConfiguration() {
        try (Fixture f = new Fixture(dir, pool("none"))) {
            assertThat(spread(f, 4)).containsOnlyKeys("a");
            f.manager.enableLoadBalancing("round_robin", List.of("b", "c"));
            assertThat(f.manager.loadBalancingPool()).containsExactly("b", "c");
            assertThat(spread(f, 4)).containsEntry("b", 2).containsEntry("c", 2);
        }
    }

    @Test
    void anUnhealthyProviderIsSkippedUntilAHealthCheckPasses() {
        try (Fixture f = new Fixture(dir, pool("round_robin"))) {
            f.manager.health().publish(HealthStatus.unhealthy("b", 1, new ProviderException("down", "b")));
            assertThat(spread(f, 6)).containsEntry("a", 3).containsEntry("c", 3).doesNotContainKey("b");
            f.manager.health().check("b").join(); // the scripted health check passes
            assertThat(f.manager.health().isAvailable("b")).isTrue();
            assertThat(spread(f, 6).keySet()).contains("b");
        }
    }

    @Test
    void aServerErrorMarksTheProviderUnhealthyAndFallsBack() {
        // the timer holds its tasks: the re-check that reportFailure schedules must not run during the test
        try (Fixture f = new Fixture(dir, pool("round_robin"))) {
            f.scripts.script("a", fail(() -> new ProviderException("Bad gateway", "a", 502, "Bad gateway", true,
                    null, null)));
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("x"), null));
            assertThat(r.provider()).isNotEqualTo("a");
            assertThat(r.attempts().get(0).provider()).isEqualTo("a");
            assertThat(f.manager.health().isAvailable("a")).isFalse();
            assertThat(f.clock.delaysMs()).contains(30_000L); // one re-check scheduled, after min(interval, 30 s)
            assertThat(spread(f, 4)).doesNotContainKey("a");
        }
    }

    @Test
    void aSuccessfulRealRequestMarksItsProviderHealthyWithoutACheck() {
        try (Fixture f = new Fixture(dir, pool("none"))) {
            assertThat(f.manager.health().status("a")).isEmpty();
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("x"), null));
            assertThat(f.manager.health().status(r.provider())).get().satisfies(s -> {
                assertThat(s.healthy()).isTrue();
                assertThat(s.latencyMs()).isEqualTo(r.durationMs());
            });
        }
    }

    @Test
    void monitorChecksOnAnIntervalAndPublishesChanges() {
        try (Fixture f = new Fixture(dir, pool("none"))) {
            List<String> changes = new CopyOnWriteArrayList<>();
            f.manager.health().addListener((prev, cur) -> changes.add(cur.provider() + "=" + cur.healthy()));
            f.manager.health().start(Duration.ofMillis(20));
            assertThat(f.manager.health().isRunning()).isTrue();
            f.clock.advance(Duration.ofMillis(200)); // the simulator answers its check after its 120 ms TTFT
            assertThat(changes).contains("a=true", "b=true", "c=true", "sim=true");
            int before = changes.size();
            f.scripts.healthy = false;
            f.clock.advance(Duration.ofMillis(200));
            assertThat(changes).contains("a=false", "b=false", "c=false");
            assertThat(f.manager.health().status("a")).get().extracting(HealthStatus::errorType)
                    .isEqualTo("NetworkError");
            f.manager.health().stop();
            assertThat(f.manager.health().isRunning()).isFalse();
            int after = changes.size();
            f.scripts.healthy = true;
            f.clock.advance(Duration.ofSeconds(10));
            assertThat(changes).hasSize(after); // stopped: no more rounds
            // unchanged statuses are not re-published: only the flips to unhealthy were added
            assertThat(changes.subList(before, changes.size())).allSatisfy(c -> assertThat(c).endsWith("false"));
        }
    }

    /**
     * A provider whose every request is refused at connect time, as OkHttp reports it for a port where nothing
     * listens; its health check is the interface's default (a one-token chat), classified by its base URL.
     */
    static final class RefusingProvider extends ScriptedProvider {
        RefusingProvider() {
            super(new Scripts());
        }

        @Override
        public CompletableFuture<LlmResponse> chat(ChatRequest request) {
            return CompletableFuture.failedFuture(new NetworkException("could not connect to " + config().name(),
                    config().name(), null, null, true, null, new java.net.ConnectException("Connection refused")));
        }

        @Override
        public CompletableFuture<HealthStatus> healthCheck() {
            return defaultHealthCheck();
        }
    }

    @Test
    void aDefaultLocalServerWithNothingListeningIsNotRunningWithoutARequest() {
        org.junit.jupiter.api.Assumptions.assumeFalse(LocalPort.listening("http://localhost:11434/v1"),
                "something listens on Ollama's port on this machine");
        try (Fixture f = new Fixture(dir, "[providers.sim]\ntype = \"sim\"\n")) {
            f.registry.register(dev.spoon.llm.providers.openai.OllamaProvider.class,
                    dev.spoon.llm.providers.openai.OllamaProvider::new); // the built-in entry, as in the product
            List<String> asked = new CopyOnWriteArrayList<>();
            f.listeners.add(ex -> {
                asked.add(ex.provider());
                return dev.spoon.llm.exchange.ExchangeListener.NONE;
            });
            HealthStatus ollama = f.await(f.manager.health().check("ollama"));
            assertThat(ollama.state()).isEqualTo(HealthStatus.State.NOT_RUNNING);
            assertThat(ollama.error()).isEqualTo("nothing listens at http://localhost:11434/v1: ollama is not running");
            assertThat(asked).doesNotContain("ollama"); // no request, so no red record in the debug log each minute
        }
    }

    @Test
    void aPortIsListeningOnlyWhileAServerAcceptsThere() throws Exception {
        int port;
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            assertThat(LocalPort.listening("http://127.0.0.1:" + port + "/v1")).isTrue();
        }
        assertThat(LocalPort.listening("http://127.0.0.1:" + port + "/v1")).isFalse();
        assertThat(LocalPort.listening("not a url")).isFalse();
    }

    @Test
    void healthCheckAllReportsEveryConfiguredProviderWithItsRealError() {
        String toml = """
                [providers.down]
                type = "sim"
                ttft_ms = 0
                fail_type = "auth"
                [providers.ollama]
                type = "refusing"
                base_url = "http://127.0.0.1:11434/v1"
                [providers.lmstudio]
                type = "refusing"
                base_url = "http://localhost:1234/v1"
                [providers.remote]
                type = "refusing"
                api_key = "sk-remote"
                base_url = "https://llm.example.org/v1"
                """;
        try (Fixture f = new Fixture(dir, toml)) {
            f.registry.register("refusing", java.util.Set.of(), "refuses connections", RefusingProvider::new);
            Map<String, HealthStatus> all = f.await(f.manager.health().checkAll());
            assertThat(all).containsKeys("sim", "down", "ollama", "lmstudio", "remote");
            assertThat(all).doesNotContainKey("openai"); // no key: not configured, not checked
            assertThat(all.get("sim").healthy()).isTrue();
            assertThat(all.get("down").state()).isEqualTo(HealthStatus.State.UNHEALTHY);
            assertThat(all.get("down").errorType()).isEqualTo("AuthenticationError");
            assertThat(all.get("down").error()).contains("Incorrect API key");
            for (String local : List.of("ollama", "lmstudio")) {
                assertThat(all.get(local).state()).isEqualTo(HealthStatus.State.NOT_RUNNING);
                assertThat(all.get(local).failed()).isFalse();
                assertThat(f.manager.health().isAvailable(local)).isFalse(); // not a balancing candidate
            }
            // the same refusal from a remote host is a fault
            assertThat(all.get("remote").state()).isEqualTo(HealthStatus.State.UNHEALTHY);
            assertThat(all.get("remote").errorType()).isEqualTo("NetworkError");
        }
    }

    @Test
    void aCheckThatNeverAnswersTimesOutAndIsCancelled() {
        try (Fixture f = new Fixture(dir, pool("none"))) {
            f.scripts.script("a", hang());
            f.scripts.hangHealth = true;
            CompletableFuture<HealthStatus> check = f.manager.health().check("a");
            f.clock.advance(HealthMonitor.CHECK_TIMEOUT.minusMillis(1));
            assertThat(check).isNotDone();
            f.clock.advance(Duration.ofMillis(1));
            assertThat(check.join().failed()).isTrue();
            assertThat(check.join().error()).contains("timed out after 30 s");
            assertThat(f.scripts.healthChecks).singleElement().satisfies(c -> assertThat(c.isCancelled()).isTrue());
        }
    }

    @Test
    void aRoundSkipsProvidersThatAnsweredARealRequestWithinTheInterval() {
        try (Fixture f = new Fixture(dir, pool("none").replace("retry_attempts = 0", "retry_attempts = 0\n"
                + "health_check_interval_s = 60"))) {
            assertThat(f.manager.health().start()).isTrue();
            assertThat(f.manager.health().interval()).isEqualTo(Duration.ofSeconds(60));
            f.clock.advance(Duration.ofSeconds(1));
            int first = f.scripts.healthChecks.size();
            assertThat(first).isEqualTo(3); // a, b, c (the simulator is checked too, on its own clock)
            f.clock.advance(Duration.ofSeconds(30));
            f.await(f.manager.chat(ChatRequest.ofUser("x"), "a")); // a real answer counts as a check of a
            f.clock.advance(Duration.ofSeconds(31));                // second round at 61 s: b and c only
            assertThat(f.scripts.healthChecks).hasSize(first + 2);
        }
    }

    @Test
    void anIntervalOfZeroLeavesTheMonitorOff() {
        try (Fixture f = new Fixture(dir, "health_check_interval_s = 0\n" + pool("none"))) {
            assertThat(f.manager.health().start()).isFalse();
            assertThat(f.manager.health().isRunning()).isFalse();
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.scripts.healthChecks).isEmpty();
        }
    }
}
