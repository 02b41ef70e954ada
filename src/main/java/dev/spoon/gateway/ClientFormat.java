package dev.spoon.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.providers.anthropic.AnthropicMessagesWriter;
import dev.spoon.llm.providers.anthropic.AnthropicRequestParser;
import dev.spoon.llm.providers.openai.OpenAiChatWriter;
import dev.spoon.llm.providers.openai.OpenAiRequestParser;
import dev.spoon.llm.providers.openai.OpenAiResponsesWriter;
import dev.spoon.llm.providers.openai.ResponsesRequestParser;

/**
 * The wire format a client speaks to the gateway, and so the format of everything it gets back: its request
 * is read by that format's parser and every answer, stream event and error is written by that format's
 * writer, whatever provider answered. The parsers and writers live in the core beside each provider's wire
 * format; this only picks them.
 */
sealed interface ClientFormat permits ClientFormat.OpenAi, ClientFormat.OpenAiResponses, ClientFormat.Anthropic {

    /** The format's name, as in the debug-log tag {@code gateway_format}. */
    String name();

    /** The neutral request the body asks for; throws {@link IllegalArgumentException} naming what is wrong. */
    ChatRequest parse(JsonNode body);

    boolean stream(JsonNode body);

    /** The body of a whole answer. */
    String answer(LlmResponse r, String fallbackId, long createdSeconds);

    /** The body of an error answered with HTTP {@code status}. */
    String error(int status, LlmException e, String message);

    /** A writer for one streamed answer. */
    StreamWriter streamWriter(JsonNode body, String fallbackId, String model, long createdSeconds);

    /** Writes one streamed answer's events into a buffer; one per stream, fed in order. */
    interface StreamWriter {
        void chunk(ResponseChunk c, StringBuilder out);

        void finish(LlmResponse r, StringBuilder out);

        void fail(int status, LlmException e, String message, StringBuilder out);
    }

    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    record OpenAi() implements ClientFormat {
        @Override
        public String name() {
            return "openai";
        }

        @Override
        public ChatRequest parse(JsonNode body) {
            return OpenAiRequestParser.parse(body);
        }

        @Override
        public boolean stream(JsonNode body) {
            return OpenAiRequestParser.stream(body);
        }

        @Override
        public String answer(LlmResponse r, String fallbackId, long createdSeconds) {
            return OpenAiChatWriter.completion(r, fallbackId, createdSeconds).toString();
        }

        @Override
        public String error(int status, LlmException e, String message) {
            return OpenAiChatWriter.error(status, e, message).toString();
        }

        @Override
        public StreamWriter streamWriter(JsonNode body, String fallbackId, String model, long createdSeconds) {
            OpenAiChatWriter.Stream s = new OpenAiChatWriter.Stream(fallbackId, model,
                    OpenAiRequestParser.includeUsage(body), createdSeconds);
            return new StreamWriter() {
                @Override
                public void chunk(ResponseChunk c, StringBuilder out) {
                    s.chunk(c, out);
                }

                @Override
                public void finish(LlmResponse r, StringBuilder out) {
                    s.finish(r, out);
                }

                @Override
                public void fail(int status, LlmException e, String message, StringBuilder out) {
                    s.fail(status, e, message, out);
                }
            };
        }
    }

    /** OpenAI Responses ({@code /v1/responses}); refusals and errors before the answer as OpenAI's. */
    record OpenAiResponses() implements ClientFormat {
        @Override
        public String name() {
            return "openai-responses";
        }

        @Override
        public ChatRequest parse(JsonNode body) {
            return ResponsesRequestParser.parse(body);
        }

        @Override
        public boolean stream(JsonNode body) {
            return ResponsesRequestParser.stream(body);
        }

        @Override
        public String answer(LlmResponse r, String fallbackId, long createdSeconds) {
            return OpenAiResponsesWriter.response(r, fallbackId, createdSeconds).toString();
        }

        @Override
        public String error(int status, LlmException e, String message) {
            return OpenAiChatWriter.error(status, e, message).toString();
        }

        @Override
        public StreamWriter streamWriter(JsonNode body, String fallbackId, String model, long createdSeconds) {
            OpenAiResponsesWriter.Stream s = new OpenAiResponsesWriter.Stream(fallbackId, model, createdSeconds);
            return new StreamWriter() {
                @Override
                public void chunk(ResponseChunk c, StringBuilder out) {
                    s.chunk(c, out);
                }

                @Override
                public void finish(LlmResponse r, StringBuilder out) {
                    s.finish(r, out);
                }

                @Override
                public void fail(int status, LlmException e, String message, StringBuilder out) {
                    s.fail(status, e, message, out);
                }
            };
        }
    }

    /** Anthropic Messages ({@code /v1/messages}). */
    record Anthropic() implements ClientFormat {
        @Override
        public String name() {
            return "anthropic";
        }

        @Override
        public ChatRequest parse(JsonNode body) {
            return AnthropicRequestParser.parse(body);
        }

        @Override
        public boolean stream(JsonNode body) {
            return AnthropicRequestParser.stream(body);
        }

        @Override
        public String answer(LlmResponse r, String fallbackId, long createdSeconds) {
            return AnthropicMessagesWriter.message(r, fallbackId).toString();
        }

        @Override
        public String error(int status, LlmException e, String message) {
            return AnthropicMessagesWriter.error(status, message).toString();
        }

        @Override
        public StreamWriter streamWriter(JsonNode body, String fallbackId, String model, long createdSeconds) {
            AnthropicMessagesWriter.Stream s = new AnthropicMessagesWriter.Stream(fallbackId, model);
            return new StreamWriter() {
                @Override
                public void chunk(ResponseChunk c, StringBuilder out) {
                    s.chunk(c, out);
                }

                @Override
                public void finish(LlmResponse r, StringBuilder out) {
                    s.finish(r, out);
                }

                @Override
                public void fail(int status, LlmException e, String message, StringBuilder out) {
                    s.fail(status, message, out);
                }
            };
        }
    }
}
