package dev.spoon.llm.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.Message;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.WireFormatFixtures;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static dev.spoon.llm.providers.ProviderFixtures.init;
import static dev.spoon.llm.providers.ProviderFixtures.json;
import static dev.spoon.llm.providers.ProviderFixtures.sse;
import static dev.spoon.llm.providers.ProviderFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicWireFormatTest {
    private static final AnthropicWireFormat FORMAT = AnthropicWireFormat.INSTANCE;
    private static final Tool WEATHER = new Tool("weather", "Current weather for a place", Json.tryParse(
            "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));

    private MockWebServer server;
    private AnthropicProvider claude;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        claude = init(new AnthropicProvider(), "anthropic", server.url("/").toString(), "sk-ant-test-1234", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestWithToolUseToolResultsImagesAndSignedThinkingRoundTrips() {
        ChatRequest original = ChatRequest.builder().model("claude-sonnet-4-5").temperature(0.2).maxTokens(1024)
                .message(Message.system("You are a weather bot."))
                .message(Message.user(List.of(new ContentPart.Text("Weather where this was taken?"),
                        ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo="),
                        ContentPart.Image.ofUrl("https://example.org/paris.jpg"))))
                .message(new Message(Role.ASSISTANT, "Let me check both.", null, List.of(
                        new ToolCall("toolu_01A", "weather", "{\"location\":\"Paris\"}", "anthropic:EqQBCkgIARAB"),
                        new ToolCall("toolu_01B", "weather", "{\"location\":\"Lyon\"}")), null, null,
                        "The photo shows the Eiffel tower; Lyon is close."))
                .message(Message.tool("toolu_01A", "weather", "{\"temperature\":21}"))
                .message(Message.tool("toolu_01B", "weather", "sunny, 25 C"))
                .message(Message.user("And tomorrow?"))
                .tools(List.of(WEATHER)).toolChoice(ToolChoice.REQUIRED).tag("origin", "test").build();
        server.enqueue(json(200, fixture("anthropic-messages-nonstream-tool-use.json")));
        LlmProvider.await(claude.chat(original));
        String body = take(server).getBody().utf8();
        JsonNode sent = Json.tryParse(body);
        assertThat(sent.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");
        assertThat(sent.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result"); // merged user turn
        WireRequest back = FORMAT.parseRequest(body, null);
        assertThat(back.stream()).isFalse();
        assertThat(back.request()).isEqualTo(WireFormatFixtures.sent(original));
    }

    @Test
    void aStreamedRequestSaysSo() {
        server.enqueue(sse(fixture("anthropic-messages-stream-text.sse")));
        ChatRequest original = ChatRequest.builder().model("claude-sonnet-4-5").maxTokens(64)
                .message(Message.user("hi")).build();
        LlmProvider.await(claude.chatStream(original, null));
        WireRequest back = FORMAT.parseRequest(take(server).getBody().utf8(), null);
        assertThat(back.stream()).isTrue();
        assertThat(back.request()).isEqualTo(WireFormatFixtures.sent(original));
    }

    @Test
    void aClientsRequestAsTheAnthropicSdkSendsIt() {
        WireRequest r = FORMAT.parseRequest("""
                {"model": "claude-sonnet-4-20250514", "max_tokens": 2048, "stream": true,
                 "system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}],
                 "messages": [
                   {"role": "user", "content": "What's the weather in Paris?"},
                   {"role": "assistant", "content": [
                     {"type": "thinking", "thinking": "I need the tool.", "signature": "sig123"},
                     {"type": "tool_use", "id": "toolu_9", "name": "weather", "input": {"location": "Paris"}}]},
                   {"role": "user", "content": [
                     {"type": "tool_result", "tool_use_id": "toolu_9", "is_error": false,
                      "content": [{"type": "text", "text": "18 C, "}, {"type": "text", "text": "cloudy"}]}]}
                 ],
                 "tools": [{"name": "weather", "description": "Weather", "input_schema": {"type": "object",
                   "properties": {"location": {"type": "string"}}}}],
                 "tool_choice": {"type": "tool", "name": "weather", "disable_parallel_tool_use": true},
                 "thinking": {"type": "enabled", "budget_tokens": 1024}, "stop_sequences": ["END"],
                 "metadata": {"user_id": "u-1"}}
                """, null);
        ChatRequest q = r.request();
        assertThat(r.stream()).isTrue();
        assertThat(q.model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(q.maxTokens()).isEqualTo(2048);
        assertThat(q.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(q.messages().get(0).text()).isEqualTo("Be brief.");
        Message call = q.messages().get(2);
        assertThat(call.content()).isNull();
        assertThat(call.reasoning()).isEqualTo("I need the tool.");
        assertThat(call.toolCalls()).containsExactly(new ToolCall("toolu_9", "weather", "{\"location\":\"Paris\"}",
                "anthropic:sig123"));
        assertThat(q.messages().get(3)).isEqualTo(Message.tool("toolu_9", "weather", "18 C, cloudy"));
        assertThat(q.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.NAMED, "weather"));
        assertThat(q.extra()).containsOnlyKeys("thinking", "stop_sequences", "metadata");
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"model\":\"c\",\"max_tokens\":5}", null))
                .hasMessage("messages: expected a non-empty array of messages");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}", null))
                .hasMessageStartingWith("messages.0: role: expected user or assistant");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"document\",\"source\":{}}]}]}", null)).hasMessageStartingWith("messages.0: content.0: block type "
                + "'document' is not supported");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}", null))
                .hasMessageContaining("tool type 'web_search_20250305' is not supported");
    }

    @Test
    void recordedEventsGiveTheirTextThinkingAndToolFragments() {
        List<String> events = WireFormatFixtures.recordedEvents(fixture("anthropic-messages-stream-text.sse"));
        assertThat(events.get(0)).startsWith("event: message_start\ndata: {");
        server.enqueue(sse(fixture("anthropic-messages-stream-text.sse")));
        String answer = LlmProvider.await(claude.chatStream(ChatRequest.ofUser("hi"), null)).content();
        assertThat(WireFormatFixtures.text(FORMAT, events)).isEqualTo(answer).startsWith("Olá!");

        ResponseChunk thinking = FORMAT.readEvent("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                + "\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm.\"}}");
        assertThat(thinking.deltaReasoning()).isEqualTo("Hmm.");
        ResponseChunk args = FORMAT.readEvent("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                + "\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"loc\"}}");
        assertThat(args.toolCallDeltas()).singleElement().satisfies(d -> {
            assertThat(d.index()).isEqualTo(1);
            assertThat(d.argumentsFragment()).isEqualTo("{\"loc");
        });
        assertThat(FORMAT.readEvent("event: ping\ndata: {\"type\": \"ping\"}").hasContent()).isFalse();
    }
}
