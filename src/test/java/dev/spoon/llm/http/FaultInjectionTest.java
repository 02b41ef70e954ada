package dev.spoon.llm.http;

import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.NetworkException.Reason;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.llm.providers.anthropic.AnthropicProvider;
import dev.spoon.llm.providers.gemini.GeminiProvider;
import dev.spoon.llm.providers.openai.OpenAiCompatibleProvider;
import dev.spoon.testing.FaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Each provider family (OpenAI-compatible, Anthropic, Gemini) against a misbehaving loopback server on raw
 * sockets ({@link FaultServer}): the error type, message, provider and retryability of every fault, and that
 * a stream keeps what it received. Stalls last until the test ends, so every timeout here fires on any machine;
 * only the drip test (bytes every 50 ms against a 1 s read limit) relies on the machine not pausing for 1 s.
 */
class FaultInjectionTest {

    /** A provider family: its provider class, wire fixtures, key header and error body. */
    enum Family {
        OPENAI("openai", OpenAiCompatibleProvider::new, "/v1", "openai-chat-stream-text-include-usage.sse", 3,
                "openai-chat-nonstream-text.json", "authorization"),
        ANTHROPIC("anthropic", AnthropicProvider::new, "", "anthropic-messages-stream-text.sse", 5,
                "anthropic-messages-nonstream-tool-use.json", "x-api-key"),
        GEMINI("gemini", GeminiProvider::new, "/v1beta", "gemini-streamgeneratecontent-text.sse", 1,
                "gemini-generatecontent-nonstream-function-call.json", "x-goog-api-key");

        final String name;
        final Supplier<LlmProvider> factory;
        final String basePath;
        final String streamFixture;
        final int partialEvents;
        final String plainFixture;
        final String keyHeader;

        Family(String name, Supplier<LlmProvider> factory, String basePath, String streamFixture, int partialEvents,
               String plainFixture, String keyHeader) {
            this.name = name;
            this.factory = factory;
            this.basePath = basePath;
            this.streamFixture = streamFixture;
            this.partialEvents = partialEvents;
            this.plainFixture = plainFixture;
            this.keyHeader = keyHeader;
        }

        /** The recorded stream's events, each with its blank line (recorded framing: LF or CRLF). */
        List<String> events() {
            List<String> out = new ArrayList<>();
            for (String e : ProviderFixtures.fixture(streamFixture).split("\r?\n\r?\n")) {
                if (!e.isBlank()) {
                    out.add(e.strip() + "\n\n");
                }
            }
            return out;
        }

        String partialStream() {
            return String.join("", events().subList(0, partialEvents));
        }

        String type() {
            return this == OPENAI ? "openai-compatible" : name;
        }

        /** This family's 401 body, with {@code message} as the provider's message. */
        String authErrorBody(String message) {
            return switch (this) {
                case OPENAI -> "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":\"invalid_api_key\"}}";
                case ANTHROPIC -> "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\""
                        + message + "\"}}";
                case GEMINI -> "{\"error\":{\"code\":401,\"message\":\"" + message + "\",\"status\":\"UNAUTHENTICATED\"}}";
            };
        }
    }

