package dev.spoon.llm.providers.anthropic;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.http.HttpTransport;
import dev.spoon.llm.providers.ChunkStream;
import dev.spoon.llm.providers.HttpProvider;
import dev.spoon.llm.providers.ProviderErrors;
import dev.spoon.llm.providers.ResponseAssembler;
import dev.spoon.llm.providers.anthropic.AnthropicWire.Block;
import dev.spoon.llm.providers.anthropic.AnthropicWire.MessageResponse;
import dev.spoon.llm.providers.anthropic.AnthropicWire.StreamEvent;
import dev.spoon.llm.providers.anthropic.AnthropicWire.WireUsage;
import dev.spoon.llm.registry.Provider;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic's Messages API: {@code POST {base}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version} (option {@code anthropic_version}, default {@value #DEFAULT_VERSION}). Thinking is
 * requested by a reasoning effort ({@link #thinkingBudget}) or the option {@code thinking_budget}; thinking
 * blocks become reasoning. A JSON answer is asked for by forcing a call of the tool
 * {@value AnthropicWire#ANSWER_TOOL} (its input schema the requested one), whose input becomes the answer's
 * text. {@code cache_control} marks the system prompt and the tools when the request asks for prompt caching.
 */
@Provider(name = "anthropic", description = "Anthropic Messages API (Claude)",
        capabilities = {ProviderCapability.CHAT, ProviderCapability.COMPLETION, ProviderCapability.STREAMING,
                ProviderCapability.TOOLS, ProviderCapability.VISION, ProviderCapability.REASONING,
                ProviderCapability.MODEL_LIST, ProviderCapability.SYSTEM_MESSAGES})
public final class AnthropicProvider extends HttpProvider {
    static final String DEFAULT_VERSION = "2023-06-01";
    /** Anthropic's API, where requests go unless {@code base_url} says otherwise. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    private static final int DEFAULT_MAX_TOKENS = 4096;

    @Override
    protected String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    protected String defaultModel() {
        return "claude-sonnet-4-5";
    }

    @Override
    protected boolean requiresKey() {
        return true;
    }

    /** The base URL without a trailing {@code /v1} (which the request path adds). */
    @Override
    public String baseUrl() {
        String b = super.baseUrl();
        return b.endsWith("/v1") ? b.substring(0, b.length() - 3) : b;
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-api-key", config().apiKey());
        String version = config().option("anthropic_version");
        h.put("anthropic-version", version == null || version.isBlank() ? DEFAULT_VERSION : version);
        h.putAll(config().headers());
        return h;
    }

    /**
     * The thinking budget for a reasoning effort: minimal 1,024 tokens (the API's least), low 2,048, medium 8,192,
     * high 16,384.
     */
    static int thinkingBudget(ReasoningEffort effort) {
        return switch (effort) {
            case MINIMAL -> 1024;
            case LOW -> 2048;
            case MEDIUM -> 8192;
            case HIGH -> 16384;
        };
    }

    @Override
    protected HttpTransport.Call call(ChatRequest r, String model, boolean stream) {
        Integer max = maxTokensFor(r);
        int maxTokens = max != null ? max : DEFAULT_MAX_TOKENS;
        AnthropicWire.Thinking thinking = null;
        ReasoningEffort effort = r.options().reasoningEffort();
        Integer budget = effort != null ? Integer.valueOf(thinkingBudget(effort)) : intOption("thinking_budget");
        if (budget != null && budget > 0) {
            thinking = new AnthropicWire.Thinking("enabled", budget);
            if (maxTokens <= budget) {
                maxTokens += budget; // max_tokens counts thinking too and must exceed the budget: the answer keeps its room
            }
        }
        ResponseFormat format = r.responseFormat();
        Map<String, Object> toolChoice;
        if (format.isJson()) {
            // with thinking on, the API accepts only tool_choice auto: the tool is offered, the answer checked anyway
            toolChoice = thinking != null ? Map.of("type", "auto") : Map.of("type", "tool", "name",
                    AnthropicWire.ANSWER_TOOL);
        } else {
            toolChoice = r.tools().isEmpty() ? null : AnthropicWire.toolChoice(r.toolChoice());
        }
        boolean cache = r.options().cachePrompt();
        AnthropicWire.MessagesBody body = new AnthropicWire.MessagesBody(model, maxTokens,
                AnthropicWire.system(r.messages(), cache), AnthropicWire.messages(r.messages()),
                thinking != null ? null : temperatureFor(r), stream ? Boolean.TRUE : null,
                AnthropicWire.tools(r.tools(), format, cache), toolChoice, thinking);
        String json = bodyJson(body, r.extra());
        return new HttpTransport.Call("POST", baseUrl() + "/v1/messages", withRequestHeaders(headers(), r), json,
                model, stream, r.tags(), r.timeout());
    }

    @Override
    protected HttpTransport.ResponseReader reader(String model, StreamHandler handler) {
        return reader(false, model, handler);
    }

    @Override
    protected HttpTransport.ResponseReader reader(ChatRequest request, String model, StreamHandler handler) {
        return reader(request.responseFormat().isJson(), model, handler);
    }

    private HttpTransport.ResponseReader reader(boolean structured, String model, StreamHandler handler) {
        String provider = config().name();
        return HttpTransport.ResponseReader.of((status, headers, body) -> AnthropicErrors.fromResponse(provider, status, headers, body),
                body -> parseMessage(provider, model, body, structured),
                () -> new Stream(provider, model, handler, structured));
    }

    static LlmResponse parseMessage(String provider, String model, String body) {
        return parseMessage(provider, model, body, false);
    }

    /**
     * A Messages response as the normalized answer; with {@code structured}, a call of the answer tool is the
     * answer's text (and the turn ends with {@code stop}), not a tool call.
     */
    static LlmResponse parseMessage(String provider, String model, String body, boolean structured) {
        MessageResponse m;
        try {
            m = AnthropicWire.MESSAGE.readValue(body);
        } catch (IOException e) {
            throw ProviderErrors.malformed(provider, "response", e);
        }
        if ("error".equals(m.type()) && m.error() != null) {
            throw AnthropicErrors.fromStreamError(provider, m.error().type(), m.error().message());
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        String signature = null;
        List<ToolCallDelta> calls = new ArrayList<>();
        boolean answered = false;
        if (m.content() != null) {
            for (Block b : m.content()) {
                switch (b.type() == null ? "" : b.type()) {
                    case "text" -> text.append(b.text() == null ? "" : b.text());
                    case "thinking" -> {
                        thinking.append(b.thinking() == null ? "" : b.thinking());
                        signature = b.signature();
                    }
                    case "tool_use" -> {
                        if (structured && AnthropicWire.ANSWER_TOOL.equals(b.name())) {
                            answered = true;
                            text.append(b.input() == null ? "{}" : b.input().toString());
                        } else {
                            calls.add(new ToolCallDelta(calls.size(), b.id(), b.name(),
                                    b.input() == null ? null : b.input().toString(),
                                    calls.isEmpty() ? AnthropicWire.keptSignature(signature) : null));
                        }
                    }
                    default -> { } // redacted_thinking, server tool blocks: not part of the normalized answer
                }
            }
        }
        WireUsage u = m.usage();
        return ResponseAssembler.whole(provider, model, new ResponseChunk(m.id(), m.model(), text.toString(),
                thinking.isEmpty() ? null : thinking.toString(), calls, u == null ? null
                : AnthropicWire.usage(u.inputTokens(), u.outputTokens(), u.cacheCreationInputTokens(),
                u.cacheReadInputTokens()), finishReason(m.stopReason(), answered && calls.isEmpty()), m.stopReason(),
                0));
    }

    /** The normalized finish reason; a turn that ended by calling the answer tool (alone) simply stopped. */
    private static FinishReason finishReason(String stop, boolean answeredByTool) {
        return answeredByTool && "tool_use".equals(stop) ? FinishReason.STOP : FinishReason.fromNative(stop);
    }

    /**
     * Reads {@code message_start}, {@code content_block_start/delta/stop}, {@code message_delta},
     * {@code message_stop}, {@code ping} and {@code error} events. Tool calls are numbered in the order their
     * blocks start; their input arrives as {@code input_json_delta} fragments.
     */
    static final class Stream extends ChunkStream {
        private final String provider;
        private final Map<Integer, Integer> toolByBlock = new HashMap<>();
        /** Whether a call of the answer tool is the answer (a JSON response format was asked for). */
        private final boolean structured;
        /** The index of the answer tool's block, whose input arrives as the answer's text; -2 before it starts. */
        private int answerBlock = -2;
        /** The signature of the last thinking block (from signature_delta), kept on the first tool call. */
        private String signature;
        private String id;
        private String model;
        private Integer input;
        private Integer output;
        private Integer cacheWrite;
        private Integer cacheRead;

        Stream(String provider, String model, StreamHandler handler) {
            this(provider, model, handler, false);
        }

        Stream(String provider, String model, StreamHandler handler, boolean structured) {
            super(provider, model, handler);
            this.provider = provider;
            this.structured = structured;
        }

        @Override
        public void onEvent(String name, byte[] data, int length, long arrivalNanos) {
            StreamEvent e;
            try {
                e = AnthropicWire.EVENT.readValue(data, 0, length);
            } catch (IOException ex) {
                throw ProviderErrors.malformed(provider, "stream event", ex);
            }
            String type = e.type() != null ? e.type() : name == null ? "" : name;
            switch (type) {
                case "message_start" -> {
                    MessageResponse m = e.message();
                    if (m != null) {
                        id = m.id();
                        model = m.model();
                        usage(m.usage());
                    }
                    emit(new ResponseChunk(id, model, null, null, null, null, null, null, arrivalNanos));
                }
                case "content_block_start" -> {
                    Block b = e.contentBlock();
                    if (b == null) {
                        return;
                    }
                    if ("tool_use".equals(b.type()) && structured && AnthropicWire.ANSWER_TOOL.equals(b.name())) {
                        answerBlock = e.index() == null ? -1 : e.index();
                        if (b.input() != null && b.input().isObject() && !b.input().isEmpty()) {
                            emit(chunk(b.input().toString(), null, null, arrivalNanos));
                        }
                    } else if ("tool_use".equals(b.type())) {
                        int tool = toolByBlock.size();
                        toolByBlock.put(e.index() == null ? -1 : e.index(), tool);
                        String initial = b.input() != null && b.input().isObject() && !b.input().isEmpty()
                                ? b.input().toString() : null;
                        // the signed thinking before the first call is kept on it, to be sent back next turn
                        String kept = tool == 0 ? AnthropicWire.keptSignature(signature) : null;
                        emit(chunk(null, null, List.of(new ToolCallDelta(tool, b.id(), b.name(), initial, kept)),
                                arrivalNanos));
                    } else if ("text".equals(b.type()) && b.text() != null && !b.text().isEmpty()) {
                        emit(chunk(b.text(), null, null, arrivalNanos));
                    } else if ("thinking".equals(b.type())) {
                        if (b.signature() != null && !b.signature().isEmpty()) {
                            signature = b.signature();
                        }
                        if (b.thinking() != null && !b.thinking().isEmpty()) {
                            emit(chunk(null, b.thinking(), null, arrivalNanos));
                        }
                    }
                }
                case "content_block_delta" -> {
                    AnthropicWire.Delta d = e.delta();
                    if (d == null) {
                        return;
                    }
                    switch (d.type() == null ? "" : d.type()) {
                        case "text_delta" -> emit(chunk(d.text(), null, null, arrivalNanos));
                        case "thinking_delta" -> emit(chunk(null, d.thinking(), null, arrivalNanos));
                        case "input_json_delta" -> {
                            int block = e.index() == null ? -1 : e.index();
                            if (block == answerBlock) {
                                if (d.partialJson() != null && !d.partialJson().isEmpty()) {
                                    emit(chunk(d.partialJson(), null, null, arrivalNanos));
                                }
                                return;
                            }
                            Integer tool = toolByBlock.get(block);
                            if (tool != null && d.partialJson() != null && !d.partialJson().isEmpty()) {
                                emit(chunk(null, null, List.of(new ToolCallDelta(tool, null, null, d.partialJson())),
                                        arrivalNanos));
                            }
                        }
                        case "signature_delta" -> signature = d.signature();
                        default -> { } // citations: not part of the normalized answer
                    }
                }
                case "message_delta" -> {
                    usage(e.usage());
                    String stop = e.delta() == null ? null : e.delta().stopReason();
                    emit(new ResponseChunk(id, model, null, null, null,
                            AnthropicWire.usage(input, output, cacheWrite, cacheRead),
                            stop == null ? null : finishReason(stop, answerBlock != -2 && toolByBlock.isEmpty()), stop,
                            arrivalNanos));
                }
                case "message_stop" -> markDone();
                case "error" -> {
                    AnthropicWire.ErrorDetail err = e.error();
                    throw AnthropicErrors.fromStreamError(provider, err == null ? null : err.type(),
                            err == null ? "the stream reported an error" : err.message());
                }
                default -> { } // ping, content_block_stop, unknown future events
            }
        }

        private ResponseChunk chunk(String text, String reasoning, List<ToolCallDelta> tools, long arrivalNanos) {
            return new ResponseChunk(id, model, text, reasoning, tools, null, null, null, arrivalNanos);
        }

        private void usage(WireUsage u) {
            if (u == null) {
                return;
            }
            input = u.inputTokens() != null ? u.inputTokens() : input;
            output = u.outputTokens() != null ? u.outputTokens() : output;
            cacheWrite = u.cacheCreationInputTokens() != null ? u.cacheCreationInputTokens() : cacheWrite;
            cacheRead = u.cacheReadInputTokens() != null ? u.cacheReadInputTokens() : cacheRead;
        }
    }

    /** {@code GET {base}/v1/models}, following {@code has_more}/{@code last_id} pages. */
    /** {@inheritDoc} */
    @Override
    public java.util.Optional<dev.spoon.llm.WireFormat> wireFormat() {
        return java.util.Optional.of(AnthropicWireFormat.INSTANCE);
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        String provider = config().name();
        return pagedModels(after -> baseUrl() + "/v1/models?limit=1000"
                        + (after == null ? "" : "&after_id=" + URLEncoder.encode(after, StandardCharsets.UTF_8)),
                headers(), (status, h, body) -> AnthropicErrors.fromResponse(provider, status, h, body), body -> {
                    AnthropicWire.ModelList list;
                    try {
                        list = AnthropicWire.MODELS.readValue(body);
                    } catch (IOException e) {
                        throw ProviderErrors.malformed(provider, "model list", e);
                    }
                    List<String> ids = new ArrayList<>();
                    if (list.data() != null) {
                        list.data().forEach(m -> ids.add(m.id()));
                    }
                    return new ModelPage(ids, Boolean.TRUE.equals(list.hasMore()) ? list.lastId() : null);
                });
    }
}
