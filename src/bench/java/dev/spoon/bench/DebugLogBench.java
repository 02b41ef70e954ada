package dev.spoon.bench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderContext;
import dev.spoon.llm.exchange.ExchangeListeners;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.metrics.MetricsCollector;
import dev.spoon.llm.providers.sim.SimProvider;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * (1) Heap held by 100,000 debug-log records of simulated exchanges (each a streamed answer of
 * {@code tokens} tokens, every chunk kept with its arrival time), measured after GC.
 * (2) The simulator's streaming rate with the debug log and metrics listening.
 * Run: {@code java -Xmx1g -cp "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.DebugLogBench [records] [tokens]}
 */
public final class DebugLogBench {
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long base = usedAfterGc();
        try (DebugLogger log = new DebugLogger(DebugSettings.inMemory(records));
             MetricsCollector metrics = new MetricsCollector(Map.of())) {
            ProviderContext context = ProviderContext.of(ExchangeListeners.of(log.exchangeListener(),
                    metrics.exchangeListener()));
            SimProvider sim = new SimProvider();
            sim.initialize(ProviderConfig.minimal("sim", "sim").withOptions(Map.of("ttft_ms", 0, "tokens_per_s", 0,
                    "mode", "lorem", "answer_tokens", tokens)), context);
            long t0 = System.nanoTime();
            List<CompletableFuture<LlmResponse>> batch = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                batch.add(sim.chatStream(ChatRequest.ofUser("question number " + i), c -> { }));
                if (batch.size() == 500) {
                    batch.forEach(LlmProvider::await);
                    batch.clear();
                }
            }
            batch.forEach(LlmProvider::await);
            log.flush(60_000);
            double s = (System.nanoTime() - t0) / 1e9;
            long used = usedAfterGc() - base;
            long chars = log.records().stream().mapToLong(r -> r.chunks().totalChars()
                    + (r.requestBody() == null ? 0 : r.requestBody().length())).sum();
            System.out.printf("%,d records (%d-token streams, %,d chunks each) held: heap %.1f MB after GC"
                            + " (%.0f bytes/record; chunk+body text %,d chars) — built in %.1f s%n", log.size(), tokens,
                    log.records().get(0).chunks().size(), used / 1e6, (double) used / log.size(), chars, s);

            sim.initialize(ProviderConfig.minimal("sim", "sim").withOptions(Map.of("ttft_ms", 0, "tokens_per_s", 0,
                    "mode", "lorem", "answer_tokens", 200_000)), context);
            for (int round = 0; round < 2; round++) {
                long t1 = System.nanoTime();
                LlmResponse r = LlmProvider.await(sim.chatStream(ChatRequest.ofUser("go"), c -> { }));
                double secs = (System.nanoTime() - t1) / 1e9;
                System.out.printf("simulator with debug log + metrics listening: %,d tokens in %.2f s = %,.0f tokens/s%n",
                        r.usage().completionTokens(), secs, r.usage().completionTokens() / secs);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        var mem = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return mem.getUsed();
    }
}
