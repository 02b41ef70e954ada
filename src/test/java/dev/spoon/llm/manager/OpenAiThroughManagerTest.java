package dev.spoon.llm.manager;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.providers.openai.OpenAiCompatibleProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.spoon.llm.manager.ManagerHttpTest.json;
import static dev.spoon.llm.manager.ManagerHttpTest.recorded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The manager with the real OpenAI-compatible provider against MockWebServer (and a raw socket for cancel). */
class OpenAiThroughManagerTest {
    @TempDir
    Path dir;
    MockWebServer server;
    DebugLogger log;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        log = new DebugLogger(DebugSettings.inMemory(100));
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    Fixture fixture(String baseUrl, String extra) {
        String toml = """
                default_provider = "api"
                retry_attempts = 3
                retry_delay_ms = 10
                %s
                [providers.api]
                type = "openai-compatible"
                api_key = "sk-real-SECRET-abcdef123456"
                base_url = "%s"
                model = "gpt-4o-mini"
                headers = { "x-api-key" = "HKEY-SECRET-1", "X-Title" = "visible" }
                """.formatted(extra, baseUrl);
        Fixture f = new Fixture(dir, toml);
        f.registry.register(OpenAiCompatibleProvider.class, OpenAiCompatibleProvider::new);
        f.listeners.add(log.exchangeListener());
        log.setSecrets(List.of("sk-real-SECRET-abcdef123456"));
        return f;
    }

    String base() {
        return server.url("/v1").toString().replaceAll("/$", "");
    }

    @Test
    void rateLimitedWithRetryAfterThenOk() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "7")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\","
                        + "\"code\":\"rate_limit_exceeded\"}}").build());
        server.enqueue(json(200, recorded("openai-chat-nonstream-text.json")));
        try (Fixture f = fixture(base(), "")) {
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("Olá?"), null));
            assertThat(r.content()).isEqualTo("Olá!");
            assertThat(f.clock.delaysMs()).containsExactly(7000L);
            assertThat(server.getRequestCount()).isEqualTo(2);
            assertThat(r.attempts()).extracting("errorType").containsExactly("RateLimitError", null);
        }
    }

    @Test
    void serviceUnavailableIsRetriedThenFallsBack() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(503, "{\"error\":{\"message\":\"The engine is currently overloaded\"}}"));
        }
        try (Fixture f = fixture(base(), "fallback_chain = [\"sim\"]")) {
            LlmResponse r = f.await(f.manager.chat(ChatRequest.ofUser("hi"), null));
            assertThat(r.provider()).isEqualTo("sim");
            assertThat(server.getRequestCount()).isEqualTo(4);
            assertThat(r.attempts()).extracting("status").containsExactly(503, 503, 503, 503, null);
        }
    }

    @Test
    void unauthorizedIsNotRetriedAndIsTheReportedError() {
        server.enqueue(json(401, recorded("openai-error-401-invalid-api-key.json")));
        try (Fixture f = fixture(base(), "")) {
            CompletableFuture<LlmResponse> call = f.manager.chat(ChatRequest.ofUser("hi"), null);
            assertThatThrownBy(() -> f.await(call)).isInstanceOf(AuthenticationException.class);
            assertThat(server.getRequestCount()).isEqualTo(1);
            assertThat(f.clock.delaysMs()).isEmpty();
        }
    }

    @Test
    void secretHeadersAreRedactedInTheDebugLog() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .addHeader("Set-Cookie", "__cf_bm=COOKIE-SECRET; HttpOnly")
                .body(recorded("openai-chat-stream-text-include-usage.sse")).build());
        try (Fixture f = fixture(base(), "")) {
            f.await(f.manager.chatStream(ChatRequest.ofUser("key sk-real-SECRET-abcdef123456"), null,
                    c -> { }));
            RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
            assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-real-SECRET-abcdef123456");
            await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 1);
            DebugRecord rec = log.records().get(0);
            assertThat(rec.requestHeaders().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase("Authorization")
                    || e.getKey().equalsIgnoreCase("x-api-key")).hasSize(2)
                    .allSatisfy(e -> assertThat(e.getValue()).containsExactly("***"));
            assertThat(rec.responseHeaders().entrySet()).filteredOn(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                    .singleElement().satisfies(e -> assertThat(e.getValue()).containsExactly("***"));
            assertThat(rec.toString() + String.join("", rec.chunks().events())).doesNotContain("SECRET");
            assertThat(rec.chunks().size()).isGreaterThan(2);
            assertThat(rec.tags()).containsEntry("attempt", "1");
        }
    }

    @Test
    void cancellingAStreamClosesTheSocket() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = ss.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[8192];
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().contains("\r\n\r\n")) {
                        int n = in.read(buf);
                        if (n < 0) {
                            return;
                        }
                        head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked"
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 3000; i++) { // 30 s of tokens unless the client hangs up
                        String ev = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + " \"}}]}\n\n";
                        byte[] b = ev.getBytes(StandardCharsets.UTF_8);
                        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(b);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        written.incrementAndGet();
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    closed.countDown(); // the client closed the connection: writing failed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "raw-sse-server");
            t.setDaemon(true);
            t.start();
            try (Fixture f = fixture("http://127.0.0.1:" + ss.getLocalPort() + "/v1", "")) {
                AtomicInteger chunks = new AtomicInteger();
                CompletableFuture<LlmResponse> call = f.manager.chatStream(ChatRequest.ofUser("go"), null,
                        c -> chunks.incrementAndGet());
                await().atMost(5, TimeUnit.SECONDS).until(() -> chunks.get() >= 3);
                call.cancel(true);
                assertThat(closed.await(10, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
                assertThat(written.get()).isLessThan(3000);
                await().atMost(5, TimeUnit.SECONDS).until(() -> log.size() == 1);
                assertThat(log.records().get(0).cancelled()).isTrue();
            }
        }
    }
}
