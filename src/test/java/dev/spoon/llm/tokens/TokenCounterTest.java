package dev.spoon.llm.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {
    private final TokenCounter counter = TokenCounter.shared();

    private static Message named(String name, String text) {
        return new Message(Role.SYSTEM, text, null, null, null, name, null);
    }

    /**
     * The conversation of OpenAI's cookbook "How to count tokens with tiktoken", whose prompt the API reports as
     * 129 tokens on gpt-3.5-turbo and gpt-4 (cl100k_base) and 124 on gpt-4o and gpt-4o-mini (o200k_base).
     */
    private static final ChatRequest COOKBOOK = ChatRequest.of(List.of(
            Message.system("You are a helpful, pattern-following assistant that translates corporate jargon "
                    + "into plain English."),
            named("example_user", "New synergies will help drive top-line growth."),
            named("example_assistant", "Things working well together will increase revenue."),
            named("example_user", "Let's circle back when we have more bandwidth to touch base on opportunities "
                    + "for increased leverage."),
            named("example_assistant", "Let's talk later when we're less busy about how to do better."),
            Message.user("This late pivot means we don't have time to boil the ocean for the client deliverable.")));

    @Test
    void openAiCountsMatchWhatTheApiReports() {
        assertThat(counter.count(COOKBOOK, "openai", "gpt-4o-mini"))
                .isEqualTo(new TokenCount(124, TokenCount.Method.EXACT, "o200k_base"));
        assertThat(counter.count(COOKBOOK, "openai", "gpt-4o-2024-08-06").promptTokens()).isEqualTo(124);
        assertThat(counter.count(COOKBOOK, "openai", "gpt-4")).isEqualTo(
                new TokenCount(129, TokenCount.Method.EXACT, "cl100k_base"));
        assertThat(counter.count(COOKBOOK, "openai", "gpt-3.5-turbo-0125").promptTokens()).isEqualTo(129);
    }

    @Test
    void aSingleWordIsEightTokensOnGpt4o() {
        // 3 per message + "user" + "hi" + 3 priming the reply: usage.prompt_tokens = 8 for "hi" on gpt-4o-mini
        assertThat(counter.count(ChatRequest.ofUser("hi"), "openai", "gpt-4o-mini").promptTokens()).isEqualTo(8);
    }

    @Test
    void encodingFollowsTheModelFamilyThroughPrefixes() {
        assertThat(OpenAiTokenizer.encodingOf("gpt-5-mini").orElseThrow().getName()).isEqualTo("o200k_base");
        assertThat(OpenAiTokenizer.encodingOf("gpt-4.1-nano").orElseThrow().getName()).isEqualTo("o200k_base");
        assertThat(OpenAiTokenizer.encodingOf("o3-mini").orElseThrow().getName()).isEqualTo("o200k_base");
        assertThat(OpenAiTokenizer.encodingOf("openai/gpt-4o").orElseThrow().getName()).isEqualTo("o200k_base");
        assertThat(OpenAiTokenizer.encodingOf("ft:gpt-4o-mini-2024-07-18:acme::abc").orElseThrow().getName())
                .isEqualTo("o200k_base");
        assertThat(OpenAiTokenizer.encodingOf("gpt-4-turbo").orElseThrow().getName()).isEqualTo("cl100k_base");
        assertThat(OpenAiTokenizer.encodingOf("claude-sonnet-4-0")).isEmpty();
        assertThat(OpenAiTokenizer.encodingOf("o1x")).isEmpty();
        assertThat(OpenAiTokenizer.encodingOf(null)).isEmpty();
    }

    @Test
    void otherProvidersAreLabelledEstimates() {
        TokenCount claude = counter.count(COOKBOOK, "anthropic", "claude-sonnet-4-0");
        assertThat(claude.method()).isEqualTo(TokenCount.Method.ESTIMATE);
        assertThat(claude.promptTokens()).isEqualTo(124); // the o200k count stands in
        assertThat(counter.count(COOKBOOK, "gemini", "gemini-2.5-flash").exact()).isFalse();
        // an OpenAI name on a provider that serves other models' tokenizers is not trusted either
        assertThat(counter.count(COOKBOOK, "deepseek", "gpt-4o").exact()).isFalse();
        assertThat(counter.count(COOKBOOK, "openrouter", "anthropic/claude-sonnet-4").exact()).isFalse();
        assertThat(counter.count(COOKBOOK, "openrouter", "openai/gpt-4o-mini").exact()).isTrue();
        assertThat(counter.count(COOKBOOK, "openai", "some-new-model").exact()).isFalse();
    }

    @Test
    void responsesApiIsAnEstimate() {
        ProviderConfig pc = ProviderConfig.minimal("openai", "openai").withModel("gpt-4o-mini")
                .withOptions(Map.of("api", "responses"));
        TokenCount c = counter.count(COOKBOOK, pc);
        assertThat(c.promptTokens()).isEqualTo(124);
        assertThat(c.method()).isEqualTo(TokenCount.Method.ESTIMATE);
        assertThat(counter.count(COOKBOOK, pc.withOptions(Map.of())).exact()).isTrue();
    }

    @Test
    void theRequestModelWinsOverTheProvidersOwn() {
        ProviderConfig pc = ProviderConfig.minimal("openai", "openai").withModel("gpt-4");
        assertThat(counter.count(COOKBOOK, pc).promptTokens()).isEqualTo(129);
        assertThat(counter.count(COOKBOOK.withModel("gpt-4o"), pc).promptTokens()).isEqualTo(124);
    }

    @Test
    void toolsImagesAndToolCallsAddTokensAndMakeAnEstimate() throws Exception {
        int base = counter.count(ChatRequest.ofUser("What is the weather in Florence?"), "openai", "gpt-4o")
                .promptTokens();
        JsonNode params = Json.MAPPER.readTree("""
                {"type": "object", "properties": {
                  "location": {"type": "string", "description": "The city."},
                  "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}}""");
        ChatRequest withTool = ChatRequest.ofUser("What is the weather in Florence?")
                .withTools(List.of(new Tool("weather", "Current weather.", params)));
        TokenCount tools = counter.count(withTool, "openai", "gpt-4o");
        assertThat(tools.method()).isEqualTo(TokenCount.Method.ESTIMATE);
        // 7 + "weather:Current weather" (3) + 3 + [3 + "location:string:The city" (5)]
        // + [3 - 3 + 3 + 1 ("celsius") + 3 + 2 ("fahrenheit") + "unit:string:" (4)] + 12
        assertThat(tools.promptTokens() - base).isGreaterThan(40).isLessThan(60);

        ChatRequest image = ChatRequest.of(List.of(Message.user(List.of(new ContentPart.Text("What is this?"),
                ContentPart.Image.ofUrl("https://example.org/cat.png")))));
        TokenCount img = counter.count(image, "openai", "gpt-4o");
        assertThat(img.exact()).isFalse();
        assertThat(img.promptTokens()).isEqualTo(counter.count(ChatRequest.ofUser("What is this?"), "openai",
                "gpt-4o").promptTokens() + TokenCounter.IMAGE_TOKENS);

        ChatRequest toolTurn = ChatRequest.of(List.of(Message.user("Weather?"),
                Message.assistant(null, List.of(new ToolCall("call_1", "weather", "{\"location\":\"Florence\"}"))),
                Message.tool("call_1", "weather", "22 C")));
        TokenCount turn = counter.count(toolTurn, "openai", "gpt-4o");
        assertThat(turn.exact()).isFalse();
        assertThat(turn.promptTokens()).isGreaterThan(counter.count(ChatRequest.ofUser("Weather?"), "openai",
                "gpt-4o").promptTokens() + 10);
    }

    @Test
    void aResponseSchemaIsPartOfThePromptAndMakesAnEstimate() throws Exception {
        ChatRequest plain = ChatRequest.ofUser("Name a colour.");
        JsonNode schema = Json.MAPPER.readTree("{\"type\":\"object\",\"properties\":{\"colour\":{\"type\":"
                + "\"string\"}},\"required\":[\"colour\"]}");
        ChatRequest shaped = plain.toBuilder().options(dev.spoon.llm.RequestOptions.NONE.withResponseFormat(
                dev.spoon.llm.ResponseFormat.JsonSchema.of(schema))).build();
        TokenCount a = counter.count(plain, "openai", "gpt-4o");
        TokenCount b = counter.count(shaped, "openai", "gpt-4o");
        assertThat(a.exact()).isTrue();
        assertThat(b.exact()).isFalse();
        assertThat(b.promptTokens() - a.promptTokens()).isGreaterThanOrEqualTo(counter.countText(schema.toString(),
                "gpt-4o"));
    }

    @Test
    void specialTokenTextIsOrdinaryText() {
        // a user may paste "<|endoftext|>": the API counts it as plain text, and so must we (no exception)
        assertThat(counter.count(ChatRequest.ofUser("<|endoftext|>"), "openai", "gpt-4o").promptTokens())
                .isGreaterThan(8);
        assertThat(counter.countText("<|endoftext|>", "gpt-4o")).isGreaterThan(1);
    }

    @Test
    void theSimulatorCountsExactlyWithItsOwnRule() {
        TokenCount c = counter.count(ChatRequest.of(List.of(Message.system("abcd"), Message.user("hello"))), "sim",
                null);
        assertThat(c).isEqualTo(new TokenCount(3 + 1 + 3 + 2, TokenCount.Method.EXACT, "sim"));
    }
}