    static final String KEY = "sk-fault-KEY-0123456789";
    private final List<FaultServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(FaultServer::close);
    }

    FaultServer server(FaultServer.Behavior b) throws IOException {
        return server("127.0.0.1", b);
    }

    FaultServer server(String host, FaultServer.Behavior b) throws IOException {
        FaultServer s = new FaultServer(host, b);
        servers.add(s);
        return s;
    }

    /** A provider of {@code f} at {@code baseUrl} with the given read and whole-call limits. */
    static LlmProvider provider(Family f, String baseUrl, Duration read, Duration whole, Map<String, String> headers,
                                Map<String, Object> options) {
        LlmProvider p = f.factory.get();
        p.initialize(new ProviderConfig(f.name, f.type(), KEY, baseUrl, null, null, null, whole, null, headers, 1.0,
                options, Duration.ofSeconds(5), read), ProviderContext.none());
        return p;
    }

    static LlmProvider provider(Family f, FaultServer s, Duration read, Duration whole) {
        return provider(f, s.url(f.basePath), read, whole, Map.of(), Map.of());
    }

    static LlmException failure(Supplier<java.util.concurrent.CompletableFuture<LlmResponse>> call) {
        Throwable[] t = new Throwable[1];
        assertThatThrownBy(() -> LlmProvider.await(call.get())).satisfies(e -> t[0] = e);
        return (LlmException) t[0];
    }

    static LlmException streamFailure(LlmProvider p) {
        return failure(() -> p.chatStream(ChatRequest.ofUser("hi"), c -> { }));
    }

    static LlmException plainFailure(LlmProvider p) {
        return failure(() -> p.chat(ChatRequest.ofUser("hi")));
    }

    /** What the whole recorded stream says, for checking that a partial answer is its beginning. */
    String fullAnswer(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.respond(200, "text/event-stream", String.join("", f.events())));
        return LlmProvider.await(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30))
                .chatStream(ChatRequest.ofUser("hi"), c -> { })).content();
    }

    static void assertTimeout(LlmException e, Family f, Reason reason, String message) {
        assertThat(e).isInstanceOf(NetworkException.class);
        NetworkException n = (NetworkException) e;
        assertThat(n.reason()).isEqualTo(reason);
        assertThat(n.getMessage()).isEqualTo(message);
        assertThat(n.provider()).isEqualTo(f.name);
        assertThat(n.retryable()).isTrue();
        assertThat(n.errorType()).isEqualTo("NetworkError");
    }

    void assertPartial(LlmException e, Family f) throws IOException {
        LlmResponse partial = e.partial();
        assertThat(partial).as("the partial answer is kept").isNotNull();
        assertThat(partial.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(partial.content()).isNotEmpty();
        assertThat(fullAnswer(f)).startsWith(partial.content());
    }

    // ------------------------------------------------------------------ timeouts

    @ParameterizedTest
    @EnumSource(Family.class)
    void aServerThatAcceptsAndNeverAnswersFailsAfterTheReadTimeout(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.stall());
        LlmProvider p = provider(f, s, Duration.ofMillis(100), Duration.ofSeconds(60));
        assertTimeout(plainFailure(p), f, Reason.READ_TIMEOUT, "no data from " + f.name + " for 0.1 s (read_timeout_s)");
        LlmException streamed = streamFailure(p);
        assertTimeout(streamed, f, Reason.READ_TIMEOUT, "no data from " + f.name + " for 0.1 s (read_timeout_s)");
        assertThat(streamed.partial()).isNull();
        assertThat(streamed.hint()).contains("read_timeout_s");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void headersThenNothingIsAReadTimeout(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.stall();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofMillis(100), Duration.ofSeconds(60)));
        assertTimeout(e, f, Reason.READ_TIMEOUT, "no data from " + f.name + " for 0.1 s (read_timeout_s)");
        assertThat(e.partial()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aStreamThatStallsAfterOutputKeepsItsPartialAnswer(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(f.partialStream());
            c.stall();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofMillis(100), Duration.ofSeconds(60)));
        assertTimeout(e, f, Reason.READ_TIMEOUT, "no data from " + f.name + " for 0.1 s (read_timeout_s)");
        assertPartial(e, f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void theWholeCallLimitCutsAStreamThatKeepsDrippingAndKeepsItsPartial(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(f.partialStream());
            while (true) { // a keep-alive every 20 ms, forever: the read limit never fires
                c.write(": keep-alive\n\n");
                Thread.sleep(20);
            }
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(30), Duration.ofMillis(300)));
        assertTimeout(e, f, Reason.CALL_TIMEOUT, f.name + " did not finish within 0.3 s (timeout_s)");
        assertThat(((NetworkException) e).limit()).isEqualTo(Duration.ofMillis(300));
        assertPartial(e, f);
        assertThat(e.hint()).contains("timeout_s");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aDripFeedLongerThanTheReadLimitIsNeverCutByIt(Family f) throws IOException {
        List<String> events = f.events();
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            // the first event, then 1.5 s of keep-alives 50 ms apart (against a 1 s read limit), then the rest
            c.write(events.get(0));
            for (int k = 0; k < 30; k++) {
                Thread.sleep(50);
                c.write(": keep-alive\n\n");
            }
            for (int k = 1; k < events.size(); k++) {
                c.write(events.get(k));
            }
            c.fin();
        });
        LlmResponse r = LlmProvider.await(provider(f, s, Duration.ofSeconds(1), Duration.ofSeconds(60))
                .chatStream(ChatRequest.ofUser("hi"), c -> { }));
        assertThat(r.finishReason()).isNotEqualTo(FinishReason.ERROR);
        assertThat(r.content()).isEqualTo(fullAnswer(f));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aTinyTimeoutIsATinyTimeoutNotNone(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.stall());
        LlmProvider p = provider(f, s, Duration.ofSeconds(30), Duration.ofSeconds(30));
        LlmException e = failure(() -> p.chat(ChatRequest.builder().message(dev.spoon.llm.Message.user("hi"))
                .timeout(Duration.ofNanos(100_000)).build()));
        assertTimeout(e, f, Reason.CALL_TIMEOUT, f.name + " did not finish within 0.0001 s (timeout_s)");
        LlmProvider tiny = provider(f, s, Duration.ofNanos(100_000), Duration.ofSeconds(30));
        assertTimeout(plainFailure(tiny), f, Reason.READ_TIMEOUT, "no data from " + f.name
                + " for 0.0001 s (read_timeout_s)");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aFullListenQueueIsAConnectTimeout(Family f) throws IOException {
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
            List<Socket> fillers = new ArrayList<>();
            try {
                // Linux queues backlog + 1 connections; later SYNs are dropped, so a connect attempt hangs
                boolean hangs = false;
                for (int k = 0; k < 4 && !hangs; k++) {
                    Socket probe = new Socket();
                    try {
                        probe.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(probe);
                    } catch (SocketTimeoutException e) {
                        hangs = true;
                        probe.close();
                    }
                }
                assumeThat(hangs).as("this system drops connections to a full listen queue").isTrue();
                LlmProvider p = f.factory.get();
                p.initialize(new ProviderConfig(f.name, f.type(), KEY, "http://127.0.0.1:" + full.getLocalPort()
                        + f.basePath, null, null, null, Duration.ofSeconds(60), null, Map.of(), 1.0, Map.of(),
                        Duration.ofMillis(150), Duration.ofSeconds(60)));
                LlmException e = plainFailure(p);
                assertTimeout(e, f, Reason.CONNECT_TIMEOUT, "could not connect to " + f.name
                        + " within 0.15 s (connect_timeout_s)");
            } finally {
                for (Socket sk : fillers) {
                    sk.close();
                }
            }
        }
    }

    // ------------------------------------------------------------------ broken connections

    @ParameterizedTest
    @EnumSource(Family.class)
    void aFinMidStreamEndsItEarlyWithThePartialKept(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(f.partialStream());
            c.fin();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isInstanceOf(NetworkException.class);
        assertThat(((NetworkException) e).reason()).isEqualTo(Reason.BROKEN);
        assertThat(e.getMessage()).contains("ended before the answer was complete");
        assertThat(e.provider()).isEqualTo(f.name);
        assertThat(e.retryable()).isTrue();
        assertPartial(e, f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aFinInsideAChunkedBodyIsABrokenConnectionWithThePartialKept(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream", "Transfer-Encoding: chunked");
            c.chunk(f.partialStream());
            c.fin(); // no terminating zero-length chunk
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isInstanceOf(NetworkException.class);
        assertThat(((NetworkException) e).reason()).isEqualTo(Reason.BROKEN);
        assertThat(e.getMessage()).startsWith("the connection to " + f.name + " broke during the answer");
        assertThat(e.retryable()).isTrue();
        assertPartial(e, f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aResetMidStreamIsABrokenConnectionWithThePartialKept(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream", "Transfer-Encoding: chunked");
            c.chunk(f.partialStream());
            Thread.sleep(50); // let the events leave before the reset discards unsent data
            c.rst();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isInstanceOf(NetworkException.class);
        assertThat(((NetworkException) e).reason()).isEqualTo(Reason.BROKEN);
        assertThat(e.getMessage()).startsWith("the connection to " + f.name + " broke during the answer");
        assertThat(e.provider()).isEqualTo(f.name);
        assertThat(e.retryable()).isTrue();
        assertPartial(e, f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aConnectionClosedBeforeAnyAnswerIsARetryableNetworkError(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.fin());
        LlmException e = plainFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isInstanceOf(NetworkException.class);
        assertThat(e.provider()).isEqualTo(f.name);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("network error talking to " + f.name);
    }

    // ------------------------------------------------------------------ not the API

    static final String PORTAL = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>Guest Wi-Fi &amp;"
            + " Login</title><style>body{color:red}</style></head>\n<body><h1>Please sign in</h1></body></html>";

    @ParameterizedTest
    @EnumSource(Family.class)
    void anHtmlPageIsAProviderErrorWithItsTitleOnPlainAndStreamedCalls(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.respond(200, "text/html; charset=utf-8", PORTAL));
        LlmProvider p = provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30));
        for (LlmException e : List.of(plainFailure(p), streamFailure(p))) {
            assertThat(e).isExactlyInstanceOf(ProviderException.class);
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.provider()).isEqualTo(f.name);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).isEqualTo(f.name + " answered with an HTML page instead of the API (HTTP 200):"
                    + " \"Guest Wi-Fi & Login\"; check base_url and the proxy");
        }
        assertThat(s.requests()).hasSize(2); // not retried by the transport
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void anHtmlPageWithoutItsContentTypeOrTitleShowsItsFirstText(Family f) throws IOException {
        String page = "<html><body><script>var x = 1;</script><p>Access   denied by the corporate proxy. "
                + "x".repeat(300) + "</p></body></html>";
        FaultServer s = server((c, i) -> c.respond(i == 0 ? 502 : 200, "application/octet-stream", page));
        LlmProvider p = provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30));
        LlmException bad = plainFailure(p);
        assertThat(bad).isExactlyInstanceOf(ProviderException.class);
        assertThat(bad.status()).isEqualTo(502);
        assertThat(bad.retryable()).as("a gateway's 502 page may pass").isTrue();
        assertThat(bad.getMessage()).contains("(HTTP 502): \"Access denied by the corporate proxy. xxx")
                .doesNotContain("var x");
        LlmException streamed = streamFailure(p);
        assertThat(streamed).isExactlyInstanceOf(ProviderException.class);
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.retryable()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void plainTextOnAStreamedCallIsNotTheApiRatherThanAnEndedStream(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.respond(200, "text/plain", "upstream connect error or disconnect/reset"
                + " before headers. reset reason: overflow"));
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.getMessage()).isEqualTo(f.name + " answered with a text/plain body instead of the API (HTTP 200):"
                + " \"upstream connect error or disconnect/reset before headers. reset reason: overflow\"; check"
                + " base_url and the proxy");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aFiveMegabyteLineArrivesWhole(Family f) throws IOException {
        String big = "é".repeat(2_500_000); // 5 MB of UTF-8 in one event
        String event = switch (f) {
            case OPENAI -> "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\"" + big + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
            case ANTHROPIC -> f.events().get(0) + f.events().get(1)
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"" + big + "\"}}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                    + "\"usage\":{\"output_tokens\":9}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
            case GEMINI -> "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + big + "\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\",\"index\":0}]}\n\n";
        };
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(event);
            c.fin();
        });
        LlmResponse r = LlmProvider.await(provider(f, s, Duration.ofSeconds(10), Duration.ofSeconds(60))
                .chatStream(ChatRequest.ofUser("hi"), c -> { }));
        assertThat(r.content()).hasSize(2_500_000).isEqualTo(big);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aMalformedEventAfterOutputIsAProviderErrorWithThePartialKept(Family f) throws IOException {
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(f.partialStream());
            c.write(f == Family.ANTHROPIC ? "event: content_block_delta\ndata: {\"type\":\"content_blo\n\n"
                    : "data: {\"candidates\": [{\"conte\n\n");
            c.stall();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.getMessage()).startsWith("malformed");
        assertThat(e.retryable()).isFalse();
        assertPartial(e, f);
    }

    // ------------------------------------------------------------------ redirects

    @ParameterizedTest
    @EnumSource(Family.class)
    void aRedirectToAnotherOriginIsNotFollowedAndNoCredentialLeaves(Family f) throws IOException {
        FaultServer other = server("127.0.0.2", (c, i) -> c.respond(200, "application/json", "{}"));
        String location = other.url(f.basePath + "/stolen?x=1");
        FaultServer s = server((c, i) -> c.respond(307, "text/plain", "moved", "Location: " + location));
        LlmProvider p = provider(f, s.url(f.basePath), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Map.of("X-Gateway-Token", "gw-SECRET-777"), Map.of());
        for (LlmException e : List.of(plainFailure(p), streamFailure(p))) {
            assertThat(e).isExactlyInstanceOf(ProviderException.class);
            assertThat(e.status()).isEqualTo(307);
            assertThat(e.provider()).isEqualTo(f.name);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains(location).contains("another origin")
                    .contains("set base_url");
        }
        assertThat(other.requests()).as("nothing reached the other origin").isEmpty();
        assertThat(s.requests().get(0).headers).containsKey(f.keyHeader).containsKey("x-gateway-token");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aRedirectToAnotherPortIsAnotherOrigin(Family f) throws IOException {
        FaultServer other = server((c, i) -> c.respond(200, "application/json", "{}"));
        FaultServer s = server((c, i) -> c.respond(308, "text/plain", "", "Location: " + other.url("/x")));
        assertThat(plainFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30))))
                .isExactlyInstanceOf(ProviderException.class).hasMessageContaining(other.url("/x"));
        assertThat(other.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aSameOriginRedirectIsFollowedWithTheSameMethodBodyAndKey(Family f) throws IOException {
        String answer = ProviderFixtures.fixture(f.plainFixture);
        FaultServer s = server((c, i) -> {
            if (i == 0) {
                c.respond(307, "text/plain", "", "Location: /moved" + f.basePath + "/x");
            } else {
                c.respond(200, "application/json", answer);
            }
        });
        LlmResponse r = LlmProvider.await(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30))
                .chat(ChatRequest.ofUser("hi")));
        assertThat(r.provider()).isEqualTo(f.name);
        List<FaultServer.Exchange> reqs = s.requests();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(1).requestLine).startsWith("POST /moved");
        assertThat(reqs.get(1).body).isEqualTo(reqs.get(0).body).contains("hi");
        assertThat(reqs.get(1).headers.get(f.keyHeader)).contains(KEY);
    }

    // ------------------------------------------------------------------ secrets in errors

    @ParameterizedTest
    @EnumSource(Family.class)
    void aProviderMessageThatEchoesTheKeyIsRedactedAtTheSource(Family f) throws IOException {
        FaultServer s = server((c, i) -> c.respond(401, "application/json",
                f.authErrorBody("Invalid key " + KEY + " for project; header X-Team=team-SECRET-4242")));
        LlmProvider p = provider(f, s.url(f.basePath), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Map.of("X-Team", "team-SECRET-4242"), Map.of("api_key_env", "MYSTUB_KEY"));
        for (LlmException e : List.of(plainFailure(p), streamFailure(p))) {
            assertThat(e).isInstanceOf(AuthenticationException.class);
            assertThat(e.getMessage()).isEqualTo("Invalid key *** for project; header X-Team=***");
            assertThat(e.providerMessage()).isEqualTo("Invalid key *** for project; header X-Team=***");
            assertThat(e.hint()).contains("MYSTUB_KEY").doesNotContain(f.name.toUpperCase() + "_API_KEY");
            assertThat(e.guiHint()).contains("Providers pane").doesNotContain("--api-key");
        }
    }

    @Test
    void aStreamErrorEventThatEchoesTheKeyIsRedactedAndKeepsThePartial() throws IOException {
        Family f = Family.OPENAI;
        FaultServer s = server((c, i) -> {
            c.head(200, "Content-Type: text/event-stream");
            c.write(f.partialStream());
            c.write("data: {\"error\":{\"message\":\"key " + KEY + " was revoked\",\"type\":\"server_error\"}}\n\n");
            c.fin();
        });
        LlmException e = streamFailure(provider(f, s, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThat(e.getMessage()).isEqualTo("key *** was revoked");
        assertPartial(e, f);
    }

    @Test
    void aProxyWithCredentialsGetsProxyAuthorizationAndTheCredentialsStayHidden() throws IOException {
        FaultServer proxy = server((c, i) -> c.respond(200, "application/json",
                ProviderFixtures.fixture("openai-chat-nonstream-text.json")));
        String proxyUrl = proxy.url("").replace("http://", "http://proxyuser:proxy-PASS-9@");
        LlmProvider p = Family.OPENAI.factory.get();
        p.initialize(new ProviderConfig("openai", "openai-compatible", KEY, "http://api.example.invalid/v1", null, null,
                null, Duration.ofSeconds(30), proxyUrl, Map.of(), 1.0, Map.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        LlmProvider.await(p.chat(ChatRequest.ofUser("hi")));
        FaultServer.Exchange seen = proxy.requests().get(0);
        assertThat(seen.requestLine).startsWith("POST http://api.example.invalid/v1/chat/completions");
        assertThat(seen.headers.get("proxy-authorization")).isEqualTo(okhttp3.Credentials.basic("proxyuser",
                "proxy-PASS-9"));
    }

    @Test
    void aProxyAskingForCredentialsGetsThemOnce() throws IOException {
        FaultServer proxy = server((c, i) -> {
            if (c.headers.containsKey("proxy-authorization")) {
                c.respond(200, "application/json", ProviderFixtures.fixture("openai-chat-nonstream-text.json"));
            } else {
                c.respond(407, "text/plain", "auth", "Proxy-Authenticate: Basic realm=\"corp\"");
            }
        });
        String proxyUrl = proxy.url("").replace("http://", "http://u:p%40ss@");
        LlmProvider p = Family.OPENAI.factory.get();
        p.initialize(new ProviderConfig("openai", "openai-compatible", KEY, "http://api.example.invalid/v1", null, null,
                null, Duration.ofSeconds(30), proxyUrl, Map.of(), 1.0, Map.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        LlmProvider.await(p.chat(ChatRequest.ofUser("hi")));
        assertThat(proxy.requests().get(0).headers.get("proxy-authorization"))
                .isEqualTo(okhttp3.Credentials.basic("u", "p@ss"));
    }

    @Test
    void aMalformedProxyUrlIsAConfigurationErrorThatHidesTheCredentials() {
        LlmProvider p = Family.OPENAI.factory.get();
        assertThatThrownBy(() -> p.initialize(new ProviderConfig("openai", "openai-compatible", KEY,
                "http://127.0.0.1:1/v1", null, null, null, Duration.ofSeconds(30), "socks5://u:hunter2pass@127.0.0.1:1080",
                Map.of(), 1.0, Map.of(), null, null)))
                .isInstanceOf(dev.spoon.llm.ConfigurationException.class)
                .hasMessageContaining("SOCKS").hasMessageNotContaining("hunter2pass");
    }
}
