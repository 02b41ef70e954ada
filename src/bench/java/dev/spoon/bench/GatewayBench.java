package dev.spoon.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.spoon.gateway.Gateway;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.GatewayConfig;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.registry.ProviderRegistry;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local gateway's figures (DESIGN.md performance targets), one run, loopback only:
 * <ol>
 *   <li><b>Added latency</b>: the same non-streamed Chat Completions request sent with one OkHttp client (a)
 *   directly to a loopback stub and (b) to the gateway, which routes it through the core (manager, debug log in
 *   memory, metrics) to the same stub; interleaved, after a warm-up; p50/p99 of each and of the difference
 *   (target: added p50 &lt; 200 µs, p99 &lt; 1 ms).</li>
 *   <li><b>Streaming</b>: a 100,000-chunk OpenAI stream from a stub, through the gateway, to an OpenAI client:
 *   the core's own OpenAI-compatible provider as the client (target ≥ 50,000 chunks/s), and once the official
 *   OpenAI Java SDK for comparison (it is slower on its own than the target).</li>
 *   <li><b>Concurrency</b>: 200 streams (1,000 chunks each) at once through the gateway: errors (target 0).</li>
 * </ol>
 * Run: {@code mvn -o -q -DskipTests package test-compile}, then
 * {@code java -cp "target/classes:target/test-classes:target/lib/*:$(cat cp.txt)" dev.spoon.bench.GatewayBench
 * [requests] [chunks] [streams]} ({@code cp.txt} from
 * {@code mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt}).
 */
