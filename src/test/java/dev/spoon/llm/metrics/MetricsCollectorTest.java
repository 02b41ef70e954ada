package dev.spoon.llm.metrics;

import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.NetworkException;
import dev.spoon.llm.RateLimitException;
import dev.spoon.llm.Usage;
import dev.spoon.llm.config.Price;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.testing.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsCollectorTest {
    static final long T0 = 1_700_000_000_000L; // a whole minute
    final AtomicLong now = new AtomicLong(T0);

    MetricsCollector collector() {
        return new MetricsCollector(Map.of("gpt-4o-mini", new Price(0.15, 0.60)), now::get);
    }

    /** Feeds one exchange that started at {@code startMs} and took {@code durationMs}, first token at ttft. */
    static void feed(MetricsCollector m, String provider, String model, long startMs, long durationMs, Long ttftMs,
                     Usage usage, Exception error, boolean cancelled, Map<String, String> tags) {
        long startNanos = 1_000_000_000L;
        Exchange ex = new Exchange("req", provider, model, "POST", "http://x", Map.of(), null, ttftMs != null,
                tags, Instant.ofEpochMilli(startMs), startNanos);
        LlmResponse r = error != null || cancelled ? null : new LlmResponse("id", provider, model + "-2024", "x", null,
                null, null, null, usage, durationMs, ttftMs, null, false, null, null);
        long end = startNanos + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long ft = ttftMs == null ? 0 : startNanos + TimeUnit.MILLISECONDS.toNanos(ttftMs);
        m.onComplete(ex, new ExchangeResult(error == null ? 200 : 429, Map.of(), null, r,
                (dev.spoon.llm.LlmException) error, ft, ft, end, cancelled));
    }

    @Test
    void providerStatsCountLatencyPercentilesTokensAndCost() {
        MetricsCollector m = collector();
        for (int i = 1; i <= 100; i++) {
            feed(m, "openai", "gpt-4o-mini", T0, i * 10, null, new Usage(1000, 500), null, false, Map.of());
        }
        feed(m, "openai", "gpt-4o-mini", T0, 5, null, null, new RateLimitException("slow down", "openai"), false,
                Map.of());
        feed(m, "openai", "gpt-4o-mini", T0, 5, null, null, new NetworkException("reset", "openai"), false,
                Map.of());
        feed(m, "openai", "gpt-4o-mini", T0, 5, null, null, null, true, Map.of());
        ProviderStats s = m.getProviderStats("openai");
        assertThat(s.totalRequests()).isEqualTo(103);
        assertThat(s.successfulRequests()).isEqualTo(100);
        assertThat(s.failedRequests()).isEqualTo(2);
        assertThat(s.cancelledRequests()).isEqualTo(1);
        assertThat(s.errorsByType()).containsEntry("RateLimitError", 1L).containsEntry("NetworkError", 1L);
        assertThat(s.avgResponseTimeMs()).isCloseTo(505, within(0.5));
        assertThat(s.p50Ms()).isCloseTo(500, within(5.0));
        assertThat(s.p99Ms()).isCloseTo(990, within(10.0));
        assertThat(s.promptTokens()).isEqualTo(100_000);
        assertThat(s.completionTokens()).isEqualTo(50_000);
        // 100k × 0.15 + 50k × 0.60 per million
        assertThat(s.costUsd()).isCloseTo(0.015 + 0.03, within(1e-9));
        PerformanceStats p = m.getPerformanceStats();
        assertThat(p.totalRequests()).isEqualTo(103);
        assertThat(p.successRate()).isCloseTo(100 / 102.0, within(1e-9));
        assertThat(p.avgResponseTime()).isCloseTo(0.505, within(0.001));
        assertThat(p.providers()).extracting(ProviderStats::provider).containsExactly("openai");
    }

    @Test
    void editingAPriceRepricesWhatWasRecorded() {
        MetricsCollector m = collector();
        feed(m, "openai", "gpt-4o-mini-2024-07-18", T0, 100, null, new Usage(1_000_000, 0), null, false, Map.of());
        assertThat(m.getProviderStats("openai").costUsd()).isCloseTo(0.15, within(1e-9)); // prefix match
        m.setPrice("gpt-4o-mini", new Price(1.0, 2.0));
        assertThat(m.getProviderStats("openai").costUsd()).isCloseTo(1.0, within(1e-9));
        assertThat(m.priceTable().priceOf("openrouter/openai/gpt-4o-mini")).contains(new Price(1.0, 2.0));
        assertThat(m.priceTable().priceOf("unknown")).isEmpty();
    }

    @Test
    void cachedPromptTokensArePricedAtTheCachePriceInTheSums() {
        MetricsCollector m = collector();
        m.setPrice("claude-sonnet-4-0", new Price(3, 15, 0.3, 3.75));
        Usage u = new Usage(1_000_000, 0, 1_000_000, 500_000, 0, null);
        feed(m, "anthropic", "claude-sonnet-4-0-20250514", T0, 100, null, u, null, false, Map.of());
        feed(m, "anthropic", "claude-sonnet-4-0-20250514", T0, 100, null, u, null, false, Map.of());
        assertThat(m.getProviderStats("anthropic").costUsd()).isCloseTo(2 * (500_000 * 3 + 500_000 * 0.3) / 1e6,
                within(1e-9));
    }

    @Test
    void ttftAndTokensPerSecondComeFromTheTransportTimestamps() {
        MetricsCollector m = collector();
        // 1,000 ms total, first token at 200 ms, 400 tokens → 500 tokens/s over the 800 ms of generation
        feed(m, "sim", "sim-1", T0, 1000, 200L, new Usage(10, 400), null, false, Map.of());
        ProviderStats s = m.getProviderStats("sim");
        assertThat(s.ttftP50Ms()).isCloseTo(200, within(2.0));
        assertThat(s.tokensPerSecond()).isCloseTo(500, within(0.5));
    }

    @Test
    void cacheHitsCountAsSuccessesWithoutLatencyOrTokens() {
        MetricsCollector m = collector();
        feed(m, "openai", "gpt-4o-mini", T0, 0, null, new Usage(10, 10), null, false, Map.of("cache_hit", "true"));
        ProviderStats s = m.getProviderStats("openai");
        assertThat(s.cacheHits()).isEqualTo(1);
        assertThat(s.successfulRequests()).isEqualTo(1);
        assertThat(s.p50Ms()).isNaN();
        assertThat(s.promptTokens()).isZero();
    }

    @Test
    void seriesHaveOnePointPerSecondOrMinuteAndWindowsForget() {
        MetricsCollector m = collector();
        now.set(T0 + 10_000);
        feed(m, "a", "m1", T0 + 5_000, 100, null, new Usage(1, 1), null, false, Map.of());
        feed(m, "a", "m1", T0 + 5_500, 300, null, new Usage(1, 1), null, false, Map.of());
        feed(m, "b", "m2", T0 + 7_000, 100, null, null, new RateLimitException("x", "b"), false, Map.of());
        List<SeriesPoint> fiveMin = m.series(MetricsWindow.LAST_5_MIN, null, null);
        assertThat(fiveMin).hasSize(300);
        SeriesPoint last = fiveMin.get(299);
        assertThat(last.epochSecond()).isEqualTo((T0 + 10_000) / 1000);
        SeriesPoint at5 = fiveMin.stream().filter(p -> p.epochSecond() == (T0 + 5_000) / 1000).findFirst()
                .orElseThrow();
        assertThat(at5.requests()).isEqualTo(2);
        assertThat(at5.requestsPerSecond()).isEqualTo(2.0);
        assertThat(at5.p50Ms()).isCloseTo(100, within(1.0));
        assertThat(at5.p99Ms()).isCloseTo(300, within(3.0));
        SeriesPoint at7 = fiveMin.stream().filter(p -> p.epochSecond() == (T0 + 7_000) / 1000).findFirst()
                .orElseThrow();
        assertThat(at7.errorsByType()).containsEntry("RateLimitError", 1L);
        assertThat(m.series(MetricsWindow.LAST_5_MIN, "b", null).stream().mapToLong(SeriesPoint::requests).sum())
                .isEqualTo(1);

        List<SeriesPoint> hour = m.series(MetricsWindow.LAST_HOUR, null, null);
        assertThat(hour).hasSize(60);
        assertThat(hour.get(59).requests()).isEqualTo(3);
        assertThat(m.breakdown(MetricsWindow.LAST_HOUR)).extracting(ProviderStats::provider, ProviderStats::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "m1"),
                        org.assertj.core.groups.Tuple.tuple("b", "m2"));

        now.set(T0 + 10_000 + 301_000); // 5 min later: the seconds are gone, the hour still has them
        assertThat(m.series(MetricsWindow.LAST_5_MIN, null, null).stream().mapToLong(SeriesPoint::requests).sum())
                .isZero();
        assertThat(m.breakdown(MetricsWindow.LAST_5_MIN)).isEmpty();
        assertThat(m.series(MetricsWindow.LAST_HOUR, null, null).stream().mapToLong(SeriesPoint::requests).sum())
                .isEqualTo(3);
        now.set(T0 + 2 * 3600_000);
        assertThat(m.breakdown(MetricsWindow.LAST_HOUR)).isEmpty();
        assertThat(m.series(MetricsWindow.SESSION, null, null).stream().mapToLong(SeriesPoint::requests).sum())
                .isEqualTo(3);
    }

    @Test
    void listenersAreThrottledAndOnlyCalledOnChange() {
        ManualScheduler clock = new ManualScheduler();
        MetricsCollector m = new MetricsCollector(Map.of(), now::get, clock);
        List<Long> revisions = new CopyOnWriteArrayList<>();
        m.addListener(revisions::add);
        try {
            for (int i = 0; i < 1000; i++) {
                feed(m, "a", "m", T0, 10, null, null, null, false, Map.of());
            }
            clock.advance(Duration.ofMillis(249));
            assertThat(revisions).isEmpty();                          // at most NOTIFY_HZ times a second
            clock.advance(Duration.ofMillis(1));
            assertThat(revisions).containsExactly(m.revision());      // 1,000 recordings, one notification
            clock.advance(Duration.ofSeconds(2));
            assertThat(revisions).hasSize(1);                         // nothing changed: nobody is told
            feed(m, "a", "m", T0, 10, null, null, null, false, Map.of());
            clock.advance(Duration.ofMillis(250));
            assertThat(revisions).hasSize(2).last().isEqualTo(m.revision());
        } finally {
            m.close();
        }
        assertThat(clock.isShutdown()).isFalse(); // a given scheduler is the test's, not closed with the collector
    }

    @Test
    void healthChecksAreNotCountedAsUse() {
        MetricsCollector m = collector();
        try {
            Exchange health = new Exchange("h", "ollama", "llama3.2", "POST", "http://localhost:11434/v1", Map.of(),
                    null, false, Map.of("origin", dev.spoon.llm.LlmProvider.HEALTH_ORIGIN), Instant.now(), 0);
            Exchange chat = new Exchange("c", "ollama", "llama3.2", "POST", "http://localhost:11434/v1", Map.of(),
                    null, false, Map.of("origin", "chat"), Instant.now(), 0);
            assertThat(m.exchangeListener().create(health)).isSameAs(dev.spoon.llm.exchange.ExchangeListener.NONE);
            assertThat(m.exchangeListener().create(chat)).isNotSameAs(dev.spoon.llm.exchange.ExchangeListener.NONE);
        } finally {
            m.close();
        }
    }
}
