package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Role;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Chat Completions body as an OpenAI client sends it → the neutral request, and back to the wire. */
class OpenAiRequestParserTest {
    private static JsonNode body(String json) {
        return Json.tryParse(json);
    }

    static final String AGENT_TURN = """
            {"model": "anthropic/claude-sonnet-4-0", "max_completion_tokens": 512, "temperature": 0.2,
             "stream": true, "stream_options": {"include_usage": true},
             "messages": [
               {"role": "system", "content": "You are a weather bot."},
               {"role": "user", "content": [{"type": "text", "text": "What is this and the weather?"},
                                            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]},
               {"role": "assistant", "content": null, "tool_calls": [{"id": "call_qLFv8oQOs68qRuEVmG8TuEJp",
                  "type": "function", "function": {"name": "weather", "arguments": "{\\"location\\":\\"Florence,Italy\\"}"}}]},
               {"role": "tool", "tool_call_id": "call_qLFv8oQOs68qRuEVmG8TuEJp", "content": "sunny, 24 C"}
             ],
             "tools": [{"type": "function", "function": {"name": "weather", "description": "Current weather",
                        "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                                       "required": ["location"]}}}],
             "tool_choice": {"type": "function", "function": {"name": "weather"}},
             "response_format": {"type": "json_object"}, "seed": 7, "user": "u-42"}""";

    @Test
    void anAgentTurnWithImageToolCallAndToolResultBecomesTheNeutralRequest() {
        JsonNode b = body(AGENT_TURN);
        ChatRequest r = OpenAiRequestParser.parse(b);
        assertThat(r.model()).isEqualTo("anthropic/claude-sonnet-4-0");
        assertThat(r.maxTokens()).isEqualTo(512);
        assertThat(r.temperature()).isEqualTo(0.2);
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
                Role.TOOL);
        assertThat(r.messages().get(1).parts()).hasSize(2);
        ContentPart.Image img = (ContentPart.Image) r.messages().get(1).parts().get(1);
        assertThat(img.mediaType()).isEqualTo("image/png");
        assertThat(img.base64Data()).isEqualTo("iVBORw0KGgo=");
        assertThat(r.messages().get(2).toolCalls().get(0).arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(r.messages().get(3).toolCallId()).isEqualTo("call_qLFv8oQOs68qRuEVmG8TuEJp");
        assertThat(r.tools()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("weather");
            assertThat(t.parameters().path("required").get(0).asText()).isEqualTo("location");
        });
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice(ToolChoice.Mode.NAMED, "weather"));
        // everything the neutral request has no field for travels unchanged; transport flags do not
        assertThat(r.extra()).containsOnlyKeys("response_format", "seed", "user");
        assertThat(OpenAiRequestParser.stream(b)).isTrue();
        assertThat(OpenAiRequestParser.includeUsage(b)).isTrue();
    }

    @Test
    void writingTheParsedRequestBackGivesTheSameConversation() {
        ChatRequest r = OpenAiRequestParser.parse(body(AGENT_TURN));
        JsonNode again = Json.MAPPER.valueToTree(OpenAiWire.messages(r.messages()));
        JsonNode original = body(AGENT_TURN).path("messages");
        assertThat(again.get(2).path("tool_calls")).isEqualTo(original.get(2).path("tool_calls"));
        assertThat(again.get(3)).isEqualTo(original.get(3));
        assertThat(again.get(1).path("content").get(1).path("image_url").path("url"))
                .isEqualTo(original.get(1).path("content").get(1).path("image_url").path("url"));
    }

    @Test
    void badBodiesNameWhatIsWrong() {
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body("[1]"))).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body("{\"model\":\"x\"}")))
                .hasMessageContaining("messages");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body(
                "{\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"))).hasMessageContaining("message 0")
                .hasMessageContaining("robot");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":-3}")))
                .hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"sometimes\"}")))
                .hasMessageContaining("tool_choice");
        assertThatThrownBy(() -> OpenAiRequestParser.parse(body(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"custom\","
                        + "\"custom\":{\"name\":\"x\"}}]}"))).hasMessageContaining("custom");
    }
}
