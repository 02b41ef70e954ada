package dev.spoon.llm.providers.gemini;

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

class GeminiWireFormatTest {
    private static final GeminiWireFormat FORMAT = GeminiWireFormat.INSTANCE;
    private static final Tool WEATHER = new Tool("weather", "Current weather for a place", Json.tryParse(
            "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));

    private MockWebServer server;
    private GeminiProvider gemini;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        gemini = init(new GeminiProvider(), "gemini", server.url("/v1beta").toString(), "AIza-test-1234", null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRequestWithFunctionCallsResponsesAndImagesRoundTripsExceptTheCallIdsGeminiDoesNotCarry() {
        ChatRequest original = ChatRequest.builder().model("gemini-2.5-flash").temperature(0.4).maxTokens(300)
                .message(Message.system("You are a weather bot."))
                .message(Message.user(List.of(new ContentPart.Text("Weather where this was taken?"),
                        ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo="),
                        ContentPart.Image.ofUrl("https://example.org/paris.jpg"))))
                .message(Message.assistant("Checking two places.", List.of(
                        new ToolCall("call_x", "weather", "{\"location\":\"Paris\"}", "CvMBAb4+sig"),
                        new ToolCall("call_y", "weather", "{\"location\":\"Lyon\"}"))))
                .message(Message.tool("call_x", "weather", "{\"temperature\":21}"))
                .message(Message.tool("call_y", "weather", "sunny"))
                .message(Message.assistant("Paris 21 C, Lyon sunny."))
                .message(Message.user("Thanks"))
                .tools(List.of(WEATHER)).toolChoice(new ToolChoice(ToolChoice.Mode.NAMED, "weather"))
                .tag("origin", "test").build();
        server.enqueue(json(200, fixture("gemini-generatecontent-nonstream-function-call.json")));
        LlmProvider.await(gemini.chat(original));
        RecordedRequest sent = take(server);
        JsonNode body = Json.tryParse(sent.getBody().utf8());
        assertThat(body.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("weather");
        WireRequest back = FORMAT.parseRequest(sent.getBody().utf8(), sent.getUrl().toString());
        assertThat(back.stream()).isFalse();
        assertThat(back.request().model()).isEqualTo("gemini-2.5-flash");
        assertThat(back.request().messages().get(2).toolCalls()).extracting(ToolCall::id)
                .containsExactly("call_1", "call_2");
        assertThat(back.request().messages().get(4).toolCallId()).isEqualTo("call_2");
        assertThat(WireFormatFixtures.idsByOrder(back.request())).isEqualTo(WireFormatFixtures.idsByOrder(original));
    }

    @Test
    void theUrlSaysModelAndStream() {
        server.enqueue(sse(fixture("gemini-streamgeneratecontent-text.sse")));
        ChatRequest original = ChatRequest.builder().model("gemini-2.5-pro").message(Message.user("hi")).build();
        LlmProvider.await(gemini.chatStream(original, null));
        RecordedRequest sent = take(server);
        assertThat(sent.getUrl().encodedPath()).endsWith("/models/gemini-2.5-pro:streamGenerateContent");
        WireRequest back = FORMAT.parseRequest(sent.getBody().utf8(), sent.getUrl().toString());
        assertThat(back.stream()).isTrue();
        assertThat(back.request()).isEqualTo(WireFormatFixtures.sent(original));
    }

    @Test
    void aClientsRequestAsTheGoogleSdkSendsIt() {
        WireRequest r = FORMAT.parseRequest("""
                {"systemInstruction": {"role": "user", "parts": [{"text": "Be brief."}]},
                 "contents": [
                   {"role": "user", "parts": [{"text": "Weather in Oslo?"},
                     {"inlineData": {"mimeType": "image/jpeg", "data": "/9j/4AAQ"}}]},
                   {"role": "model", "parts": [{"text": "Thinking about it", "thought": true},
                     {"functionCall": {"name": "weather", "args": {"location": "Oslo"}}, "thoughtSignature": "abc"}]},
                   {"role": "user", "parts": [{"functionResponse": {"name": "weather",
                     "response": {"result": "-3 C"}}}, {"text": "In Fahrenheit?"}]}
                 ],
                 "tools": [{"functionDeclarations": [{"name": "weather", "description": "Weather",
                   "parameters": {"type": "object", "properties": {"location": {"type": "string"}}}}]}],
                 "toolConfig": {"functionCallingConfig": {"mode": "ANY"}},
                 "generationConfig": {"temperature": 0.1, "maxOutputTokens": 99,
                   "thinkingConfig": {"thinkingBudget": 512, "includeThoughts": true}},
                 "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]}
                """, GeminiProvider.DEFAULT_BASE_URL + "/models/gemini-2.5-flash:generateContent");
        ChatRequest q = r.request();
        assertThat(q.model()).isEqualTo("gemini-2.5-flash");
        assertThat(q.temperature()).isEqualTo(0.1);
        assertThat(q.maxTokens()).isEqualTo(99);
        assertThat(q.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
        assertThat(q.messages()).extracting(Message::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL, Role.USER);
        assertThat(q.messages().get(1).parts()).containsExactly(new ContentPart.Text("Weather in Oslo?"),
                ContentPart.Image.ofBase64("image/jpeg", "/9j/4AAQ"));
        Message model = q.messages().get(2);
        assertThat(model.content()).isNull();
        assertThat(model.reasoning()).isEqualTo("Thinking about it");
        assertThat(model.toolCalls()).containsExactly(new ToolCall("call_1", "weather", "{\"location\":\"Oslo\"}", "abc"));
        assertThat(q.messages().get(3)).isEqualTo(Message.tool("call_1", "weather", "-3 C"));
        assertThat(q.messages().get(4)).isEqualTo(Message.user("In Fahrenheit?"));
        assertThat(q.extra()).containsOnlyKeys("generationConfig", "safetySettings");
    }

    @Test
    void whatCannotBeReadIsNamed() {
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"messages\": []}", null))
                .hasMessageStartingWith("the body has no \"contents\" array");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"contents\": [{\"role\": \"system\", \"parts\": []}]}", null))
                .hasMessage("contents.0: role must be \"user\" or \"model\", found \"system\"");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"contents\": [{\"role\": \"user\", \"parts\": "
                + "[{\"executableCode\": {\"code\": \"1\"}}]}]}", null))
                .hasMessage("contents.0.parts.0: unsupported part 'executableCode'");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"contents\": [{\"parts\": [{\"text\": \"x\"}]}], "
                + "\"tools\": [{\"googleSearch\": {}}]}", null))
                .hasMessageStartingWith("tools.0: only functionDeclarations are supported");
        assertThatThrownBy(() -> FORMAT.parseRequest("{\"contents\": [{\"parts\": [{\"text\": \"x\"}]}], "
                + "\"generationConfig\": {\"maxOutputTokens\": 1.5}}", null))
                .hasMessage("generationConfig.maxOutputTokens: expected a positive whole number, found 1.5");
    }

    @Test
    void recordedEventsGiveTheirTextAndFunctionCalls() {
        List<String> events = WireFormatFixtures.recordedEvents(fixture("gemini-streamgeneratecontent-text.sse"));
        server.enqueue(sse(fixture("gemini-streamgeneratecontent-text.sse")));
        String answer = LlmProvider.await(gemini.chatStream(ChatRequest.ofUser("hi"), null)).content();
        assertThat(WireFormatFixtures.text(FORMAT, events)).isEqualTo(answer).isNotEmpty();
        ResponseChunk call = FORMAT.readEvent("{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": "
                + "{\"name\": \"weather\", \"args\": {\"location\": \"Rome\"}}}], \"role\": \"model\"}}]}");
        assertThat(call.toolCallDeltas()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("weather");
            assertThat(d.argumentsFragment()).isEqualTo("{\"location\":\"Rome\"}");
        });
    }
}
