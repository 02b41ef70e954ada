package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Role;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.WireReplay;
import dev.spoon.llm.providers.openai.OpenAiChatWriter;
import dev.spoon.llm.providers.openai.OpenAiStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Messages format on the gateway's side, per direction: an Anthropic client's body → the neutral request;
 * a neutral answer (from any provider's recorded answer) → Messages objects and events, read back by the
 * Anthropic reader; and across formats (an Anthropic stream written for an OpenAI client, an OpenAI stream
 * written for an Anthropic client).
 */
class AnthropicGatewayWireTest {

    static final String AGENT_TURN = """
            {"model": "openai/gpt-4o-mini", "max_tokens": 1024, "temperature": 0.5, "stream": false,
             "system": [{"type": "text", "text": "You are a weather bot.", "cache_control": {"type": "ephemeral"}}],
             "messages": [
               {"role": "user", "content": [{"type": "text", "text": "What is this, and the weather?"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}]},
               {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "They want weather.", "signature": "EqQBCkYIBxgCKkDsig"},
                  {"type": "text", "text": "Let me check."},
                  {"type": "tool_use", "id": "toolu_01XLb9pzgfLa2EMyqWot6Ezt", "name": "weather",
                   "input": {"location": "Florence,Italy"}}]},
               {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_01XLb9pzgfLa2EMyqWot6Ezt",
                   "content": [{"type": "text", "text": "sunny, 24 C"}]},
                  {"type": "text", "text": "And tomorrow?"}]}
             ],
             "tools": [{"name": "weather", "description": "Current weather",
                        "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}}}],
             "tool_choice": {"type": "any"}, "top_k": 5, "metadata": {"user_id": "u-42"}}""";

    @Test
    void anAgentTurnBecomesTheNeutralRequest() {
        ChatRequest r = AnthropicRequestParser.parse(Json.tryParse(AGENT_TURN));
        assertThat(r.model()).isEqualTo("openai/gpt-4o-mini");
        assertThat(r.maxTokens()).isEqualTo(1024);
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
                Role.TOOL, Role.USER);
        assertThat(r.messages().get(0).text()).isEqualTo("You are a weather bot.");
        assertThat(r.messages().get(1).hasImages()).isTrue();
        assertThat(r.messages().get(2).reasoning()).isEqualTo("They want weather.");
        assertThat(r.messages().get(2).text()).isEqualTo("Let me check.");
        assertThat(r.messages().get(2).toolCalls().get(0).arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(AnthropicWire.signatureOf(r.messages().get(2).toolCalls().get(0))).isEqualTo("EqQBCkYIBxgCKkDsig");
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(r.messages().get(3).text()).isEqualTo("sunny, 24 C");
        assertThat(r.messages().get(4).text()).isEqualTo("And tomorrow?");
        assertThat(r.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(r.tools().get(0).parameters().path("properties").has("location")).isTrue();
        assertThat(r.extra()).containsOnlyKeys("top_k", "metadata");
    }

    @Test
    void writingTheParsedRequestBackForAnthropicGivesTheSameTurns() {
        JsonNode original = Json.tryParse(AGENT_TURN).path("messages");
        ChatRequest r = AnthropicRequestParser.parse(Json.tryParse(AGENT_TURN));
        JsonNode again = Json.MAPPER.valueToTree(AnthropicWire.messages(r.messages()));
        assertThat(again.get(1)).isEqualTo(original.get(1)); // thinking (signed), text, tool_use
        assertThat(again.get(2).path("content").get(0).path("tool_use_id").asText())
                .isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(again.get(2).path("content").get(1).path("text").asText()).isEqualTo("And tomorrow?");
        assertThat(AnthropicWire.system(r.messages())).isEqualTo("You are a weather bot.");
    }

    @Test
    void badBodiesNameWhatIsWrong() {
        assertThatThrownBy(() -> AnthropicRequestParser.parse(Json.tryParse(
                "{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}")))
                .hasMessageContaining("messages.0").hasMessageContaining("user or assistant");
        assertThatThrownBy(() -> AnthropicRequestParser.parse(Json.tryParse(
                "{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                        + "\"document\"}]}]}"))).hasMessageContaining("document");
        assertThatThrownBy(() -> AnthropicRequestParser.parse(Json.tryParse(
                "{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}")))
                .hasMessageContaining("web_search_20250305");
    }

    @Test
    void aRecordedCachedAnswerWrittenBackKeepsItsUsageSplit() {
        String recorded = fixture("anthropic-messages-nonstream-cache-read-creation.json");
        LlmResponse r = AnthropicProvider.parseMessage("anthropic", "claude-sonnet-4-5", recorded);
        JsonNode written = AnthropicMessagesWriter.message(r, "msg_gw");
        JsonNode original = Json.tryParse(recorded);
        for (String f : List.of("input_tokens", "output_tokens", "cache_read_input_tokens",
                "cache_creation_input_tokens")) {
            assertThat(written.path("usage").path(f)).as(f).isEqualTo(original.path("usage").path(f));
        }
        assertThat(written.path("stop_reason")).isEqualTo(original.path("stop_reason"));
        assertThat(written.path("id")).isEqualTo(original.path("id"));
    }

    @Test
    void aRecordedToolUseAnswerWrittenBackReadsBackToTheSameCall() {
        String recorded = fixture("anthropic-messages-nonstream-tool-use.json");
        LlmResponse r = AnthropicProvider.parseMessage("anthropic", "m", recorded);
        JsonNode written = AnthropicMessagesWriter.message(r, "msg_gw");
        assertThat(written.path("content").get(1).path("input")).isEqualTo(Json.tryParse(recorded).path("content")
                .get(1).path("input"));
        LlmResponse again = AnthropicProvider.parseMessage("gw", "m", written.toString());
        assertThat(again.toolCalls()).isEqualTo(r.toolCalls());
        assertThat(again.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(again.content()).isEqualTo(r.content());
    }

    @Test
    void anOpenAiToolCallStreamWrittenAsMessagesEventsReadsBackToTheSameCall() {
        List<ResponseChunk> chunks = new ArrayList<>();
        LlmResponse original = WireReplay.replay(fixture("openai-chat-stream-tool-call.sse"),
                new OpenAiStream("openai", "gpt-4o-mini", chunks::add));
        AnthropicMessagesWriter.Stream w = new AnthropicMessagesWriter.Stream("msg_gw", "gpt-4o-mini");
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> w.chunk(c, out));
        w.finish(original, out);
        assertThat(out.toString()).startsWith("event: message_start\n").endsWith("event: message_stop\ndata: "
                + "{\"type\":\"message_stop\"}\n\n");
        LlmResponse again = WireReplay.replay(out.toString(), new AnthropicProvider.Stream("gw", "m", null));
        assertThat(again.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
            assertThat(c.name()).isEqualTo("weather");
            assertThat(c.arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        });
        assertThat(again.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(again.usage().promptTokens()).isEqualTo(61);
        assertThat(again.usage().completionTokens()).isEqualTo(16);
    }

    @Test
    void anAnthropicTextStreamWrittenAsChatCompletionChunksReadsBackToTheSameText() {
        List<ResponseChunk> chunks = new ArrayList<>();
        LlmResponse original = WireReplay.replay(fixture("anthropic-messages-stream-text.sse"),
                new AnthropicProvider.Stream("anthropic", "m", chunks::add));
        OpenAiChatWriter.Stream w = new OpenAiChatWriter.Stream("chatcmpl-gw", "m", true, 1L);
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> w.chunk(c, out));
        w.finish(original, out);
        LlmResponse again = WireReplay.replay(out.toString(), new OpenAiStream("gw", "m", null));
        assertThat(again.content()).isEqualTo(original.content()).startsWith("Olá! (That's \"hi\" in Portuguese)");
        assertThat(again.finishReason()).isEqualTo(FinishReason.STOP);
        // OpenAI's usage has prompt, completion and total tokens, and cache reads; no cache writes
        assertThat(again.usage().promptTokens()).isEqualTo(original.usage().promptTokens());
        assertThat(again.usage().completionTokens()).isEqualTo(original.usage().completionTokens());
        assertThat(again.usage().totalTokens()).isEqualTo(original.usage().totalTokens());
    }

    @Test
    void aFailedStreamEndsWithAnErrorEventThatTheReaderReports() {
        AnthropicMessagesWriter.Stream w = new AnthropicMessagesWriter.Stream("msg_gw", "m");
        StringBuilder out = new StringBuilder();
        w.chunk(ResponseChunk.text("Half"), out);
        w.fail(429, "Rate limit reached", out);
        assertThat(out.toString()).doesNotContain("message_stop");
        assertThatThrownBy(() -> WireReplay.replay(out.toString(), new AnthropicProvider.Stream("gw", "m", null)))
                .isInstanceOf(dev.spoon.llm.RateLimitException.class).hasMessageContaining("Rate limit reached");
    }
}
