package dev.spoon.bench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.providers.openai.OpenAiCompatibleProvider;
import dev.spoon.llm.providers.sim.SimProvider;
import dev.spoon.llm.registry.ProviderRegistry;
import dev.spoon.testing.LoopbackOpenAiProvider;
import okhttp3.Request;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Manager overhead over raw OkHttp, in one run against one loopback stub: the same non-streamed OpenAI-format
 * request sent (a) with OkHttp directly (synchronous {@code execute}), (b) with the OpenAI-compatible provider
 * directly (asynchronous, as every provider is) and (c) through {@link dev.spoon.llm.manager.LlmManager} to that
 * provider with the debug log (in memory and JSONL file) and metrics on, interleaved, after a warm-up. Then 1,000 concurrent
 * simulated streams through the manager: errors, duration, peak live threads.
 *
 * <p>Run: {@code mvn -o -q -DskipTests package test-compile} then
 * {@code java -cp "target/classes:target/test-classes:target/lib/*:$(cat cp.txt)" dev.spoon.bench.ManagerOverheadBench}
 * (the stub is {@link LoopbackStub}, a minimal keep-alive HTTP/1.1 server; {@code cp.txt} from
 * {@code mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt}).
 */
public final class ManagerOverheadBench {
    static final String BODY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there!\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,"
            + "\"total_tokens\":12}}";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path home = Files.createTempDirectory("spoon-bench");
        LoopbackStub server = new LoopbackStub(BODY);
        String base = "http://127.0.0.1:" + server.port() + "/v1";
        try {
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, """
                    default_provider = "api"
                    max_concurrent_requests = 4096
                    [providers.api]
                    type = "openai-compatible"
                    api_key = "sk-bench-0123456789"
                    base_url = "%1$s"
                    model = "gpt-4o-mini"
                    [providers.raw]
                    type = "loopback"
                    api_key = "sk-bench-0123456789"
                    base_url = "%1$s"
                    model = "gpt-4o-mini"
                    [providers.sim]
                    ttft_ms = 100
                    tokens_per_s = 100
                    mode = "lorem"
                    answer_tokens = 100
                    """.formatted(base));
            ProviderRegistry registry = new ProviderRegistry();
            registry.register(SimProvider.class, SimProvider::new);
            registry.register(OpenAiCompatibleProvider.class, OpenAiCompatibleProvider::new);
            LoopbackOpenAiProvider.register(registry);
            // the config may name the bench's own "loopback" type: validate against this registry's types
            ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE,
                    registry.names());
            try (SpoonCore core = new SpoonCore(cm, registry,
                    new DebugSettings(true, 10_000, true, null, home.resolve("logs")))) {
                if (Boolean.getBoolean("bench.nolog")) {
                    core.debugLogger().setEnabled(false);
                    core.metrics().close();
                }
                overhead(core, n);
                concurrentStreams(core, streams);
                System.out.printf("debug log: %,d records in memory, file %s%n", core.debugLogger().size(),
                        core.debugLogger().currentFile());
            }
        } finally {
            server.close();
        }
    }

    private static void overhead(SpoonCore core, int n) throws Exception {
        LoopbackOpenAiProvider p = (LoopbackOpenAiProvider) core.manager().provider("raw");
        LlmProvider api = core.manager().provider("api");
        ChatRequest req = ChatRequest.ofUser("Say hello");
        Histogram raw = new Histogram(3);
        Histogram direct = new Histogram(3);
        Histogram managed = new Histogram(3);
        for (int round = 0; round < 2; round++) {
            boolean measure = round == 1;
            int count = measure ? n : Math.max(2000, n / 2);
            raw.reset();
            direct.reset();
            managed.reset();
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                Request r = p.buildRequest(req, false);
                try (Response resp = LoopbackOpenAiProvider.CLIENT.newCall(r).execute()) {
                    resp.body().string();
                }
                long t1 = System.nanoTime();
                LlmResponse viaProvider = api.chat(req).get();
                long t2 = System.nanoTime();
                LlmResponse lr = core.manager().chat(req, "api").get();
                long t3 = System.nanoTime();
                if (lr.content().isEmpty() || viaProvider.content().isEmpty()) {
                    throw new IllegalStateException("empty answer");
                }
                raw.recordValue((t1 - t0) / 1000);
                direct.recordValue((t2 - t1) / 1000);
                managed.recordValue((t3 - t2) / 1000);
            }
        }
        System.out.printf("non-streamed request, %,d each, interleaved, loopback (µs):%n", n);
        row("raw OkHttp (sync execute)", raw);
        row("provider.chat (async)", direct);
        row("manager.chat (+log, metrics)", managed);
        System.out.printf("  %-30s p50 %6d  p90 %6d  p99 %6d%n", "overhead vs raw OkHttp",
                managed.getValueAtPercentile(50) - raw.getValueAtPercentile(50),
                managed.getValueAtPercentile(90) - raw.getValueAtPercentile(90),
                managed.getValueAtPercentile(99) - raw.getValueAtPercentile(99));
        System.out.printf("  %-30s p50 %6d  p90 %6d  p99 %6d%n", "overhead vs provider.chat",
                managed.getValueAtPercentile(50) - direct.getValueAtPercentile(50),
                managed.getValueAtPercentile(90) - direct.getValueAtPercentile(90),
                managed.getValueAtPercentile(99) - direct.getValueAtPercentile(99));
    }

    private static void row(String label, Histogram h) {
        System.out.printf("  %-30s p50 %6d  p90 %6d  p99 %6d  max %7d%n", label, h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
    }

    private static void concurrentStreams(SpoonCore core, int streams) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        AtomicInteger chunks = new AtomicInteger();
        long t0 = System.nanoTime();
        List<CompletableFuture<LlmResponse>> calls = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            calls.add(core.manager().chatStream(ChatRequest.ofUser("stream " + i), "sim", c -> chunks.incrementAndGet()));
        }
        int errors = 0;
        long tokens = 0;
        for (CompletableFuture<LlmResponse> c : calls) {
            try {
                tokens += LlmProvider.await(c).usage().completionTokens();
            } catch (RuntimeException e) {
                errors++;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%,d concurrent simulated streams (100 tokens at 100 tokens/s each) through the manager:"
                        + " %d errors, %,d tokens, %,d chunks in %.2f s; live threads before %d, peak %d%n", streams,
                errors, tokens, chunks.get(), s, before, threads.getPeakThreadCount());
    }
}
