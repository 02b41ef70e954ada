package dev.spoon.bench;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.providers.sim.SimProvider;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulator's maximum streaming rate: one stream with {@code tokens_per_s = 0} (unlimited), and streams
 * asked for 20,000 and 50,000 tokens/s to check it keeps up with the rate it is asked for.
 * Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.SimThroughputBench}
 */
public final class SimThroughputBench {
    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        for (int round = 0; round < 3; round++) {
            report("unlimited", Map.of("ttft_ms", 0, "tokens_per_s", 0, "mode", "lorem", "answer_tokens", tokens));
        }
        report("asked 20000/s", Map.of("ttft_ms", 0, "tokens_per_s", 20_000, "mode", "lorem",
                "answer_tokens", 100_000));
        report("asked 50000/s", Map.of("ttft_ms", 0, "tokens_per_s", 50_000, "mode", "lorem",
                "answer_tokens", 150_000));
    }

    private static void report(String label, Map<String, Object> options) {
        SimProvider p = new SimProvider();
        p.initialize(ProviderConfig.minimal("sim", "sim").withOptions(options));
        LongAdder chunks = new LongAdder();
        long t0 = System.nanoTime();
        LlmResponse r = LlmProvider.await(p.chatStream(ChatRequest.ofUser("go"), c -> chunks.increment()));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-14s %,d tokens in %.2f s = %,.0f tokens/s (%,d chunks)%n", label,
                r.usage().completionTokens(), s, r.usage().completionTokens() / s, chunks.sum());
    }
}
