package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.AuthenticationException;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ModelNotFoundException;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.json.Json;
import dev.spoon.testing.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimProviderTest {
    /** The simulator's time: nothing moves unless the test runs it. */
    final ManualScheduler clock = new ManualScheduler();

    SimProvider sim(Map<String, Object> options) {
        SimProvider p = new SimProvider(clock);
        p.initialize(ProviderConfig.minimal("sim", "sim").withOptions(options));
        return p;
    }

    /** Runs the simulator's clock until {@code call} completes; its answer, or its LlmException thrown. */
    <T> T await(CompletableFuture<T> call) {
        return LlmProvider.await(clock.drive(call));
    }

    static Map<String, Object> fast(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ttft_ms", 0);
        m.put("tokens_per_s", 0);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static final Tool WEATHER = new Tool("weather", "Current weather", Json.tryParse(
            "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));

    @Test
    void echoesTheLastUserMessageWithUsage() {
        LlmResponse r = await(sim(fast()).chat(ChatRequest.ofUser("hello")));
        assertThat(r.content()).isEqualTo("You said: hello");
        assertThat(r.provider()).isEqualTo("sim");
        assertThat(r.model()).isEqualTo("sim-1");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage().completionTokens()).isEqualTo(3);
        assertThat(r.usage().promptTokens()).isPositive();
    }

    @Test
    void streamDeliversTokensThatConcatenateToTheResult() {
        List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        LlmResponse r = await(sim(fast("mode", "lorem", "answer_tokens", 50))
                .chatStream(ChatRequest.ofUser("x"), chunks::add));
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> {
            if (c.deltaContent() != null) {
                sb.append(c.deltaContent());
            }
        });
        assertThat(sb.toString()).isEqualTo(r.content());
        assertThat(chunks.stream().filter(c -> c.deltaContent() != null).count()).isEqualTo(50);
        assertThat(chunks.get(chunks.size() - 1).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(50);
        assertThat(r.ttftMs()).isNotNull();
    }

    @Test
    void loremIsDeterministicForASeed() {
        String a = await(sim(fast("mode", "lorem", "seed", 7)).chat(ChatRequest.ofUser("q"))).content();
        String b = await(sim(fast("mode", "lorem", "seed", 7)).chat(ChatRequest.ofUser("q"))).content();
        String c = await(sim(fast("mode", "lorem", "seed", 8)).chat(ChatRequest.ofUser("q"))).content();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void timingFollowsTtftAndTokensPerSecond() {
        // 20 tokens at 100 tokens/s after a 200 ms first token: 390 ms in all, on the simulator's clock
        SimProvider p = sim(Map.of("ttft_ms", 200, "tokens_per_s", 100, "mode", "lorem", "answer_tokens", 20));
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        long start = clock.nanoTime();
        LlmResponse r = await(p.chatStream(ChatRequest.ofUser("x"), c -> {
            if (c.deltaContent() != null) {
                arrivals.add(clock.nanoTime());
            }
        }));
        assertThat(arrivals).hasSize(20);
        assertThat((arrivals.get(0) - start) / 1_000_000).isEqualTo(200);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000).isEqualTo(10); // one token per 10 ms
        }
        assertThat(r.ttftMs()).isEqualTo(200);
        assertThat(r.durationMs()).isEqualTo(390);
        assertThat(r.usage().completionTokens()).isEqualTo(20);
        // a plain answer arrives whole after the first-token delay plus the generation time
        CompletableFuture<LlmResponse> plain = p.chat(ChatRequest.ofUser("x"));
        clock.advance(Duration.ofMillis(399));
        assertThat(plain).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(plain.join().durationMs()).isEqualTo(400);
    }

    @Test
    void fixedAnswerAndReasoning() {
        List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        LlmResponse r = await(sim(fast("answer", "Forty two.", "reasoning", "Think hard."))
                .chatStream(ChatRequest.ofUser("q"), chunks::add));
        assertThat(r.content()).isEqualTo("Forty two.");
        assertThat(r.reasoning()).isEqualTo("Think hard.");
        int firstReasoning = -1;
        int firstContent = -1;
        for (int i = 0; i < chunks.size(); i++) {
            if (firstReasoning < 0 && chunks.get(i).deltaReasoning() != null) {
                firstReasoning = i;
            }
            if (firstContent < 0 && chunks.get(i).deltaContent() != null) {
                firstContent = i;
            }
        }
        assertThat(firstReasoning).isLessThan(firstContent);
    }

    @Test
    void asksForTheToolThenAnswersWithItsResult() {
        SimProvider p = sim(fast("tool_calls", List.of(Map.of("name", "weather",
                "arguments", Map.of("location", "Florence")))));
        ChatRequest first = ChatRequest.builder().message(Message.user("Weather in Florence?"))
                .tools(List.of(WEATHER)).build();
        LlmResponse call = await(p.chat(first));
        assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(call.toolCalls()).hasSize(1);
        ToolCall tc = call.toolCalls().get(0);
        assertThat(tc.name()).isEqualTo("weather");
        assertThat(Json.tryParse(tc.arguments()).get("location").asText()).isEqualTo("Florence");

        ChatRequest second = first.toBuilder()
                .message(Message.assistant("", call.toolCalls()))
                .message(Message.tool(tc.id(), "weather", "{\"temp_c\": 21, \"sky\": \"clear\"}"))
                .build();
        LlmResponse answer = await(p.chat(second));
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.content()).contains("weather").contains("\"temp_c\": 21");
    }

    @Test
    void withoutAScriptItFillsRequiredArgumentsFromTheSchema() {
        LlmResponse r = await(sim(fast()).chat(ChatRequest.builder()
                .message(Message.user("What is the weather in Paris today")).tools(List.of(WEATHER)).build()));
        JsonNode args = Json.tryParse(r.toolCalls().get(0).arguments());
        assertThat(args.get("location").asText()).isEqualTo("Paris");
    }

    @Test
    void streamedToolCallsArriveAsDeltas() {
        List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        LlmResponse r = await(sim(fast()).chatStream(ChatRequest.builder()
                .message(Message.user("weather in Rome")).tools(List.of(WEATHER)).build(), chunks::add));
        assertThat(chunks.stream().flatMap(c -> c.toolCallDeltas().stream()))
                .singleElement().satisfies(d -> assertThat(d.name()).isEqualTo("weather"));
        assertThat(r.toolCalls()).hasSize(1);
    }

    @Test
    void scriptFileGivesOneAnswerPerAssistantTurn(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("turns.json");
        Files.writeString(script, "[\"first answer\", {\"content\": \"second answer\"}]");
        SimProvider p = sim(fast("mode", "script", "script_file", script.toString()));
        assertThat(await(p.chat(ChatRequest.ofUser("a"))).content()).isEqualTo("first answer");
        ChatRequest turn2 = ChatRequest.of(List.of(Message.user("a"), Message.assistant("first answer"),
                Message.user("b")));
        assertThat(await(p.chat(turn2)).content()).isEqualTo("second answer");
    }

    @ParameterizedTest
    @CsvSource({"rate_limit,RateLimitError,429", "auth,AuthenticationError,401", "provider,ProviderError,500",
            "overloaded,ProviderError,529", "token_limit,TokenLimitError,400", "model_not_found,ModelNotFoundError,404",
            "network,NetworkError,"})
    void failureInjectionByType(String type, String seedName, Integer status) {
        SimProvider p = sim(fast("fail_type", type, "fail_rate", 1.0));
        assertThatThrownBy(() -> await(p.chat(ChatRequest.ofUser("x"))))
                .isInstanceOf(LlmException.class)
                .satisfies(e -> {
                    LlmException le = (LlmException) e;
                    assertThat(le.errorType()).isEqualTo(seedName);
                    assertThat(le.status()).isEqualTo(status);
                    assertThat(le.provider()).isEqualTo("sim");
                });
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        SimProvider p = sim(fast("fail_type", "rate_limit", "retry_after_s", 2));
        assertThatThrownBy(() -> await(p.chat(ChatRequest.ofUser("x"))))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((LlmException) e).retryAfter()).isEqualTo(Duration.ofSeconds(2)))
                .satisfies(e -> assertThat(((LlmException) e).retryable()).isTrue());
    }

    @Test
    void failureRateIsDeterministicWithASeed() {
        List<Boolean> a = outcomes(sim(fast("fail_type", "provider", "fail_rate", 0.5, "seed", 3)));
        List<Boolean> b = outcomes(sim(fast("fail_type", "provider", "fail_rate", 0.5, "seed", 3)));
        assertThat(a).isEqualTo(b);
        assertThat(a).contains(true, false);
        long failures = a.stream().filter(x -> !x).count();
        assertThat(failures).isBetween(25L, 75L); // 100 draws at p = 0.5
    }

    private List<Boolean> outcomes(SimProvider p) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                await(p.chat(ChatRequest.ofUser("x")));
                out.add(true);
            } catch (LlmException e) {
                out.add(false);
            }
        }
        return out;
    }

    @Test
    void midStreamDisconnectKeepsThePartialAnswer() {
        List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        SimProvider p = sim(fast("mode", "lorem", "answer_tokens", 30, "disconnect_after", 10));
        assertThatThrownBy(() -> await(p.chatStream(ChatRequest.ofUser("x"), chunks::add)))
                .isInstanceOf(NetworkException.class)
                .satisfies(e -> {
                    LlmResponse partial = ((LlmException) e).partial();
                    assertThat(partial).isNotNull();
                    assertThat(partial.finishReason()).isEqualTo(FinishReason.ERROR);
                    assertThat(SimPlanner.tokenize(partial.content())).hasSize(10);
                    assertThat(partial.error()).isSameAs(e);
                });
        assertThat(chunks.stream().filter(c -> c.deltaContent() != null).count()).isEqualTo(10);
    }

    @Test
    void unknownModelIsModelNotFoundListingTheModels() {
        assertThatThrownBy(() -> await(sim(fast()).chat(ChatRequest.ofUser("x").withModel("gpt-9"))))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("gpt-9")
                .hasMessageContaining("sim-1");
        LlmResponse any = await(sim(fast("models", List.of("*"))).chat(ChatRequest.ofUser("x")
                .withModel("anything")));
        assertThat(any.model()).isEqualTo("anything");
    }

    @Test
    void cancellingAStreamStopsIt() {
        List<ResponseChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        SimProvider p = sim(Map.of("ttft_ms", 0, "tokens_per_s", 200, "mode", "lorem", "answer_tokens", 10_000));
        CompletableFuture<LlmResponse> f = p.chatStream(ChatRequest.ofUser("x"), chunks::add);
        clock.advance(Duration.ofMillis(10)); // tokens at 0, 5 and 10 ms
        assertThat(chunks).hasSize(3);
        f.cancel(true);
        clock.advance(Duration.ofSeconds(10));
        assertThat(chunks).hasSize(3);
        assertThat(f.isCancelled()).isTrue();
        assertThat(clock.pending()).isZero(); // its ticks are unscheduled
    }

    @Test
    void authFailureAfterChunksOrBefore() {
        SimProvider p = sim(fast("fail_type", "auth"));
        List<ResponseChunk> chunks = new ArrayList<>();
        assertThatThrownBy(() -> await(p.chatStream(ChatRequest.ofUser("x"), chunks::add)))
                .isInstanceOf(AuthenticationException.class);
        assertThat(chunks).isEmpty();
    }

    @Test
    void maxTokensTruncatesTheAnswer() {
        LlmResponse r = await(sim(fast("mode", "lorem", "answer_tokens", 100))
                .chat(ChatRequest.builder().message(Message.user("x")).maxTokens(5).build()));
        assertThat(SimPlanner.tokenize(r.content())).hasSize(5);
    }

    @Test
    void tokenizeRoundTrips() {
        String text = "  Hello,   world!\nNew line\ttab  end ";
        assertThat(String.join("", SimPlanner.tokenize(text))).isEqualTo(text);
    }

    @Test
    void healthCheckReportsTheRealError() {
        assertThat(await(sim(fast()).healthCheck()).healthy()).isTrue();
        var h = await(sim(fast("fail_type", "auth")).healthCheck());
        assertThat(h.healthy()).isFalse();
        assertThat(h.errorType()).isEqualTo("AuthenticationError");
        assertThat(h.error()).contains("Incorrect API key");
    }

    @Test
    void theSimulatorRecordsOpenAiChatCompletionsAndSaysSoWithoutDependingOnThatFamily() {
        assertThat(new SimProvider(clock).wireFormat()).map(dev.spoon.llm.WireFormat::name).contains("openai-chat");
        assertThat(dev.spoon.llm.WireFormat.named("anthropic-messages")).isPresent();
        assertThat(dev.spoon.llm.WireFormat.named("gemini-generate-content")).isPresent();
        assertThat(dev.spoon.llm.WireFormat.named("nope")).isEmpty();
    }
}
