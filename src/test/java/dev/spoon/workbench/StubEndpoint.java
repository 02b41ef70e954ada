package dev.spoon.workbench;

import dev.spoon.llm.providers.ProviderFixtures;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An OpenAI-compatible endpoint on loopback for workbench tests: {@code GET /v1/models} lists one model, and
 * each {@code POST /v1/chat/completions} gets the next scripted answer (a real error body or a recorded
 * stream). Close it after the test.
 */
public final class StubEndpoint implements AutoCloseable {
    /** OpenAI's 429 body, as the API sends it. */
    public static final String RATE_LIMIT_BODY = "{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini in "
            + "organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in "
            + "7s.\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}";

    private final MockWebServer server = new MockWebServer();
    private final ConcurrentLinkedQueue<MockResponse> chats = new ConcurrentLinkedQueue<>();

    public StubEndpoint() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().endsWith("/models")) {
                    return ProviderFixtures.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"stub-1\","
                            + "\"object\":\"model\"}]}");
                }
                MockResponse next = chats.poll();
                return next != null ? next : ProviderFixtures.json(500, "{\"error\":{\"message\":\"no answer "
                        + "scripted\",\"type\":\"server_error\"}}");
            }
        });
        server.start();
    }

    /** The base URL to configure ({@code http://127.0.0.1:PORT/v1}). */
    public String baseUrl() {
        return server.url("/v1").toString();
    }

    /**
     * A configuration with this endpoint as provider {@code mystub} (model {@code stub-1}), three retries, and
     * the simulator ({@code sim}, instant) to fall back to.
     */
    public String configFallingBackToSim() {
        return """
                retry_attempts = 3
                fallback_chain = ["mystub", "sim"]
                [providers.mystub]
                type = "openai-compatible"
                base_url = "%s"
                model = "stub-1"
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """.formatted(baseUrl());
    }

    /** A 429 with {@code Retry-After: seconds}. */
    public StubEndpoint rateLimited(int seconds) {
        chats.add(ProviderFixtures.json(429, RATE_LIMIT_BODY, "Retry-After", String.valueOf(seconds)));
        return this;
    }

    /** OpenAI's 401 for a wrong key. */
    public StubEndpoint unauthorized() {
        chats.add(ProviderFixtures.json(401, ProviderFixtures.fixture("openai-error-401-invalid-api-key.json")));
        return this;
    }

    /** A recorded streamed answer. */
    public StubEndpoint streams() {
        chats.add(ProviderFixtures.sse(ProviderFixtures.fixture("openai-chat-stream-text-include-usage.sse")));
        return this;
    }

    @Override
    public void close() {
        server.close();
    }
}
