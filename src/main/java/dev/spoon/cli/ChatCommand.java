package dev.spoon.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ImageInput;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.StructuredOutput;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.json.JsonSchemaValidator;
import dev.spoon.llm.manager.LlmManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spoon chat}: one request to one provider (with fallback), printed as text or JSON. Not final:
 * {@link TokensCommand} takes the same flags.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Send a chat request. Without keys it answers from the offline simulator.")
public class ChatCommand implements Callable<Integer> {

    @Option(names = {"-p", "--provider"}, converter = OptionValues.Text.class,
            description = "Provider instance (default: the configured default, else sim)")
    String provider;
    @Option(names = {"-m", "--model"}, converter = OptionValues.Text.class, description = "Model name")
    String model;
    @Option(names = "--base-url", converter = OptionValues.BaseUrl.class,
            description = "Base URL of the provider's API (http or https)")
    String baseUrl;
    @Option(names = "--api-key", description = "API key (overrides environment and config)")
    String apiKey;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--system", description = "System prompt")
    String system;
    @Option(names = "--message", converter = OptionValues.Text.class,
            description = "A user message (repeatable); '-' reads standard input")
    List<String> messages = new ArrayList<>();
    @Option(names = "--messages", description = "JSON file: a conversation in OpenAI chat format")
    Path messagesFile;
    @Option(names = "--tools", description = "JSON file: tools in OpenAI format")
    Path toolsFile;
    @Option(names = "--tool-choice", description = "auto, none, required, or a tool name")
    String toolChoice;
    @Option(names = "--max-tokens", converter = OptionValues.TokenLimit.class,
            description = "Maximum tokens to generate")
    Integer maxTokens;
    @Option(names = "--temperature", converter = OptionValues.Temperature.class,
            description = "Sampling temperature, 0 to 2")
    Double temperature;
    @Option(names = "--timeout", converter = OptionValues.Seconds.class,
            description = "Longest time for the whole call, in seconds (timeout_s)")
    Double timeout;
    @Option(names = "--read-timeout", converter = OptionValues.Seconds.class,
            description = "Longest wait for the next byte of the answer, in seconds (read_timeout_s)")
    Double readTimeout;
    @Option(names = "--api", paramLabel = "API", converter = OptionValues.WireApi.class,
            description = "OpenAI-family providers: chat_completions (default, or the provider's api setting) or "
                    + "responses (the Responses API)")
    ProviderConfig.Api api;
    @Option(names = "--response-format", paramLabel = "text|json|FILE",
            description = "Answer as JSON ('json'), or as JSON that follows the JSON Schema in FILE; the result "
                    + "gains 'parsed' and, when it does not validate, 'schema_errors'")
    String responseFormat;
    @Option(names = "--reasoning-effort", paramLabel = "minimal|low|medium|high", converter = OptionValues.Effort.class,
            description = "How much a reasoning model thinks (OpenAI reasoning_effort, Anthropic thinking budget, "
                    + "Gemini thinkingConfig)")
    ReasoningEffort reasoningEffort;
    @Option(names = "--image", paramLabel = "FILE_OR_URL",
            description = "Attach an image to the last user message (repeatable): a PNG, JPEG, GIF or WebP file "
                    + "(at most " + ImageInput.MAX_BYTES_MB + " MB) or an http(s) URL")
    List<String> images = new ArrayList<>();
    @Option(names = "--cache-prompt",
            description = "Mark the system prompt and tools for prompt caching (Anthropic cache_control)")
    boolean cachePrompt;
    @Option(names = "--extra-body", paramLabel = "JSON", converter = OptionValues.ExtraBody.class,
            description = "A JSON object merged into the request body")
    com.fasterxml.jackson.databind.node.ObjectNode extraBody;
    @Option(names = "--header", paramLabel = "NAME: VALUE", converter = OptionValues.HeaderValue.class,
            description = "An extra HTTP header (repeatable); its value is treated as a secret")
    List<OptionValues.Header> headers = new ArrayList<>();
    @Option(names = "--stream", description = "Stream the answer as it is generated")
    boolean stream;
    @Option(names = "--json", description = "Machine-readable output")
    boolean json;
    @Option(names = "--fallback", split = ",", converter = OptionValues.Text.class,
            description = "Fallback providers, in order")
    List<String> fallback;
    @Option(names = "--mcp", paramLabel = "SERVER", converter = OptionValues.Text.class,
            description = "Offer this MCP server's tools and run them (repeatable); see spoon mcp list")
    List<String> mcp = new ArrayList<>();
    @Option(names = "--max-steps", paramLabel = "N", converter = OptionValues.Steps.class,
            description = "With --mcp: at most N tool calls (default 8)")
    int maxSteps = 8;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        LlmManager manager = null;
        dev.spoon.llm.debug.DebugLogger debugLog = null;
        for (OptionValues.Header h : headers) {
            ctx.redactor.remember(new Redactor.Secrets().headers(java.util.Map.of(h.name(), h.value())));
        }
        try {
            ChatRequest request = buildRequest();
            ConfigurationManager cm = configuration(ctx);
            debugLog = CliContext.debugLog(cm);
            manager = ctx.manager(cm, debugLog);
            String target = provider != null ? provider : cm.defaultProvider();
            checkApi(cm, target);
            if (!mcp.isEmpty()) {
                return new McpChat(ctx, new McpChat.Options(mcp, maxSteps, stream, json, toolChoice),
                        spec.commandLine()).run(cm, debugLog, manager, request, target);
            }
            if (!stream) {
                LlmResponse r = LlmProvider.await(manager.chat(request, target, new RetryReporter(ctx.err, null, null)));
                printResult(ctx, r, request.responseFormat());
                return 0;
            }
            return streamChat(ctx, manager, request, target);
        } catch (LlmException e) {
            return ctx.fail(e, json);
        } finally {
            if (manager != null) {
                manager.close();
            }
            if (debugLog != null) {
                debugLog.close();
            }
        }
    }

    /** The command-line settings, as the configuration takes them. */
    CliOverrides overrides(String target) {
        return new CliOverrides(target, model, baseUrl, apiKey, maxTokens, temperature, timeout, fallback,
                readTimeout);
    }

    ConfigurationManager configuration(CliContext ctx) {
        // the request carries the model, token limit, temperature and whole-call timeout itself
        return ctx.configuration(config, provider, this::overrides,
                baseUrl != null || apiKey != null || readTimeout != null);
    }

    /**
     * The request the flags describe.
     *
     * @throws ParameterException when there is nothing to send or {@code --tool-choice} names no given tool
     * @throws ConfigurationException when a {@code --messages} or {@code --tools} file is unreadable or invalid
     */
    ChatRequest buildRequest() {
        List<Message> conversation = new ArrayList<>();
        if (system != null) {
            conversation.add(Message.system(system));
        }
        if (messagesFile != null) {
            try {
                conversation.addAll(LlmJson.messages(CliContext.readJsonFile(messagesFile, "--messages file")));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid --messages file: " + e.getMessage(), null, messagesFile,
                        null, null, e);
            }
        }
        for (String m : messages) {
            String text = m.equals("-") ? readStdin() : m;
            if (text.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--message -: standard input was empty");
            }
            conversation.add(Message.user(text));
        }
        if (conversation.stream().noneMatch(m -> m.role() != dev.spoon.llm.Role.SYSTEM)) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to send: give --message TEXT or --messages FILE");
        }
        if (!images.isEmpty()) {
            attachImages(conversation);
        }
        List<Tool> tools = List.of();
        if (toolsFile != null) {
            try {
                tools = LlmJson.tools(CliContext.readJsonFile(toolsFile, "--tools file"));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid --tools file: " + e.getMessage(), null, toolsFile, null,
                        null, e);
            }
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(conversation).model(model).maxTokens(maxTokens)
                .temperature(temperature).tools(tools);
        if (toolChoice != null) {
            b.toolChoice(toolChoice(tools));
        }
        if (api != null) {
            b.tag(ProviderConfig.Api.TAG, api.key());
        }
        if (timeout != null) {
            b.timeout(Duration.ofNanos(Math.round(timeout * 1e9))); // 0.0001 s stays 100 µs, never 0 (= none)
        }
        b.responseFormat(responseFormat()).reasoningEffort(reasoningEffort).cachePrompt(cachePrompt)
                .extraBody(extraBody);
        for (OptionValues.Header h : headers) {
            b.header(h.name(), h.value());
        }
        return b.build();
    }

    /** {@code --api} only for a target that speaks an OpenAI wire format (fallback providers of other types ignore it). */
    private void checkApi(ConfigurationManager cm, String target) {
        ProviderConfig pc = api == null ? null : cm.config().provider(target);
        if (pc != null && !ProviderConfig.Api.PROVIDER_TYPES.contains(pc.type())) {
            throw new ParameterException(spec.commandLine(), "--api applies only to OpenAI-family providers ("
                    + String.join(", ", ProviderConfig.Api.PROVIDER_TYPES.stream().sorted().toList()) + "); '"
                    + target + "' is of type " + pc.type() + ": remove --api or choose another provider");
        }
    }

    /**
     * {@code --response-format}: {@code text}, {@code json}, or a JSON Schema file (the schema itself, or OpenAI's
     * {@code {"name", "schema", "strict"}}).
     *
     * @throws ParameterException when the value is none of these
     * @throws ConfigurationException when the file is not JSON or not a usable JSON Schema
     */
    private ResponseFormat responseFormat() {
        if (responseFormat == null || responseFormat.equalsIgnoreCase("text")) {
            return ResponseFormat.TEXT;
        }
        if (responseFormat.equalsIgnoreCase("json")) {
            return ResponseFormat.JSON;
        }
        Path file = Path.of(responseFormat);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--response-format: '" + responseFormat + "' is not "
                    + "text, json, or a JSON Schema file that exists");
        }
        ResponseFormat.JsonSchema schema;
        try {
            schema = ResponseFormat.JsonSchema.fromJson(CliContext.readJsonFile(file, "--response-format file"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid --response-format file: " + e.getMessage(), null, file, null,
                    null, e);
        }
        List<String> problems = JsonSchemaValidator.schemaProblems(schema.schema());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid JSON Schema in --response-format file: "
                    + String.join("; ", problems), null, file, null, null, null);
        }
        return schema;
    }

    /**
     * Adds the {@code --image}s to the last user message.
     *
     * @throws ParameterException naming the image when one cannot be used (missing, not an image, too large)
     */
    private void attachImages(List<Message> conversation) {
        int last = -1;
        for (int i = conversation.size() - 1; i >= 0 && last < 0; i--) {
            if (conversation.get(i).role() == dev.spoon.llm.Role.USER) {
                last = i;
            }
        }
        if (last < 0) {
            throw new ParameterException(spec.commandLine(), "--image needs a user message to go with: give --message");
        }
        Message m = conversation.get(last);
        List<ContentPart> parts = new ArrayList<>(m.parts());
        if (parts.isEmpty() && m.content() != null && !m.content().isEmpty()) {
            parts.add(new ContentPart.Text(m.content()));
        }
        for (String image : images) {
            try {
                parts.add(ImageInput.load(image));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--image: " + e.getMessage());
            }
        }
        conversation.set(last, new Message(m.role(), null, parts, m.toolCalls(), m.toolCallId(), m.name(),
                m.reasoning()));
    }

    /**
     * {@code --tool-choice}: {@code auto} and {@code none} always; {@code required} and a tool's name only with
     * tools to choose from, the name being one of them.
     */
    private ToolChoice toolChoice(List<Tool> tools) {
        ToolChoice choice = ToolChoice.parse(toolChoice);
        if (choice.mode() == ToolChoice.Mode.AUTO || choice.mode() == ToolChoice.Mode.NONE || !mcp.isEmpty()) {
            return choice; // with --mcp the servers' tools are known once they run: McpChat checks the name
        }
        if (tools.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--tool-choice " + toolChoice + " needs tools: give "
                    + "--tools FILE, or use auto or none");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED && tools.stream().noneMatch(t -> t.name()
                .equals(choice.toolName()))) {
            throw new ParameterException(spec.commandLine(), "--tool-choice '" + toolChoice + "' is not one of "
                    + "the tools (" + String.join(", ", tools.stream().map(Tool::name).toList())
                    + "); use auto, none, required or a tool's name");
        }
        return choice;
    }

    private static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printResult(CliContext ctx, LlmResponse r, ResponseFormat format) {
        if (json) {
            ctx.out.println(Json.write(LlmJson.result(r, format)));
            return;
        }
        if (r.reasoning() != null && !r.reasoning().isBlank()) {
            ctx.err.println("[reasoning] " + r.reasoning().strip());
        }
        if (!r.content().isEmpty()) {
            ctx.out.println(r.content());
        }
        for (ToolCall c : r.toolCalls()) {
            ctx.out.println("tool call " + c.name() + " " + c.arguments() + " (id " + c.id() + ")");
        }
        printSchemaErrors(ctx, r, format);
    }

    /** Without {@code --json}: why a structured answer does not fit, on standard error. */
    private static void printSchemaErrors(CliContext ctx, LlmResponse r, ResponseFormat format) {
        StructuredOutput so = StructuredOutput.of(format, r.content());
        if (so != null) {
            so.schemaErrors().forEach(e -> ctx.err.println("schema error: " + e));
        }
    }

    private int streamChat(CliContext ctx, LlmManager manager, ChatRequest request, String target) {
        StreamPrinter printer = new StreamPrinter(ctx.out, json);
        CompletableFuture<LlmResponse> f = manager.chatStream(request, target, printer,
                new RetryReporter(ctx.err, json ? printer : null, null));
        try {
            LlmResponse r = LlmProvider.await(f);
            printer.finish();
            if (json) {
                ctx.out.println(Json.write(resultLine(r, request.responseFormat())));
            } else {
                if (!printer.endedWithNewline()) {
                    ctx.out.println();
                }
                for (ToolCall c : r.toolCalls()) {
                    ctx.out.println("tool call " + c.name() + " " + c.arguments() + " (id " + c.id() + ")");
                }
                printSchemaErrors(ctx, r, request.responseFormat());
            }
            return 0;
        } catch (LlmException e) {
            printer.finish();
            if (e.partial() != null) {
                if (json) {
                    ctx.out.println(Json.write(resultLine(e.partial(), request.responseFormat())));
                } else if (!printer.endedWithNewline()) {
                    ctx.out.println();
                }
            }
            return ctx.fail(e, json);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode resultLine(LlmResponse r, ResponseFormat format) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Json.MAPPER.createObjectNode().put("type", "result");
        o.setAll(LlmJson.result(r, format));
        return o;
    }
}
