package dev.spoon.llm.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts a request's prompt tokens before it is sent: {@code spoon tokens} and the workbench's live draft count
 * use this one counter.
 *
 * <p><b>Exact</b> where the provider's tokenizer is known here: OpenAI models on the Chat Completions API
 * (through {@code openai}, {@code openrouter}'s {@code openai/...} models or an {@code openai-compatible}
 * endpoint serving an OpenAI model name), counted with the model's own encoding (jtokkit) and OpenAI's message
 * framing (3 tokens per message, 1 more for a {@code name}, 3 to prime the reply), for a conversation of plain
 * text messages; and the offline simulator, whose rule is its own. <b>Estimate</b> otherwise: other providers'
 * models are counted with {@code o200k_base} and the same framing, and tools (OpenAI's published
 * approximation), tool calls, images (765 tokens each, a 1024×1024 image at {@code auto} detail), a response
 * format (a JSON schema's text is counted) and the Responses API make any count an estimate, since OpenAI documents no exact rule for them.
 *
 * <p>Thread-safe; the encodings load on first use (a few hundred milliseconds for {@code o200k_base}), so call
 * it off the FX thread. Counting is linear in the text.
 */
public final class TokenCounter {
    /** Tokens an image adds in the estimate: 85 + 170 × 4 tiles, a 1024×1024 image at {@code auto} detail. */
    static final int IMAGE_TOKENS = 765;
    private static final Set<String> OPENAI_TYPES = Set.of("openai", "openrouter", "openai-compatible");

    private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

    private TokenCounter() {
    }

    /** The process's counter. */
    public static TokenCounter shared() {
        return Shared.INSTANCE;
    }

    /**
     * The prompt tokens of {@code request} as {@code provider} would count them; the model is the request's, else
     * the provider's configured one.
     */
    public TokenCount count(ChatRequest request, ProviderConfig provider) {
        String model = request.model() != null ? request.model() : provider.model();
        return count(request, provider.type(), model, provider.api(request) == ProviderConfig.Api.RESPONSES);
    }

    /**
     * The prompt tokens of {@code request} sent to a provider of type {@code providerType} ({@code openai},
     * {@code anthropic}, {@code sim}, ...) for {@code model} (may be null) on its default API.
     */
    public TokenCount count(ChatRequest request, String providerType, String model) {
        return count(request, providerType, model, false);
    }

    /** The tokens of a bare text in {@code model}'s encoding ({@code o200k_base} when it has none known here). */
    public int countText(String text, String model) {
        return encoding(OpenAiTokenizer.encodingOf(model).orElse(EncodingType.O200K_BASE)).countTokensOrdinary(text);
    }

    /**
     * The offline simulator's prompt count ({@code usage.prompt_tokens} of its answers): 3 per message plus a
     * quarter of its text's characters, rounded up. The simulator counts with this, so its count here is exact.
     */
    public static int simPromptTokens(List<Message> messages) {
        int prompt = 0;
        for (Message m : messages) {
            prompt += 3 + (m.text().length() + 3) / 4;
        }
        return prompt;
    }

    private TokenCount count(ChatRequest request, String providerType, String model, boolean responsesApi) {
        if ("sim".equals(providerType)) {
            return new TokenCount(simPromptTokens(request.messages()), TokenCount.Method.EXACT, "sim");
        }
        Optional<EncodingType> own = OPENAI_TYPES.contains(providerType) ? OpenAiTokenizer.encodingOf(model)
                : Optional.empty();
        EncodingType type = own.orElse(EncodingType.O200K_BASE);
        Counted c = new Counted(encoding(type));
        c.messages(request);
        if (!request.tools().isEmpty()) {
            c.tools(request, type == EncodingType.CL100K_BASE);
        }
        c.responseFormat(request.options().responseFormat());
        boolean exact = own.isPresent() && !responsesApi && c.plainText;
        return new TokenCount(c.tokens, exact ? TokenCount.Method.EXACT : TokenCount.Method.ESTIMATE, type.getName());
    }

    private Encoding encoding(EncodingType type) {
        return registry.getEncoding(type);
    }

    /** Made on first use, so the simulator's {@link #simPromptTokens} loads no encoding. */
    private static final class Shared {
        static final TokenCounter INSTANCE = new TokenCounter();
    }

    /** One count in progress: the running total and whether everything so far was plain text. */
    private static final class Counted {
        private final Encoding enc;
        int tokens;
        boolean plainText = true;

        Counted(Encoding enc) {
            this.enc = enc;
        }

        int of(String s) {
            return s == null || s.isEmpty() ? 0 : enc.countTokensOrdinary(s);
        }

        /** OpenAI's framing: 3 per message, 1 per name, each field's text, 3 to prime the reply. */
        void messages(ChatRequest request) {
            for (Message m : request.messages()) {
                tokens += 3 + of(m.role().wireName());
                for (ContentPart p : m.parts()) {
                    if (p instanceof ContentPart.Image) {
                        tokens += IMAGE_TOKENS;
                        plainText = false;
                    }
                }
                tokens += of(m.text());
                if (m.role() == Role.TOOL) {
                    tokens += of(m.toolCallId());
                    plainText = false;
                } else if (m.name() != null) {
                    tokens += 1 + of(m.name());
                }
                for (ToolCall call : m.toolCalls()) {
                    tokens += 3 + of(call.id()) + of(call.name()) + of(call.arguments());
                    plainText = false;
                }
            }
            tokens += 3;
        }

        /**
         * A JSON schema the answer must follow is part of the prompt the model sees: its name and text are
         * counted. OpenAI documents no exact rule for it, nor for JSON mode's instructions.
         */
        void responseFormat(ResponseFormat f) {
            if (f instanceof ResponseFormat.JsonSchema s) {
                tokens += of(s.name()) + of(s.schema() == null ? "" : s.schema().toString());
                plainText = false;
            } else if (f instanceof ResponseFormat.Json) {
                plainText = false;
            }
        }

        /**
         * Tool definitions, as OpenAI's cookbook approximates them ("How to count tokens with tiktoken"): per
         * function 7 (10 for the cl100k models) + "name:description", per parameter 3 + "key:type:description",
         * enum values 3 each, 12 at the end.
         */
        void tools(ChatRequest request, boolean cl100k) {
            plainText = false;
            for (Tool t : request.tools()) {
                tokens += cl100k ? 10 : 7;
                tokens += of(t.name() + ":" + trimDot(t.description()));
                JsonNode props = t.parameters() == null ? null : t.parameters().get("properties");
                if (props != null && props.size() > 0) {
                    tokens += 3;
                    for (Map.Entry<String, JsonNode> e : props.properties()) {
                        JsonNode p = e.getValue();
                        tokens += 3;
                        JsonNode en = p.get("enum");
                        if (en != null && en.isArray()) {
                            tokens -= 3;
                            for (JsonNode item : en) {
                                tokens += 3 + of(item.asText());
                            }
                        }
                        tokens += of(e.getKey() + ":" + p.path("type").asText("") + ":"
                                + trimDot(p.path("description").asText("")));
                    }
                }
            }
            tokens += 12;
        }

        private static String trimDot(String s) {
            if (s == null) {
                return "";
            }
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
