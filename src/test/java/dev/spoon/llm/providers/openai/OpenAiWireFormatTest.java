package dev.spoon.llm.providers.openai;

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
import mockwebserver3.RecordedRequest;
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

class OpenAiWireFormatTest {
    private static final OpenAiWireFormat FORMAT = OpenAiWireFormat.INSTANCE;
    static final Tool WEATHER = new Tool("weather", "Current weather for a place", Json.tryParse(
            "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));

    private MockWebServer server;
    private OpenAiProvider openai;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        openai = init(new OpenAiProvider(), "openai", server.url("/v1").toString(), "sk-test-1234", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A conversation with every kind of message the neutral request holds. */
    static ChatRequest everything(String model) {
        return ChatRequest.builder().model(model).temperature(0.3).maxTokens(200)
                .message(Message.system("You are a weather bot."))
                .message(Message.user(List.of(new ContentPart.Text("Weather where this photo was taken?"),
                        ContentPart.Image.ofUrl("https://example.org/paris.jpg"),
                        ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo="))))
                .message(Message.assistant(null, List.of(new ToolCall("call_1", "weather", "{\"location\":\"Paris\"}"),
                        new ToolCall("call_2", "weather", "{\"location\":\"Lyon\"}"))))
                .message(Message.tool("call_1", "weather", "{\"temperature\":21}"))
                .message(Message.tool("call_2", "weather", "sunny, 25 C"))
                .message(Message.assistant("Paris: 21 C; Lyon: sunny, 25 C."))
                .message(Message.user("Thanks!"))
                .tools(List.of(WEATHER)).toolChoice(new ToolChoice(ToolChoice.Mode.NAMED, "weather"))
                .tag("origin", "test").build();
    }

    @Test
    void aRequestRoundTripsThroughTheProvidersOwnBody() {
        ChatRequest original = everything("gpt-4o-mini");
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(original));
        RecordedRequest sent = take(server);
        WireRequest back = FORMAT.parseRequest(sent.getBody().utf8(), sent.getUrl().toString());
        assertThat(back.stream()).isFalse();
        assertThat(back.request()).isEqualTo(WireFormatFixtures.sent(original));
    }

    @Test
    void aStreamedRequestSaysSo() {
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        ChatRequest original = ChatRequest.builder().model("gpt-4o-mini").message(Message.user("hi")).build();
        LlmProvider.await(openai.chatStream(original, null));
        WireRequest back = FORMAT.parseRequest(take(server).getBody().utf8(), null);
        assertThat(back.stream()).isTrue();
        assertThat(back.request()).isEqualTo(WireFormatFixtures.sent(original));
    }

    @Test
    void aClientsRequestAsTheOpenAiSdkSendsIt() {
        WireRequest r = FORMAT.parseRequest("""
                {"model": "gpt-4o-2024-08-06",
                 "messages": [
                   {"role": "developer", "content": "Answer in JSON."},
                   {"role": "user", "name": "ana", "content": [{"type": "text", "text": "What is in this image?"},
                     {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ", "detail": "low"}}]},
                   {"role": "assistant", "content": null, "refusal": null, "tool_calls": [{"id": "call_abc",
                     "type": "function", "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_abc", "content": [{"type": "text", "text": "a cat"}]}
                 ],
                 "tools": [{"type": "function", "function": {"name": "lookup", "description": "Look up",
                   "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}, "strict": true}}],
                 "tool_choice": "required", "max_completion_tokens": 500, "temperature": 0,
                 "stream": true, "stream_options": {"include_usage": true},
                 "response_format": {"type": "json_object"}, "seed": 42, "top_p": 0.9, "user": "u-1"}
                """, null);
        ChatRequest q = r.request();
        assertThat(r.stream()).isTrue();
        assertThat(q.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(q.maxTokens()).isEqualTo(500);
        assertThat(q.temperature()).isZero();
        assertThat(q.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(q.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(q.messages().get(1).name()).isEqualTo("ana");
        assertThat(q.messages().get(1).parts()).containsExactly(new ContentPart.Text("What is in this image?"),
                ContentPart.Image.ofBase64("image/jpeg", "/9j/4AAQ"));
        assertThat(q.messages().get(2).toolCalls()).containsExactly(new ToolCall("call_abc", "lookup", "{\"q\":\"cat\"}"));
        assertThat(q.messages().get(3).toolCallId()).isEqualTo("call_abc");
        assertThat(q.messages().get(3).name()).isEqualTo("lookup");
        assertThat(q.messages().get(3).text()).isEqualTo("a cat");
        assertThat(q.tools()).singleElement().satisfies(t -> assertThat(t.name()).isEqualTo("lookup"));
        assertThat(q.extra()).containsOnlyKeys("response_format", "seed", "top_p", "user");
        assertThat(((JsonNode) q.extra().get("response_format")).path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void theExtraFieldsGoBackOutUnchanged() {
        ChatRequest parsed = FORMAT.parseRequest("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"seed\":7,\"response_format\":{\"type\":\"json_object\"}}", null).request();
        server.enqueue(json(200, fixture("openai-chat-nonstream-text.json")));
        LlmProvider.await(openai.chat(parsed));
        JsonNode body = Json.tryParse(take(server).getBody().utf8());
        assertThat(body.path("seed").asInt()).isEqualTo(7);
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> FORMAT.parseRequest("[1]", null)).hasMessageStartingWith("the request body must be a "
                + "JSON object");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"model\":\"x\"}", null))
                .hasMessage("messages: expected a non-empty array of messages");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                + "{\"role\":\"bot\",\"content\":\"b\"}]}", null)).hasMessageStartingWith("message 1: unknown role 'bot'");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_audio\"}]}]}", null)).hasMessage("message 0: unsupported content part type 'input_audio'");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
                + "\"max_tokens\":\"many\"}", null)).hasMessageStartingWith("max_tokens: expected a positive whole number");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
                + "\"tool_choice\":\"sometimes\"}", null)).hasMessageStartingWith("tool_choice: expected");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\":[]}", null))
                .hasMessage("messages: expected a non-empty array of messages");
    }

    @Test
    void recordedEventsGiveTheirTextAndToolFragments() {
        List<String> events = WireFormatFixtures.recordedEvents(fixture("openai-chat-stream-text-include-usage.sse"));
        server.enqueue(sse(fixture("openai-chat-stream-text-include-usage.sse")));
        String answer = LlmProvider.await(openai.chatStream(ChatRequest.ofUser("hi"), null)).content();
        assertThat(WireFormatFixtures.text(FORMAT, events)).isEqualTo(answer).isNotEmpty();
        assertThat(FORMAT.readEvent("[DONE]").hasContent()).isFalse();

        List<String> tool = WireFormatFixtures.recordedEvents(fixture("openai-chat-stream-tool-call.sse"));
        StringBuilder args = new StringBuilder();
        for (String e : tool) {
            ResponseChunk c = FORMAT.readEvent(e);
            c.toolCallDeltas().forEach(d -> args.append(d.argumentsFragment() == null ? "" : d.argumentsFragment()));
        }
        assertThat(Json.tryParse(args.toString()).path("location").asText()).isNotEmpty();
    }
}
