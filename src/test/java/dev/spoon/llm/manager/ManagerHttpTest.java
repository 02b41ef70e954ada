package dev.spoon.llm.manager;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.testing.LoopbackOpenAiProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The manager, debug log and metrics against a real OpenAI-format HTTP endpoint (MockWebServer, loopback). */
class ManagerHttpTest {
    @TempDir
    Path dir;
    MockWebServer server;
    DebugLogger log;
    MetricsCollector metrics;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        log = new DebugLogger(DebugSettings.inMemory(100));
        metrics = new MetricsCollector(Map.of());
    }

    @AfterEach
    void stop() {
        log.close();
        metrics.close();
        server.close();
    }

    static String recorded(String name) {
        try (InputStream in = ManagerHttpTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body)
                .build();
    }

    Fixture fixture(String extra) {
        String toml = """
                default_provider = "api"
                retry_attempts = 3
                retry_delay_ms = 10
                %s
                [providers.api]
                type = "loopback"
                api_key = "sk-test-SECRET-abcdef123456"
                base_url = "%s"
                model = "gpt-4o-mini"
                """.formatted(extra, server.url("/v1").toString().replaceAll("/$", ""));
        Fixture f = new Fixture(dir, toml);
        LoopbackOpenAiProvider.register(f.registry);
        listen(f);
        return f;
    }

    /** The fixture's manager reports to this test's debug log and metrics. */
    void listen(Fixture f) {
        f.listeners.add(log.exchangeListener());
        f.listeners.add(metrics.exchangeListener());
    }

    @Test
    void rateLimitedThenOkWaitsTheRetryAfterAndSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\"}}")
                .build());
        server.enqueue(json(200, recorded("openai-chat-nonstream-text.json")));
        try (Fixture f = fixture("")) {
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("Olá?"), null));
            assertThat(r.content()).isEqualTo("Olá!");
            assertThat(f.clock.delaysMs()).containsExactly(2000L);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(r.attempts()).extracting("errorType").containsExactly("RateLimitError", null);
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 2);
            List<DebugRecord> recs = log.records();
            assertThat(recs).extracting(DebugRecord::status).containsExactly(429, 200);
            assertThat(recs).extracting(DebugRecord::attempt).containsExactly(1, 2);
            assertThat(recs.get(0).error().type()).isEqualTo("RateLimitError");
            await().atMost(5, TimeUnit.SECONDS).until(() -> metrics.getProviderStats("api").totalRequests() == 2);
            assertThat(metrics.getProviderStats("api").errorsByType()).containsEntry("RateLimitError", 1L);
            assertThat(metrics.getProviderStats("api").successfulRequests()).isEqualTo(1);
        }
    }

    @Test
    void serviceUnavailableFallsBackToTheNextProvider() {
        for (int i = 0; i < 4; i++) { // the first try and retry_attempts = 3 retries
            server.enqueue(json(503, "{\"error\":{\"message\":\"The server is overloaded\"}}"));
        }
        try (Fixture f = fixture("fallback_chain = [\"sim\"]")) {
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi").withModel("gpt-4o-mini"),
                    null));
            assertThat(r.provider()).isEqualTo("sim");
            assertThat(r.attempts()).extracting("provider").startsWith("api").endsWith("sim");
            assertThat(r.attempts().get(0).status()).isEqualTo(503);
            assertThat(server.getRequestCount()).isEqualTo(4);
            assertThat(r.attempts()).hasSize(5);
            assertThat(r.model()).startsWith("sim"); // the api's model was not sent to the simulator
        }
    }

    @Test
    void unauthorizedIsNeverRetried() {
        server.enqueue(json(401, recorded("openai-error-401-invalid-api-key.json")));
        try (Fixture f = fixture("")) {
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), null);
            assertThatThrownBy(() -> f.await(call)).isInstanceOfSatisfying(AuthenticationException.class,
                    e -> assertThat(e.providerMessage()).startsWith("Incorrect API key provided"));
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(f.clock.delaysMs()).isEmpty();
        }
    }

    @Test
    void aRecordedStreamPassesThroughWithEveryChunkLogged() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(recorded("openai-chat-stream-text-include-usage.sse")).build());
        try (Fixture f = fixture("")) {
            StringBuilder got = new StringBuilder();
            LlmResponse r = f.await(f.manager.chatStream(ChatRequest.ofUser("hi"), null,
                    c -> got.append(c.deltaContent())));
            assertThat(got.toString()).isEqualTo(r.content()).isNotEmpty();
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 1);
            DebugRecord rec = log.records().get(0);
            long events = recorded("openai-chat-stream-text-include-usage.sse").lines()
                    .filter(l -> l.startsWith("data:")).count();
            assertThat(rec.chunks().size()).isEqualTo((int) events);
            assertThat(rec.chunks().event(rec.chunks().size() - 1)).isEqualTo("[DONE]");
            assertThat(rec.ttftMs()).isNotNull();
        }
    }

    @Test
    void cancellingAStreamClosesItsConnection() throws Exception {
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sse.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok").append(i)
                    .append(" \"}}]}\n\n");
        }
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(sse.toString()).throttleBody(256, 20, TimeUnit.MILLISECONDS).build());
        LoopbackOpenAiProvider.CLIENT.connectionPool().evictAll();
        try (Fixture f = fixture("")) {
            AtomicInteger chunks = new AtomicInteger();
            CompletableFuture<LlmResponse> call = f.manager.chatStream(ChatRequest.ofUser("long"), null,
                    c -> chunks.incrementAndGet());
            await().atMost(5, TimeUnit.SECONDS).until(() -> chunks.get() >= 2);
            assertThat(LoopbackOpenAiProvider.CLIENT.connectionPool().connectionCount()).isEqualTo(1);
            call.cancel(true);
            await().atMost(5, TimeUnit.SECONDS).until(() ->
                    LoopbackOpenAiProvider.CLIENT.connectionPool().connectionCount() == 0);
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 1);
            assertThat(log.records().get(0).cancelled()).isTrue();
            assertThat(f.manager.inFlight("api")).isZero();
            int seen = chunks.get();
            assertThat(seen).isLessThan(2000);
        }
    }

    @Test
    void everySecretHeaderAndQueryParameterIsRedactedInTheLogAndExports() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .addHeader("Set-Cookie", "session=COOKIE-SECRET-1; HttpOnly")
                .body(recorded("openai-chat-nonstream-text.json")).build());
        String base = server.url("/v1").toString().replaceAll("/$", "")
                + "?key=QKEY-SECRET-1&api_key=QKEY-SECRET-2&access_token=QKEY-SECRET-3&x-goog-api-key=QKEY-SECRET-4"
                + "&apikey=QKEY-SECRET-5&token=QKEY-SECRET-6&alt=sse";
        String toml = """
                default_provider = "api"
                [providers.api]
                type = "loopback"
                api_key = "sk-test-SECRET-abcdef123456"
                base_url = "%s"
                headers = { "x-api-key" = "HKEY-SECRET-1", "x-goog-api-key" = "HKEY-SECRET-2", "api-key" = "HKEY-SECRET-3", "Proxy-Authorization" = "Basic HKEY-SECRET-4", "Cookie" = "c=HKEY-SECRET-5", "X-Auth-Token" = "HKEY-SECRET-6", "X-Title" = "visible" }
                """.formatted(base);
        try (Fixture f = new Fixture(dir, toml)) {
            LoopbackOpenAiProvider.register(f.registry);
            listen(f);
            log.setSecrets(List.of("sk-test-SECRET-abcdef123456"));
            f.await(f.manager.chat(ChatRequest.ofUser("my key is sk-test-SECRET-abcdef123456"), null));
            RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
            // the server got the real values: redaction is only in what is stored
            assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-SECRET-abcdef123456");
            assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("HKEY-SECRET-1");
            assertThat(sent.getUrl().queryParameter("key")).isEqualTo("QKEY-SECRET-1");
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 1);
            DebugRecord rec = log.records().get(0);
            for (String h : List.of("Authorization", "x-api-key", "x-goog-api-key", "api-key",
                    "Proxy-Authorization", "Cookie", "X-Auth-Token")) {
                assertThat(rec.requestHeaders().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase(h))
                        .singleElement().satisfies(e -> assertThat(e.getValue()).containsExactly("***"));
            }
            assertThat(rec.requestHeaders().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase("X-Title"))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).containsExactly("visible"));
            assertThat(rec.responseHeaders().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).containsExactly("***"));
            assertThat(rec.endpoint()).contains("alt=sse").doesNotContain("SECRET");
            StringBuilder everything = new StringBuilder(rec.toString());
            for (DebugExporter.Format fmt : DebugExporter.Format.values()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                DebugExporter.export(List.of(rec), fmt, out, null, null);
                everything.append(out.toString(StandardCharsets.UTF_8));
            }
            assertThat(everything.toString()).doesNotContain("SECRET").contains("***");
        }
    }
}
