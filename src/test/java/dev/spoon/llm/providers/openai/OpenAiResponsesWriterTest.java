package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.Usage;
import dev.spoon.llm.http.SseDecoder;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.WireReplay;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the gateway writes in the Responses format reads back, through the provider's own readers, unchanged. */
class OpenAiResponsesWriterTest {
    private static ResponseChunk chunk(String text, String reasoning, List<ToolCallDelta> tools) {
        return new ResponseChunk("chatcmpl-1", "gpt-4o-mini", text, reasoning, tools, null, null, null, 0);
    }

    private static LlmResponse answer(String content, String reasoning, List<ToolCall> calls, FinishReason finish) {
        return new LlmResponse("chatcmpl-1", "up", "gpt-4o-mini", content, reasoning, finish, null, calls,
                new Usage(1200, 150, 1350, 1024, null, 128), 0, null, List.of(), false, null, Map.of());
    }

    @Test
    void aStreamOfReasoningTextAndTwoCallsReadsBackAsTheSameAnswer() {
        ToolCall a = new ToolCall("call_a", "weather", "{\"location\":\"Rome\"}", null);
        ToolCall b = new ToolCall("call_b", "time", "{}", null);
        OpenAiResponsesWriter.Stream w = new OpenAiResponsesWriter.Stream("resp_fallback", "gpt-4o-mini", 1782321674);
        StringBuilder out = new StringBuilder();
        w.chunk(chunk(null, "Think", null), out);
        w.chunk(chunk(null, "ing.", null), out);
        w.chunk(chunk("Let me ", null, null), out);
        w.chunk(chunk("check.", null, null), out);
        w.chunk(chunk(null, null, List.of(new ToolCallDelta(0, "call_a", "weather", "{\"location\":"))), out);
        w.chunk(chunk(null, null, List.of(new ToolCallDelta(0, null, null, "\"Rome\"}"))), out);
        w.chunk(chunk(null, null, List.of(new ToolCallDelta(1, "call_b", "time", "{}"))), out);
        w.finish(answer("Let me check.", "Thinking.", List.of(a, b), FinishReason.TOOL_CALLS), out);

        LlmResponse back = WireReplay.replay(out.toString(), new ResponsesStream("gw", "gpt-4o-mini", null));
        assertThat(back.id()).isEqualTo("chatcmpl-1");
        assertThat(back.reasoning()).isEqualTo("Thinking.");
        assertThat(back.content()).isEqualTo("Let me check.");
        assertThat(back.toolCalls()).containsExactly(a, b);
        assertThat(back.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(back.usage()).isEqualTo(new Usage(1200, 150, 1350, 1024, null, 128));

        List<SseDecoder.Event> events = SseDecoder.decodeAll(out.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = Json.tryParse(events.get(i).data());
            assertThat(data.get("type").asText()).isEqualTo(events.get(i).name());
            assertThat(data.get("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode completed = Json.tryParse(events.get(events.size() - 1).data()).get("response");
        assertThat(completed.get("output")).extracting(n -> n.get("type").asText())
                .containsExactly("reasoning", "message", "function_call", "function_call");
        assertThat(completed.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aCutAnswerEndsWithResponseIncomplete() {
        OpenAiResponsesWriter.Stream w = new OpenAiResponsesWriter.Stream("resp_1", "m", 1);
        StringBuilder out = new StringBuilder();
        w.chunk(chunk("Once upon", null, null), out);
        w.finish(answer("Once upon", null, List.of(), FinishReason.LENGTH), out);
        assertThat(out).contains("event: response.incomplete\n").doesNotContain("response.completed");
        LlmResponse back = WireReplay.replay(out.toString(), new ResponsesStream("gw", "m", null));
        assertThat(back.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(back.nativeFinishReason()).isEqualTo("max_output_tokens");
        assertThat(back.content()).isEqualTo("Once upon");
    }

    @Test
    void aFailedStreamReadsBackAsTheSameErrorClass() {
        OpenAiResponsesWriter.Stream w = new OpenAiResponsesWriter.Stream("resp_1", "m", 1);
        StringBuilder out = new StringBuilder();
        w.chunk(chunk("Half", null, null), out);
        w.fail(503, new ProviderException("Overloaded", "up", 503, "Overloaded", true, null, null), "Overloaded", out);
        assertThatThrownBy(() -> WireReplay.replay(out.toString(), new ResponsesStream("gw", "m", null)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.providerMessage()).isEqualTo("Overloaded");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void aWholeAnswerReadsBackThroughTheBodyReader() {
        ToolCall a = new ToolCall("call_a", "weather", "{\"location\":\"Rome\"}", null);
        String body = OpenAiResponsesWriter.response(answer("Checking.", "Need the tool.", List.of(a),
                FinishReason.TOOL_CALLS), "resp_x", 1).toString();
        LlmResponse back = ResponsesReader.parse("gw", "m", body);
        assertThat(back.content()).isEqualTo("Checking.");
        assertThat(back.reasoning()).isEqualTo("Need the tool.");
        assertThat(back.toolCalls()).containsExactly(a);
        assertThat(back.usage()).isEqualTo(new Usage(1200, 150, 1350, 1024, null, 128));
        assertThat(back.nativeFinishReason()).isEqualTo("completed");
    }
}
