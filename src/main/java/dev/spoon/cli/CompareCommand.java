package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.config.PriceTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spoon compare}: sends the same message to several targets at once (each streamed, no fallback, no
 * load balancing) and prints, per target, the answer, time to first token, duration, tokens per second,
 * tokens and estimated cost (from the configuration's {@code prices}). A failing target shows its error;
 * the others still print. Exit status 1 when any target failed.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Send one message to several providers/models at once and compare the answers.")
public final class CompareCommand implements Callable<Integer> {
    @Option(names = "--target", required = true, converter = TargetConverter.class,
            description = "PROVIDER or PROVIDER:MODEL (repeat for each column)")
    List<Target> targets = new ArrayList<>();

    static final class TargetConverter implements ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            return Target.parse(value);
        }
    }
    @Option(names = "--message", required = true, converter = OptionValues.Text.class,
            description = "The user message")
    String message;
    @Option(names = "--system", description = "System prompt")
    String system;
    @Option(names = "--max-tokens", converter = OptionValues.TokenLimit.class,
            description = "Maximum tokens to generate")
    Integer maxTokens;
    @Option(names = "--temperature", converter = OptionValues.Temperature.class,
            description = "Sampling temperature, 0 to 2")
    Double temperature;
    @Option(names = "--timeout", converter = OptionValues.Seconds.class,
            description = "Longest time for each target's whole call, in seconds")
    Double timeout;
    @Option(names = "--config", description = "Configuration file (TOML or JSON)")
    Path config;
    @Option(names = "--json", description = "Machine-readable output: one JSON array")
    boolean json;

    /** One parsed {@code --target}. */
    record Target(String spec, String provider, String model) {
        /** {@code P} or {@code P:MODEL}; the model may itself contain colons ({@code ollama:llama3:8b}). */
        static Target parse(String spec) {
            int i = spec.indexOf(':');
            String p = i < 0 ? spec : spec.substring(0, i);
            String m = i < 0 ? null : spec.substring(i + 1);
            if (p.isBlank() || (m != null && m.isBlank())) {
                throw new TypeConversionException("'" + spec + "' is not PROVIDER or PROVIDER:MODEL");
            }
            return new Target(spec, p.trim(), m == null ? null : m.trim());
        }
    }

    @Override
    public Integer call() {
        CliContext ctx = CliContext.get();
        try {
            List<Target> parsed = targets;
            ConfigurationManager cm = ctx.configuration(config, CliOverrides.NONE);
            for (Target t : parsed) {
                cm.loadProviderConfig(t.provider()); // unknown names fail before anything is sent
            }
            dev.spoon.llm.debug.DebugLogger debugLog = CliContext.debugLog(cm);
            PriceTable prices = cm.config().priceTable();
            try (LlmManager manager = ctx.manager(cm, debugLog)) {
                manager.setFallbackChain(List.of());
                manager.enableLoadBalancing("none", null);
                List<CompletableFuture<LlmResponse>> calls = new ArrayList<>();
                for (Target t : parsed) {
                    calls.add(manager.chatStream(request(t), t.provider(), StreamHandler.NONE,
                            new RetryReporter(ctx.err, null, t.spec())));
                }
                ArrayNode out = Json.MAPPER.createArrayNode();
                boolean anyFailed = false;
                for (int i = 0; i < parsed.size(); i++) {
                    out.add(row(parsed.get(i), calls.get(i), prices));
                    anyFailed |= out.get(i).hasNonNull("error");
                }
                if (json) {
                    ctx.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out));
                } else {
                    printTable(ctx, out);
                }
                ctx.out.flush();
                return anyFailed ? 1 : 0;
            } finally {
                if (debugLog != null) {
                    debugLog.close();
                }
            }
        } catch (LlmException e) {
            return ctx.fail(e, json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChatRequest request(Target t) {
        List<Message> msgs = new ArrayList<>();
        if (system != null) {
            msgs.add(Message.system(system));
        }
        msgs.add(Message.user(message));
        ChatRequest.Builder b = ChatRequest.builder().messages(msgs).model(t.model()).maxTokens(maxTokens)
                .temperature(temperature).tag("origin", "compare");
        if (timeout != null) {
            b.timeout(Duration.ofNanos(Math.round(timeout * 1e9))); // 0.0001 s stays 100 µs, never 0 (= none)
        }
        return b.build();
    }

    private static ObjectNode row(Target t, CompletableFuture<LlmResponse> call, PriceTable prices) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("target", t.spec());
        o.put("provider", t.provider());
        LlmResponse r;
        LlmException error = null;
        try {
            r = call.join();
        } catch (RuntimeException e) {
            error = dev.spoon.llm.LlmProvider.unwrap(e);
            r = error.partial();
        }
        o.put("model", r != null ? r.model() : t.model());
        o.put("content", r == null ? null : r.content());
        if (r == null || r.ttftMs() == null) {
            o.putNull("ttft_ms");
        } else {
            o.put("ttft_ms", r.ttftMs());
        }
        if (r == null) {
            o.putNull("duration_ms");
            o.putNull("tokens_per_s");
        } else {
            o.put("duration_ms", r.durationMs());
            o.put("tokens_per_s", Math.round(r.tokensPerSecond() * 10) / 10.0);
        }
        o.set("usage", LlmJson.usage(r == null ? null : r.usage()));
        OptionalDouble cost = r == null ? OptionalDouble.empty() : prices.cost(r.model(), r.usage());
        if (cost.isEmpty() && r != null) {
            cost = prices.cost(t.model(), r.usage());
        }
        if (cost.isEmpty()) {
            o.putNull("cost_usd");
        } else {
            o.put("cost_usd", cost.getAsDouble());
        }
        if (error == null) {
            o.putNull("error");
        } else {
            o.set("error", LlmJson.error(error).get("error"));
        }
        return o;
    }

    private static void printTable(CliContext ctx, ArrayNode rows) {
        TextTable table = new TextTable(List.of("TARGET", "TTFT", "DURATION", "TOK/S", "TOKENS IN/OUT", "COST"),
                1, 2, 3, 4, 5);
        for (var r : rows) {
            var u = r.get("usage");
            table.row(r.get("target").asText(),
                    r.get("ttft_ms").isNull() ? "-" : r.get("ttft_ms").asLong() + " ms",
                    r.get("duration_ms").isNull() ? "-" : r.get("duration_ms").asLong() + " ms",
                    r.get("tokens_per_s").isNull() ? "-" : String.format(Locale.ROOT, "%.1f",
                            r.get("tokens_per_s").asDouble()),
                    u.isNull() ? "-" : u.get("prompt_tokens").asInt() + "/" + u.get("completion_tokens").asInt(),
                    r.get("cost_usd").isNull() ? "-" : String.format(Locale.ROOT, "$%.6f",
                            r.get("cost_usd").asDouble()));
        }
        table.print(ctx.out);
        for (var r : rows) {
            ctx.out.println();
            ctx.out.println("== " + r.get("target").asText() + " (" + r.get("model").asText("?") + ")");
            if (!r.get("content").isNull() && !r.get("content").asText().isEmpty()) {
                ctx.out.println(r.get("content").asText());
            }
            if (!r.get("error").isNull()) {
                var e = r.get("error");
                ctx.out.println("error: " + LlmException.displayLine(e.get("type").asText(),
                        e.path("provider").asText(null), e.get("status").isNull() ? null : e.get("status").asInt(),
                        e.get("message").asText(), e.get("retry_after_s").isNull() ? null
                                : Duration.ofMillis(Math.round(e.get("retry_after_s").asDouble() * 1000))));
            }
        }
    }
}
