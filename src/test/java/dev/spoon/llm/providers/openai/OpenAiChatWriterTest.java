package dev.spoon.llm.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.WireReplay;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The neutral answer → Chat Completions objects and chunks, checked against recorded OpenAI answers. */
class OpenAiChatWriterTest {

    @Test
    void aRecordedCompletionWrittenBackHasTheSameAnswerFinishAndUsage() {
        String recorded = fixture("openai-chat-nonstream-text.json");
        LlmResponse r = OpenAiCompatibleProvider.parseCompletion("openai", "gpt-4o-mini", recorded);
        JsonNode written = OpenAiChatWriter.completion(r, "chatcmpl-x", 1L);
        JsonNode original = Json.tryParse(recorded);
        assertThat(written.path("id")).isEqualTo(original.path("id"));
        assertThat(written.path("object").asText()).isEqualTo("chat.completion");
        assertThat(written.path("model")).isEqualTo(original.path("model"));
        JsonNode msg = written.path("choices").get(0).path("message");
        assertThat(msg.path("content")).isEqualTo(original.path("choices").get(0).path("message").path("content"));
        assertThat(written.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        for (String f : List.of("prompt_tokens", "completion_tokens", "total_tokens")) {
            assertThat(written.path("usage").path(f)).isEqualTo(original.path("usage").path(f));
        }
        // and the provider's own reader reads it back to the same answer
        LlmResponse again = OpenAiCompatibleProvider.parseCompletion("gw", "m", written.toString());
        assertThat(again.content()).isEqualTo(r.content());
        assertThat(again.usage()).isEqualTo(r.usage());
    }

    @Test
    void aRecordedToolCallStreamRewrittenReadsBackToTheSameCallAndUsage() {
        List<ResponseChunk> chunks = new ArrayList<>();
        LlmResponse original = WireReplay.replay(fixture("openai-chat-stream-tool-call.sse"),
                new OpenAiStream("openai", "gpt-4o-mini", chunks::add));
        OpenAiChatWriter.Stream w = new OpenAiChatWriter.Stream("chatcmpl-gw", "gpt-4o-mini", true, 1L);
        StringBuilder out = new StringBuilder();
        chunks.forEach(c -> w.chunk(c, out));
        w.finish(original, out);
        assertThat(out.toString()).endsWith("data: [DONE]\n\n");
        LlmResponse again = WireReplay.replay(out.toString(), new OpenAiStream("gw", "m", null));
        assertThat(again.toolCalls()).isEqualTo(original.toolCalls());
        assertThat(again.toolCalls().get(0).arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(again.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(again.usage()).isEqualTo(original.usage());
        assertThat(again.id()).isEqualTo("chatcmpl-DuLdRJdgsTDkaWQbovITznUPevjfI");
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunk() {
        OpenAiChatWriter.Stream w = new OpenAiChatWriter.Stream("chatcmpl-gw", "m", false, 1L);
        StringBuilder out = new StringBuilder();
        w.chunk(ResponseChunk.text("hi"), out);
        w.finish(new LlmResponse(null, "p", "m", "hi", null, FinishReason.LENGTH, "length", null,
                new dev.spoon.llm.Usage(1, 1), 0, null, null, false, null, null), out);
        assertThat(out.toString()).doesNotContain("\"usage\"").contains("\"finish_reason\":\"length\"");
    }

    @Test
    void aFailedStreamEndsWithAnErrorEventThatTheReaderReportsAfterTheText() {
        OpenAiChatWriter.Stream w = new OpenAiChatWriter.Stream("chatcmpl-gw", "m", true, 1L);
        StringBuilder out = new StringBuilder();
        w.chunk(ResponseChunk.text("Half an ans"), out);
        w.fail(529, new ProviderException("Overloaded", "anthropic", 529, "Overloaded", true, null, null),
                "Overloaded", out);
        assertThat(out.toString()).doesNotContain("[DONE]");
        StringBuilder seen = new StringBuilder();
        assertThatThrownBy(() -> WireReplay.replay(out.toString(), new OpenAiStream("gw", "m",
                c -> seen.append(c.deltaContent() == null ? "" : c.deltaContent()))))
                .hasMessageContaining("Overloaded");
        assertThat(seen.toString()).isEqualTo("Half an ans");
    }

    @Test
    void errorBodiesUseOpenAisTypesAndCodes() {
        JsonNode e = OpenAiChatWriter.error(429, new RateLimitException("slow down", "x"), "slow down");
        assertThat(e.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(e.path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(e.path("error").path("message").asText()).isEqualTo("slow down");
        assertThat(OpenAiChatWriter.errorType(401)).isEqualTo("authentication_error");
        assertThat(OpenAiChatWriter.errorType(529)).isEqualTo("server_error");
    }
}
