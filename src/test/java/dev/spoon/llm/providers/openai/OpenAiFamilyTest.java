package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.registry.ProviderRegistry;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.init;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.sseOneByteAtATime;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The members of the OpenAI-compatible family: their quirks and recorded streams. */
class OpenAiFamilyTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String base() {
        return server.url("/v1").toString();
    }

    @Test
    void deepSeekReasoningContentComesBeforeTheAnswer() {
        DeepSeekProvider p = init(new DeepSeekProvider(), "deepseek", base(), "sk-ds-1234", null);
        server.enqueue(sse(fixture("deepseek-chat-stream-reasoning.sse")));
        List<ResponseChunk> chunks = new CopyOnWriteArrayList<>();
        LlmResponse r = LlmProvider.await(p.chatStream(ChatRequest.builder()
                .message(dev.spoon.llm.Message.user("hi")).model("deepseek-reasoner").build(), chunks::add));
        assertThat(r.reasoning()).startsWith("Hmm, the user just said \"");
        assertThat(r.content()).isNotBlank();
        assertThat(r.usage().reasoningTokens()).isEqualTo(198);
        assertThat(r.usage().totalTokens()).isEqualTo(218);
        assertThat(r.model()).isEqualTo("deepseek-reasoner");
        int firstContent = -1;
        int lastReasoning = -1;
        for (int i = 0; i < chunks.size(); i++) {
            ResponseChunk c = chunks.get(i);
            if (c.deltaReasoning() != null && !c.deltaReasoning().isEmpty()) {
                lastReasoning = i;
            }
            if (firstContent < 0 && c.deltaContent() != null && !c.deltaContent().isEmpty()) {
                firstContent = i;
            }
        }
        assertThat(lastReasoning).isLessThan(firstContent);
        assertThat(take(server).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void openRouterSendsAttributionHeadersAndSkipsKeepAlives() {
        OpenRouterProvider p = init(new OpenRouterProvider(), "openrouter", base(), "sk-or-1234",
                Map.of("http_referer", "https://example.org", "x_title", "Spoon Test"));
        server.enqueue(sse(fixture("openrouter-chat-stream-text-keepalive.sse")));
        LlmResponse r = LlmProvider.await(p.chatStream(ChatRequest.ofUser("hi"), null));
        assertThat(r.content()).isEqualTo("Olá! 😊");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.nativeFinishReason()).isEqualTo("completed");
        assertThat(r.usage().totalTokens()).isEqualTo(26);
        assertThat(r.model()).isEqualTo("openai/gpt-5.4-nano-20260317");
        RecordedRequest req = take(server);
        assertThat(req.getHeaders().get("HTTP-Referer")).isEqualTo("https://example.org");
        assertThat(req.getHeaders().get("X-Title")).isEqualTo("Spoon Test");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer sk-or-1234");
    }

    @Test
    void ollamaReasoningFieldNoKeyAndOneByteReads() {
        OllamaProvider p = init(new OllamaProvider(), "ollama", base(), null, null);
        server.enqueue(sseOneByteAtATime(fixture("ollama-chat-stream-reasoning-include-usage.sse")));
        LlmResponse r = LlmProvider.await(p.chatStream(ChatRequest.builder()
                .message(dev.spoon.llm.Message.user("hi")).model("gpt-oss:20b").build(), null));
        assertThat(r.reasoning()).startsWith("The user says \"hi\".");
        assertThat(r.content()).endsWith("help you today?");
        assertThat(r.usage().promptTokens()).isEqualTo(68);
        assertThat(r.usage().completionTokens()).isEqualTo(41);
        RecordedRequest req = take(server);
        assertThat(req.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void customCompatibleEndpointWithItsOwnHeadersAndOptionalKey() {
        OpenAiCompatibleProvider p = new OpenAiCompatibleProvider();
        p.initialize(new ProviderConfig("mylocal", "openai-compatible", null, base() + "/", "qwen3", null, null,
                Duration.ofSeconds(5), null, Map.of("X-Extra", "1"), 1.0, null));
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmResponse r = LlmProvider.await(p.chat(ChatRequest.ofUser("hi")));
        assertThat(r.provider()).isEqualTo("mylocal");
        RecordedRequest req = take(server);
        assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(req.getHeaders().get("X-Extra")).isEqualTo("1");
        assertThat(req.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void lmStudioDefaultsToItsLocalServer() {
        LmStudioProvider p = new LmStudioProvider();
        p.initialize(ProviderConfig.minimal("lmstudio", "lmstudio"));
        assertThat(p.baseUrl()).isEqualTo("http://localhost:1234/v1");
        OllamaProvider o = new OllamaProvider();
        o.initialize(ProviderConfig.minimal("ollama", "ollama"));
        assertThat(o.baseUrl()).isEqualTo("http://localhost:11434/v1");
    }

    @Test
    void keyedProvidersRefuseToStartWithoutAKey() {
        assertThatThrownBy(() -> new OpenAiProvider().initialize(ProviderConfig.minimal("openai", "openai")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void everyFamilyMemberIsRegistered() {
        ProviderRegistry r = ProviderRegistry.global();
        assertThat(r.names()).contains("openai", "openrouter", "deepseek", "ollama", "lmstudio", "openai-compatible");
        assertThat(r.create("deepseek")).isInstanceOf(DeepSeekProvider.class);
    }

    @Test
    void openRouterMidStreamErrorChunkKeepsThePartial() {
        OpenRouterProvider p = init(new OpenRouterProvider(), "openrouter", base(), "sk-or-1234", null);
        server.enqueue(sse(": OPENROUTER PROCESSING\n\n"
                + "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"model\":\"x/y\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Par\",\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"x/y\","
                + "\"provider\":\"Upstream\",\"error\":{\"code\":502,\"message\":\"Provider disconnected\"},"
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n"));
        assertThatThrownBy(() -> LlmProvider.await(p.chatStream(ChatRequest.ofUser("x"), null)))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.providerMessage()).isEqualTo("Provider disconnected");
                    assertThat(e.partial().content()).isEqualTo("Par");
                    assertThat(e.partial().finishReason()).isEqualTo(FinishReason.ERROR);
                });
    }
}
