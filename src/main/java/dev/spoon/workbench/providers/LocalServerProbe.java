package dev.spoon.workbench.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds local OpenAI-compatible servers (Ollama on port 11434, LM Studio on 1234) with one quick
 * {@code GET {base}/models}. Blocking and short (sub-second time-outs): call it off the UI thread.
 */
public final class LocalServerProbe {
    /** Where Ollama listens by default. */
    public static final String OLLAMA = "http://localhost:11434/v1";
    /** Where LM Studio's server listens by default. */
    public static final String LM_STUDIO = "http://localhost:1234/v1";

    private final OkHttpClient client;

    public LocalServerProbe(Duration timeout) {
        client = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout.multipliedBy(2))
                .retryOnConnectionFailure(false).build();
    }

    /**
     * The model ids the server at {@code baseUrl} lists, or empty when nothing answers there like an
     * OpenAI-compatible server (connection refused, time-out, another status, another body).
     */
    public Optional<List<String>> probe(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl + "models" : baseUrl + "/models";
        try (Response r = client.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (r.code() != 200) {
                return Optional.empty();
            }
            JsonNode data = Json.MAPPER.readTree(r.body().string()).path("data");
            if (!data.isArray()) {
                return Optional.empty();
            }
            List<String> ids = new ArrayList<>();
            data.forEach(m -> {
                if (m.path("id").isTextual()) {
                    ids.add(m.get("id").asText());
                }
            });
            return Optional.of(ids);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
