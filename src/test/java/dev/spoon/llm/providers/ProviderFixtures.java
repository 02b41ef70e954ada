package dev.spoon.llm.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Recorded provider bodies (src/test/resources/fixtures) and MockWebServer helpers for provider tests. */
public final class ProviderFixtures {
    private ProviderFixtures() {
    }

    public static String fixture(String name) {
        try (InputStream in = ProviderFixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new AssertionError("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A 200 {@code text/event-stream} answer. */
    public static MockResponse sse(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    /** A 200 event stream written one byte per socket write. */
    public static MockResponse sseOneByteAtATime(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(body)
                .throttleBody(1, 0, TimeUnit.NANOSECONDS).build();
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    public static MockResponse json(int code, String body, String header, String value) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .setHeader(header, value).body(body).build();
    }

    /** {@code provider} initialized as {@code name} of {@code type} against {@code baseUrl}. */
    public static <T extends LlmProvider> T init(T provider, String type, String baseUrl, String key,
                                                 Map<String, Object> options) {
        return init(provider, type, baseUrl, key, options, ProviderContext.none());
    }

    /** As {@link #init(LlmProvider, String, String, String, Map)}, reporting to {@code context}. */
    public static <T extends LlmProvider> T init(T provider, String type, String baseUrl, String key,
                                                 Map<String, Object> options, ProviderContext context) {
        provider.initialize(new ProviderConfig(type, type, key, baseUrl, null, null, null, Duration.ofSeconds(10),
                null, null, 1.0, options), context);
        return provider;
    }

    public static JsonNode body(RecordedRequest r) {
        return Json.tryParse(r.getBody().utf8());
    }

    public static RecordedRequest take(MockWebServer server) {
        try {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request arrived");
            }
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
