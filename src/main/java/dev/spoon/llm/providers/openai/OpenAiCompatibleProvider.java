package dev.spoon.llm.providers.openai;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.providers.HttpProvider;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ResponseAssembler;
import dev.spoon.llm.registry.Provider;
import okhttp3.Headers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Any server speaking OpenAI's Chat Completions API ({@code POST {base}/chat/completions},
 * {@code GET {base}/models}), and the base of the named members of the family. With {@code api = "responses"}
 * (or a request tagged {@link ProviderConfig.Api#TAG}) it speaks the Responses API instead
 * ({@code POST {base}/responses}, {@link ResponsesWire}). Configured with
 * {@code type = "openai-compatible"}, its own {@code base_url} and {@code headers}; the key is optional (sent
 * as a bearer token when present).
 *
 * <p>Subclasses add only headers and quirks (the seed's {@code get_additional_headers}): override
 * {@link #defaultBaseUrl}, {@link #defaultModel}, {@link #requiresKey} and {@link #extraHeaders}.
 */
@Provider(name = "openai-compatible", description = "Any OpenAI-compatible endpoint (custom base_url and headers)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public class OpenAiCompatibleProvider extends HttpProvider {
    /** OpenAI models that take {@code max_completion_tokens} instead of {@code max_tokens}. */
    private static final Pattern COMPLETION_TOKENS_MODELS = Pattern.compile("^(o1|o3|o4|gpt-5)([-.:].*)?$");

    @Override
    protected String defaultBaseUrl() {
        return "http://localhost:8080/v1";
    }

    @Override
    protected String defaultModel() {
        return "default";
    }

    @Override
    protected boolean requiresKey() {
        return false;
    }

    /** Headers this member of the family adds to every request (none here). */
    protected Map<String, String> extraHeaders() {
        return Map.of();
    }

    /**
     * Whether this server takes a reasoning effort as OpenRouter does ({@code "reasoning": {"effort": …}})
     * rather than as OpenAI's {@code reasoning_effort} (the default; Ollama, LM Studio and vLLM read it too).
     */
    protected boolean effortAsReasoningObject() {
        return false;
    }

    /**
     * Whether this server knows only {@code response_format: json_object}, so a JSON Schema is sent as JSON mode
     * and checked here alone (DeepSeek).
     */
    protected boolean schemaAsJsonObject() {
        return false;
    }

    /**
     * Whether a request's prompt-caching mark goes on the system message as {@code cache_control} (OpenRouter,
     * which passes it to Anthropic and Gemini models); OpenAI and the others cache on their own.
     */
    protected boolean cacheControlOnSystem() {
        return false;
    }

    /** Whether {@code model} takes {@code max_completion_tokens} (OpenAI's o-series and gpt-5). */
    protected boolean usesMaxCompletionTokens(String model) {
        return COMPLETION_TOKENS_MODELS.matcher(model).matches();
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        if (config().hasApiKey()) {
            h.put("Authorization", "Bearer " + config().apiKey());
        }
        h.putAll(extraHeaders());
        h.putAll(config().headers());
        return h;
    }

    @Override
    protected HttpTransport.Call call(ChatRequest r, String model, boolean stream) {
        Integer max = maxTokensFor(r);
        boolean completionTokens = usesMaxCompletionTokens(model);
        // reasoning models reject a temperature: the configured default is left out for them (an explicit
        // request temperature is still sent, so the provider's own error explains it)
        Double temperature = r.temperature() != null ? r.temperature()
                : completionTokens ? null : config().temperature();
        if (config().api(r) == ProviderConfig.Api.RESPONSES) {
            return new HttpTransport.Call("POST", baseUrl() + ProviderConfig.Api.RESPONSES.path(),
                    withRequestHeaders(headers(), r),
                    bodyJson(ResponsesWire.body(r, model, max, temperature, stream), r.extra()), model, stream,
                    r.tags(), r.timeout());
        }
        ReasoningEffort effort = r.options().reasoningEffort();
        OpenAiWire.ChatBody body = new OpenAiWire.ChatBody(model, OpenAiWire.messages(r.messages(),
                r.options().cachePrompt() && cacheControlOnSystem()),
                completionTokens ? null : max, completionTokens ? max : null, temperature,
                stream ? Boolean.TRUE : null, stream ? new OpenAiWire.StreamOptions(true) : null,
                OpenAiWire.tools(r.tools()), r.tools().isEmpty() ? null : OpenAiWire.toolChoice(r.toolChoice()),
                OpenAiWire.responseFormat(r.responseFormat(), schemaAsJsonObject()),
                effort == null || effortAsReasoningObject() ? null : effort.wireName(),
                effort == null || !effortAsReasoningObject() ? null : new OpenAiWire.Reasoning(effort.wireName()));
        String json = bodyJson(body, r.extra());
        return new HttpTransport.Call("POST", baseUrl() + ProviderConfig.Api.CHAT_COMPLETIONS.path(),
                withRequestHeaders(headers(), r), json,
                model, stream, r.tags(), r.timeout());
    }

    @Override
    protected HttpTransport.ResponseReader reader(String model, StreamHandler handler) {
        String provider = config().name();
        return HttpTransport.ResponseReader.of((status, headers, body) -> OpenAiErrors.fromResponse(provider, status, headers, body),
                body -> parseCompletion(provider, model, body),
                () -> new OpenAiStream(provider, model, handler));
    }

    /** Answers of the Responses API are read by {@link ResponsesReader} and {@link ResponsesStream}. */
    @Override
    protected HttpTransport.ResponseReader reader(ChatRequest r, String model, StreamHandler handler) {
        if (config().api(r) != ProviderConfig.Api.RESPONSES) {
            return reader(model, handler);
        }
        String provider = config().name();
        return HttpTransport.ResponseReader.of((status, headers, body) -> OpenAiErrors.fromResponse(provider, status,
                        headers, body),
                body -> ResponsesReader.parse(provider, model, body),
                () -> new ResponsesStream(provider, model, handler));
    }

    /** A {@code chat.completion} body as the normalized answer (same reader as the stream chunks). */
    static LlmResponse parseCompletion(String provider, String model, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ResponseAssembler.whole(provider, model, OpenAiChunkReader.read(provider, bytes, 0, bytes.length, 0,
                new ResponseAssembler(provider, model)));
    }

    /** {@code GET {base}/models}: the ids of the models the server offers. */
    /** {@inheritDoc} */
    @Override
    public java.util.Optional<dev.spoon.llm.WireFormat> wireFormat() {
        return java.util.Optional.of(OpenAiWireFormat.INSTANCE);
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        String provider = config().name();
        return transport().get(baseUrl() + "/models", headers(),
                (status, headers, body) -> OpenAiErrors.fromResponse(provider, status, headers, body))
                .thenApply(body -> {
                    try {
                        OpenAiWire.ModelList list = OpenAiWire.MODELS.readValue(body);
                        List<String> ids = new ArrayList<>();
                        if (list.data() != null) {
                            list.data().forEach(m -> ids.add(m.id()));
                        }
                        return ids;
                    } catch (IOException e) {
                        throw ProviderErrors.malformed(provider, "model list", e);
                    }
                });
    }
}
