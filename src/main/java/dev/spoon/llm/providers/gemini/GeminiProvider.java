package dev.spoon.llm.providers.gemini;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.providers.ChunkStream;
import dev.spoon.llm.providers.HttpProvider;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ResponseAssembler;
import dev.spoon.llm.providers.gemini.GeminiWire.Candidate;
import dev.spoon.llm.providers.gemini.GeminiWire.GenerateResponse;
import dev.spoon.llm.providers.gemini.GeminiWire.Part;
import dev.spoon.llm.registry.Provider;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Google Gemini: {@code POST {base}/models/{model}:generateContent}, streamed through
 * {@code :streamGenerateContent?alt=sse}, key in {@code x-goog-api-key}. Thought parts become reasoning
 * (requested by a reasoning effort, {@link GeminiWire#thinking}, or the option {@code thinking_budget}; -1 lets
 * the model decide). A JSON answer is asked for with {@code responseMimeType} and {@code responseSchema}. Gemini gives function
 * calls no ids, so each gets a generated one ({@code call_<responseId>_<n>}); its {@code thoughtSignature}
 * is kept on the {@link dev.spoon.llm.ToolCall} and sent back with the call on the next turn.
 */
@Provider(name = "gemini", description = "Google Gemini API (generateContent)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public final class GeminiProvider extends HttpProvider {
    /** Google's Gemini API, where requests go unless {@code base_url} says otherwise. */
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";


    @Override
    protected String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    protected String defaultModel() {
        return "gemini-2.5-flash";
    }

    @Override
    protected boolean requiresKey() {
        return true;
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-goog-api-key", config().apiKey());
        h.putAll(config().headers());
        return h;
    }

    private static String modelPath(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    @Override
    protected HttpTransport.Call call(ChatRequest r, String model, boolean stream) {
        GeminiWire.ThinkingConfig thinking = null;
        Integer budget = intOption("thinking_budget");
        if (r.options().reasoningEffort() != null) {
            thinking = GeminiWire.thinking(r.options().reasoningEffort(), model);
        } else if (budget != null) {
            thinking = new GeminiWire.ThinkingConfig(budget, null, Boolean.TRUE);
        }
        Integer max = maxTokensFor(r);
        Double temperature = temperatureFor(r);
        ResponseFormat format = r.responseFormat();
        GeminiWire.GenerationConfig gen = new GeminiWire.GenerationConfig(max, temperature, thinking,
                format.isJson() ? "application/json" : null, GeminiWire.responseSchema(format));
        if (gen.nothingSet()) {
            gen = null;
        }
        GeminiWire.GenerateBody body = new GeminiWire.GenerateBody(GeminiWire.contents(r.messages()),
                GeminiWire.systemInstruction(r.messages()), gen, GeminiWire.tools(r.tools()),
                r.tools().isEmpty() ? null : GeminiWire.toolConfig(r.toolChoice()));
        String json = bodyJson(body, r.extra());
        String url = baseUrl() + "/models/" + modelPath(model)
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return new HttpTransport.Call("POST", url, withRequestHeaders(headers(), r), json, model, stream, r.tags(),
                r.timeout());
    }

    @Override
    protected HttpTransport.ResponseReader reader(String model, StreamHandler handler) {
        String provider = config().name();
        return HttpTransport.ResponseReader.of(
                (status, headers, body) -> GeminiErrors.fromResponse(provider, status, headers, body),
                body -> parseResponse(provider, model, body), () -> new Stream(provider, model, handler));
    }

    static LlmResponse parseResponse(String provider, String model, String body) {
        GenerateResponse g;
        try {
            g = GeminiWire.RESPONSE.readValue(body);
        } catch (IOException e) {
            throw ProviderErrors.malformed(provider, "response", e);
        }
        return ResponseAssembler.whole(provider, model, new Translator(provider).chunk(g, 0,
                new ResponseAssembler(provider, model)));
    }

    /** Turns response objects (whole, or one per stream event) into chunks; numbers and names tool calls. */
    private static final class Translator {
        private final String provider;
        private String idPrefix;

        Translator(String provider) {
            this.provider = provider;
        }

        ResponseChunk chunk(GenerateResponse g, long arrivalNanos, ResponseAssembler a) {
            if (g.error() != null && g.error().isObject()) {
                throw GeminiErrors.fromError(provider, null, g.error(), null);
            }
            StringBuilder text = null;
            StringBuilder thoughts = null;
            List<ToolCallDelta> calls = null;
            String finish = null;
            FinishReason reason = null;
            if (g.candidates() != null && !g.candidates().isEmpty()) {
                Candidate c = g.candidates().get(0);
                if (c.content() != null && c.content().parts() != null) {
                    for (Part p : c.content().parts()) {
                        if (p.functionCall() != null) {
                            if (calls == null) {
                                calls = new ArrayList<>();
                            }
                            int index = a.nextToolIndex() + calls.size();
                            String id = p.functionCall().id() != null ? p.functionCall().id() : callId(g, index);
                            calls.add(new ToolCallDelta(index, id, p.functionCall().name(),
                                    p.functionCall().args() == null ? "{}" : p.functionCall().args().toString(),
                                    p.thoughtSignature()));
                        } else if (p.text() != null) {
                            if (Boolean.TRUE.equals(p.thought())) {
                                thoughts = (thoughts == null ? new StringBuilder() : thoughts).append(p.text());
                            } else {
                                text = (text == null ? new StringBuilder() : text).append(p.text());
                            }
                        }
                    }
                }
                finish = c.finishReason();
                reason = FinishReason.fromNative(finish);
            } else if (g.promptFeedback() != null && g.promptFeedback().blockReason() != null) {
                finish = g.promptFeedback().blockReason();
                reason = FinishReason.CONTENT_FILTER;
            }
            return new ResponseChunk(g.responseId(), g.modelVersion(), text == null ? null : text.toString(),
                    thoughts == null ? null : thoughts.toString(), calls,
                    g.usageMetadata() == null ? null : g.usageMetadata().toUsage(), reason, finish, arrivalNanos);
        }

        /** A stable id for the {@code index}-th call of a response: {@code call_<responseId>_<index>}. */
        private String callId(GenerateResponse g, int index) {
            if (idPrefix == null) {
                idPrefix = g.responseId() != null ? g.responseId()
                        : Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            }
            return "call_" + idPrefix + "_" + index;
        }
    }

    /** One response object per event; the last carries {@code finishReason}. Errors may arrive as events. */
    static final class Stream extends ChunkStream {
        private final Translator translator;
        private final String provider;

        Stream(String provider, String model, StreamHandler handler) {
            super(provider, model, handler);
            this.provider = provider;
            this.translator = new Translator(provider);
        }

        @Override
        public void onEvent(String name, byte[] data, int length, long arrivalNanos) {
            GenerateResponse g;
            try {
                g = GeminiWire.RESPONSE.readValue(data, 0, length);
            } catch (IOException e) {
                throw ProviderErrors.malformed(provider, "stream event", e);
            }
            emit(translator.chunk(g, arrivalNanos, assembler));
        }
    }

    /** {@code GET {base}/models}, following {@code nextPageToken}; only models that can generate content. */
    /** {@inheritDoc} */
    @Override
    public java.util.Optional<dev.spoon.llm.WireFormat> wireFormat() {
        return java.util.Optional.of(GeminiWireFormat.INSTANCE);
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        String provider = config().name();
        return pagedModels(token -> baseUrl() + "/models?pageSize=1000"
                        + (token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                headers(), (status, h, body) -> GeminiErrors.fromResponse(provider, status, h, body), body -> {
                    GeminiWire.ModelList list;
                    try {
                        list = GeminiWire.MODELS.readValue(body);
                    } catch (IOException e) {
                        throw ProviderErrors.malformed(provider, "model list", e);
                    }
                    List<String> ids = new ArrayList<>();
                    if (list.models() != null) {
                        for (GeminiWire.ModelEntry m : list.models()) {
                            if (m.supportedGenerationMethods() == null
                                    || m.supportedGenerationMethods().contains("generateContent")) {
                                ids.add(modelPath(m.name()));
                            }
                        }
                    }
                    return new ModelPage(ids, list.nextPageToken());
                });
    }
}