public final class GatewayBench {
    private static final MediaType JSON = MediaType.get("application/json");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int streams = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path home = Files.createTempDirectory("spoon-gateway-bench");
        byte[] big = SseDecoderBench.openAiStream(chunks);
        byte[] small = SseDecoderBench.openAiStream(1_000);
        HttpServer sse = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        sse.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sse-stub");
            t.setDaemon(true);
            return t;
        }));
        sse.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] body = exchange.getRequestURI().getPath().startsWith("/big") ? big : small;
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        sse.start();
        String sseBase = "http://127.0.0.1:" + sse.getAddress().getPort();
        try (LoopbackStub stub = new LoopbackStub(ManagerOverheadBench.BODY)) {
            String stubUrl = "http://127.0.0.1:" + stub.port() + "/v1/chat/completions";
            Path cfg = home.resolve("config.toml");
            Files.writeString(cfg, """
                    default_provider = "api"
                    max_concurrent_requests = 4096
                    retry_attempts = 0
                    [providers.api]
                    type = "openai-compatible"
                    api_key = "sk-bench-0123456789"
                    base_url = "http://127.0.0.1:%d/v1"
                    model = "gpt-4o-mini"
                    [providers.big]
                    type = "openai-compatible"
                    base_url = "%s/big/v1"
                    [providers.small]
                    type = "openai-compatible"
                    base_url = "%s/small/v1"
                    """.formatted(stub.port(), sseBase, sseBase));
            ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE);
            try (SpoonCore core = new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.inMemory(10_000));
                 Gateway gateway = Gateway.start(core, new GatewayConfig("127.0.0.1", 0, null, 32))) {
                String gw = gateway.url().toString();
                System.out.printf("gateway %s; stub %s; %d cores, load %.1f%n", gw, stubUrl,
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                addedLatency(stubUrl, gw + "/v1/chat/completions", n);
                streaming(home, gw, chunks);
                concurrent(gw, streams);
                System.out.printf("gateway stats: %,d calls, %,d errors; debug log %,d records in memory%n",
                        gateway.stats().calls(), gateway.stats().errors(), core.debugLogger().size());
            }
        } finally {
            sse.stop(0);
        }
    }

    private static void addedLatency(String stubUrl, String gatewayUrl, int n) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder().build();
        String body = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        Request direct = new Request.Builder().url(stubUrl)
                .post(RequestBody.create(body.formatted("gpt-4o-mini"), JSON)).build();
        Request viaGateway = new Request.Builder().url(gatewayUrl)
                .post(RequestBody.create(body.formatted("api/gpt-4o-mini"), JSON)).build();
        Histogram d = new Histogram(3);
        Histogram g = new Histogram(3);
        for (int round = 0; round < 3; round++) {
            boolean measure = round > 0;
            int count = measure ? n : Math.max(3000, n / 2);
            d.reset();
            g.reset();
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                try (Response r = client.newCall(direct).execute()) {
                    r.body().bytes();
                }
                long t1 = System.nanoTime();
                try (Response r = client.newCall(viaGateway).execute()) {
                    byte[] b = r.body().bytes();
                    if (r.code() != 200 || b.length == 0) {
                        throw new IllegalStateException("gateway answered " + r.code());
                    }
                }
                long t2 = System.nanoTime();
                d.recordValue((t1 - t0) / 1000);
                g.recordValue((t2 - t1) / 1000);
            }
            if (measure) {
                System.out.printf("non-streamed, %,d sequential requests each, interleaved (µs), round %d:%n", n, round);
                System.out.printf("  %-26s p50 %6d  p90 %6d  p99 %6d%n", "direct to the stub", d.getValueAtPercentile(50),
                        d.getValueAtPercentile(90), d.getValueAtPercentile(99));
                System.out.printf("  %-26s p50 %6d  p90 %6d  p99 %6d%n", "through the gateway",
                        g.getValueAtPercentile(50), g.getValueAtPercentile(90), g.getValueAtPercentile(99));
                System.out.printf("  %-26s p50 %6d  p90 %6d  p99 %6d   (target p50 < 200, p99 < 1000)%n",
                        "added by the gateway", g.getValueAtPercentile(50) - d.getValueAtPercentile(50),
                        g.getValueAtPercentile(90) - d.getValueAtPercentile(90),
                        g.getValueAtPercentile(99) - d.getValueAtPercentile(99));
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static void streaming(Path home, String gw, int chunks) throws Exception {
        Path cfg = home.resolve("client.toml");
        Files.writeString(cfg, """
                [providers.gw]
                type = "openai-compatible"
                base_url = "%s/v1"
                model = "big/x"
                """.formatted(gw));
        ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE);
        try (SpoonCore client = new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.inMemory(10))) {
            client.debugLogger().setEnabled(false);
            LlmProvider p = client.manager().provider("gw");
            for (int run = 0; run < 5; run++) {
                AtomicLong seen = new AtomicLong();
                long t0 = System.nanoTime();
                LlmProvider.await(p.chatStream(ChatRequest.ofUser("stream"), c -> {
                    if (c.deltaContent() != null) {
                        seen.incrementAndGet();
                    }
                }));
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("stream through the gateway, OpenAI-format client (the core's provider), run %d: "
                        + "%,d chunks in %.2f s = %,.0f chunks/s (target >= 50,000)%n", run + 1, seen.get(), s,
                        seen.get() / s);
            }
        }
        OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(gw + "/v1").apiKey("x").maxRetries(0).build();
        try {
            long seen = 0;
            long t0 = System.nanoTime();
            try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("big/x").addUserMessage("stream").build())) {
                seen = s.stream().filter(c -> !c.choices().isEmpty() && c.choices().get(0).delta().content()
                        .isPresent()).count();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("stream through the gateway, official OpenAI Java SDK (for comparison): %,d chunks "
                    + "in %.2f s = %,.0f chunks/s%n", seen, s, seen / s);
        } finally {
            sdk.close();
        }
    }

    private static void concurrent(String gw, int streams) throws InterruptedException {
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        client.dispatcher().setMaxRequests(streams * 2);
        client.dispatcher().setMaxRequestsPerHost(streams * 2);
        CountDownLatch done = new CountDownLatch(streams);
        AtomicInteger errors = new AtomicInteger();
        AtomicLong events = new AtomicLong();
        String body = "{\"model\":\"small/x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}";
        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            client.newCall(new Request.Builder().url(gw + "/v1/chat/completions").post(RequestBody.create(body, JSON))
                    .build()).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    errors.incrementAndGet();
                    done.countDown();
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        String text = response.body().string();
                        long n = text.lines().filter(l -> l.startsWith("data: {")).count();
                        events.addAndGet(n);
                        if (response.code() != 200 || !text.endsWith("data: [DONE]\n\n") || n < 1_000) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                }
            });
        }
        boolean all = done.await(5, TimeUnit.MINUTES);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d concurrent streams of 1,000 chunks through the gateway: %s, %d errors, %,d events in "
                + "%.2f s, peak live threads %d%n", streams, all ? "all finished" : "NOT all finished", errors.get(),
                events.get(), s, java.lang.management.ManagementFactory.getThreadMXBean().getPeakThreadCount());
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
