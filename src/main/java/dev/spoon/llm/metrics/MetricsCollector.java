package dev.spoon.llm.metrics;

import dev.spoon.llm.config.Price;
import dev.spoon.llm.config.PriceTable;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.exchange.QueuedExchangeListener;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The seed's {@code MetricsCollector}: per provider and model, requests, successes, errors by type, latency
 * percentiles, time to first token, generation speed, tokens, estimated cost and cache hits; plus time series
 * for a live dashboard ({@link #series}). Fed by the exchange events of the core it listens to
 * ({@link #exchangeListener()}, handled on its own thread {@code spoon-metrics-events}): every timing is the
 * transport's own ({@link ExchangeResult} timestamps), never re-measured. The pieces: {@link ExchangeOutcome}
 * (what one exchange contributes), {@link StatsCell} (counters and histograms that merge), {@link TimeBuckets}
 * (per second and per minute).
 *
 * <p>Costs are computed when asked, from token counts and the current price table, so editing a price
 * ({@link #setPrice}) re-prices everything already recorded; a model's price is found by {@link PriceTable}.
 *
 * <p>Thread-safe; recording costs one short lock per finished exchange. Listeners: see
 * {@link MetricsListener}.
 */
public final class MetricsCollector implements ExchangeListener, AutoCloseable {
    /** Most listener notifications per second. */
    public static final int NOTIFY_HZ = 4;

    private final LongSupplier clockMillis;
    private final ScheduledExecutorService givenNotifier;
    private volatile PriceTable prices;
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<MetricsKey, StatsCell> totals = new LinkedHashMap<>();
    private final TimeBuckets buckets = new TimeBuckets();
    private volatile long revision;
    private long notifiedRevision;
    private ScheduledExecutorService notifier;
    private QueuedExchangeListener events;

    /** A collector using the system clock and the given price table. */
    public MetricsCollector(Map<String, Price> prices) {
        this(prices, System::currentTimeMillis);
    }

    /** A collector with its own clock (tests drive a virtual one) for choosing the series windows. */
    public MetricsCollector(Map<String, Price> prices, LongSupplier clockMillis) {
        this(prices, clockMillis, null);
    }

    /** For tests: listeners are told on {@code notifier}'s schedule (null: a daemon thread of its own). */
    MetricsCollector(Map<String, Price> prices, LongSupplier clockMillis, ScheduledExecutorService notifier) {
        this.clockMillis = clockMillis;
        this.prices = PriceTable.of(prices);
        this.givenNotifier = notifier;
    }

    /**
     * What a core registers to have its exchanges measured ({@code ExchangeListeners.add}): each exchange's
     * events are queued for this collector's own thread (started on first use). Health checks
     * ({@link dev.spoon.llm.LlmProvider#HEALTH_ORIGIN}) are not counted.
     */
    public synchronized ExchangeListener.Factory exchangeListener() {
        if (events == null) {
            // health checks are the monitor's probes, not use: the Metrics pane's health table shows them
            events = new QueuedExchangeListener("spoon-metrics-events",
                    ex -> !dev.spoon.llm.LlmProvider.HEALTH_ORIGIN.equals(ex.tags().get("origin")), this);
        }
        return events;
    }

    /** Waits (at most {@code timeoutMs}) until every exchange event queued so far is counted. */
    public boolean flush(long timeoutMs) {
        QueuedExchangeListener q;
        synchronized (this) {
            q = events;
        }
        return q == null || q.drain(timeoutMs);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (events != null) {
                events.close();
            }
        }
        synchronized (lock) {
            if (notifier != null && notifier != givenNotifier) {
                notifier.shutdownNow();
            }
            notifier = null;
        }
    }

    // ------------------------------------------------------------------ prices

    /** The current price table. */
    public PriceTable priceTable() {
        return prices;
    }

    /** Sets (or, with null, removes) the price of {@code model}; costs are recomputed on the next query. */
    public void setPrice(String model, Price price) {
        synchronized (lock) {
            prices = prices.with(model, price);
        }
        changed();
    }

    /** Replaces the whole price table with {@code table}'s entries alone (no bundled defaults). */
    public void setPrices(Map<String, Price> table) {
        setPrices(PriceTable.of(table));
    }

    /** Replaces the whole price table (e.g. after the configuration changed: {@code SpoonConfig.priceTable()}). */
    public void setPrices(PriceTable table) {
        prices = table;
        changed();
    }

    // ------------------------------------------------------------------ listeners

    /** Tells {@code l} of changes, at most {@value #NOTIFY_HZ} times a second, on the collector's own thread. */
    public void addListener(MetricsListener l) {
        listeners.add(l);
        synchronized (lock) {
            if (notifier == null) {
                notifier = givenNotifier != null ? givenNotifier : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "spoon-metrics");
                    t.setDaemon(true);
                    return t;
                });
                long period = 1000 / NOTIFY_HZ;
                notifier.scheduleAtFixedRate(this::notifyListeners, period, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    public void removeListener(MetricsListener l) {
        listeners.remove(l);
    }

    /** Increases whenever something was recorded, reset or re-priced. */
    public long revision() {
        return revision;
    }

    private void changed() {
        synchronized (lock) {
            revision++;
        }
    }

    private void notifyListeners() {
        long rev = revision;
        if (rev == notifiedRevision) {
            return;
        }
        notifiedRevision = rev;
        for (MetricsListener l : listeners) {
            try {
                l.onMetricsChanged(rev);
            } catch (RuntimeException ignored) {
                // a failing listener never stops the others
            }
        }
    }

    // ------------------------------------------------------------------ recording

    @Override
    public void onComplete(Exchange ex, ExchangeResult res) {
        ExchangeOutcome o = ExchangeOutcome.of(ex, res);
        synchronized (lock) {
            totals.computeIfAbsent(o.key(), k -> new StatsCell(3)).add(o);
            buckets.add(o);
            revision++;
        }
    }

    /** Forgets everything recorded (prices stay). */
    public void reset() {
        synchronized (lock) {
            totals.clear();
            buckets.clear();
            revision++;
        }
    }

    // ------------------------------------------------------------------ queries

    /** The seed's {@code get_provider_stats}: all models of {@code provider} since start (zeros when unseen). */
    public ProviderStats getProviderStats(String provider) {
        synchronized (lock) {
            StatsCell sum = new StatsCell(3);
            double cost = 0;
            for (Map.Entry<MetricsKey, StatsCell> e : totals.entrySet()) {
                if (e.getKey().provider().equals(provider)) {
                    sum.merge(e.getValue());
                    cost += e.getValue().cost(e.getKey().model(), prices);
                }
            }
            return sum.stats(provider, null, cost);
        }
    }

    /** Per provider and model since start, ordered by provider then model. */
    public List<ProviderStats> modelStats() {
        synchronized (lock) {
            List<ProviderStats> out = new ArrayList<>();
            for (Map.Entry<MetricsKey, StatsCell> e : totals.entrySet()) {
                out.add(e.getValue().stats(e.getKey().provider(), e.getKey().model(),
                        e.getValue().cost(e.getKey().model(), prices)));
            }
            out.sort(BY_PROVIDER_THEN_MODEL);
            return out;
        }
    }

    private static final Comparator<ProviderStats> BY_PROVIDER_THEN_MODEL = Comparator
            .comparing(ProviderStats::provider).thenComparing(s -> Objects.toString(s.model(), ""));

    /** The providers seen so far, in first-seen order. */
    public List<String> providers() {
        synchronized (lock) {
            return totals.keySet().stream().map(MetricsKey::provider).distinct().toList();
        }
    }

    /** The seed's {@code get_performance_stats}: totals across providers since start. */
    public PerformanceStats getPerformanceStats() {
        synchronized (lock) {
            StatsCell all = new StatsCell(3);
            double cost = 0;
            for (Map.Entry<MetricsKey, StatsCell> e : totals.entrySet()) {
                all.merge(e.getValue());
                cost += e.getValue().cost(e.getKey().model(), prices);
            }
            List<ProviderStats> per = new ArrayList<>();
            for (String p : providers()) {
                per.add(getProviderStats(p));
            }
            ProviderStats s = all.stats(null, null, cost);
            return new PerformanceStats(s.totalRequests(), s.successfulRequests(), s.failedRequests(),
                    s.cancelledRequests(), s.cacheHits(), s.successRate(), s.avgResponseTimeMs(), s.p50Ms(),
                    s.p95Ms(), s.p99Ms(), s.avgTtftMs(), s.tokensPerSecond(), s.promptTokens(),
                    s.completionTokens(), s.costUsd(), per, s.cachedPromptTokens(), s.cacheCreationTokens(),
                    s.reasoningTokens());
        }
    }

    /**
     * A dashboard series over {@code window}, oldest point first, one point per
     * {@link MetricsWindow#pointSeconds()} up to now (empty points included, so the x axis is regular).
     *
     * @param provider only this provider, or null for all
     * @param model    only this model, or null for all
     */
    public List<SeriesPoint> series(MetricsWindow window, String provider, String model) {
        long nowSec = Math.floorDiv(clockMillis.getAsLong(), 1000);
        synchronized (lock) {
            List<SeriesPoint> out = new ArrayList<>();
            if (window == MetricsWindow.LAST_5_MIN) {
                for (long s = nowSec - TimeBuckets.SECOND_SLOTS + 1; s <= nowSec; s++) {
                    out.add(point(buckets.second(s), s, 1, provider, model));
                }
                return out;
            }
            long nowMin = Math.floorDiv(nowSec, 60);
            long first = window == MetricsWindow.LAST_HOUR ? nowMin - 59 : buckets.firstMinute(nowMin);
            for (long m = first; m <= nowMin; m++) {
                out.add(point(buckets.minute(m), m * 60, 60, provider, model));
            }
            return out;
        }
    }

    /**
     * Per provider and model over {@code window} (what the dashboard's table shows), ordered by provider then
     * model; only pairs with traffic in the window.
     */
    public List<ProviderStats> breakdown(MetricsWindow window) {
        long nowSec = Math.floorDiv(clockMillis.getAsLong(), 1000);
        synchronized (lock) {
            Map<MetricsKey, StatsCell> acc = new HashMap<>();
            for (TimeBuckets.Bucket b : buckets.in(window, nowSec)) {
                b.cells.forEach((k, c) -> acc.computeIfAbsent(k, x -> new StatsCell(2)).merge(c));
            }
            List<ProviderStats> out = new ArrayList<>();
            acc.forEach((k, c) -> out.add(c.stats(k.provider(), k.model(), c.cost(k.model(), prices))));
            out.sort(BY_PROVIDER_THEN_MODEL);
            return out;
        }
    }

    private SeriesPoint point(TimeBuckets.Bucket b, long start, int width, String provider, String model) {
        StatsCell sum = new StatsCell(2);
        double cost = 0;
        if (b != null) {
            for (Map.Entry<MetricsKey, StatsCell> e : b.cells.entrySet()) {
                MetricsKey k = e.getKey();
                if ((provider == null || provider.equals(k.provider()))
                        && (model == null || model.equals(k.model()))) {
                    sum.merge(e.getValue());
                    cost += e.getValue().cost(k.model(), prices);
                }
            }
        }
        return new SeriesPoint(start, width, sum.requests, sum.successes, sum.cacheHits, sum.cancelled,
                sum.errors, sum.latencyPercentile(50), sum.latencyPercentile(95), sum.latencyPercentile(99),
                sum.ttftPercentile(50), sum.ttftPercentile(95), sum.tokensPerSecond(), sum.promptTokens,
                sum.completionTokens, cost);
    }
}
