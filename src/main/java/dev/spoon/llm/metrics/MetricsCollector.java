package dev.spoon.llm.metrics;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Usage;
import dev.spoon.llm.config.Price;
import dev.spoon.llm.config.PriceTable;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.exchange.QueuedExchangeListener;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
 * transport's own ({@link ExchangeResult} timestamps), never re-measured.
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
    private static final int SECOND_SLOTS = 300;
    private static final int MAX_MINUTES = 7 * 24 * 60;

    private final LongSupplier clockMillis;
    private volatile PriceTable prices;
    private final List<MetricsListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<Key, Cell> totals = new LinkedHashMap<>();
    private final Bucket[] seconds = new Bucket[SECOND_SLOTS];
    private final TreeMap<Long, Bucket> minutes = new TreeMap<>();
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
        this.clockMillis = clockMillis;
        this.prices = PriceTable.of(prices);
    }

    /**
     * What a core registers to have its exchanges measured ({@code ExchangeListeners.add}): each exchange's
     * events are queued for this collector's own thread (started on first use).
     */
    public synchronized ExchangeListener.Factory exchangeListener() {
        if (events == null) {
            events = new QueuedExchangeListener("spoon-metrics-events", ex -> true, this);
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
            if (notifier != null) {
                notifier.shutdownNow();
                notifier = null;
            }
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

    /** Replaces the whole price table (e.g. after the configuration changed). */
    public void setPrices(Map<String, Price> table) {
        prices = PriceTable.of(table);
        changed();
    }

    // ------------------------------------------------------------------ listeners

    public void addListener(MetricsListener l) {
        listeners.add(l);
        synchronized (lock) {
            if (notifier == null) {
                notifier = Executors.newSingleThreadScheduledExecutor(r -> {
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
        LlmException err = res.error();
        LlmResponse resp = res.response() != null ? res.response() : err != null ? err.partial() : null;
        String model = ex.model() != null ? ex.model() : resp != null ? resp.model() : null;
        boolean cacheHit = "true".equals(ex.tags().get("cache_hit"));
        Outcome o = new Outcome();
        o.cancelled = res.cancelled();
        o.cacheHit = cacheHit;
        o.errorType = o.cancelled || err == null ? null : err.errorType();
        long durationNanos = Math.max(0, res.endNanos() - ex.startNanos());
        o.latencyMs = durationNanos / 1_000_000.0;
        o.ttftMs = res.firstTokenNanos() > 0 ? Math.max(0, res.firstTokenNanos() - ex.startNanos()) / 1_000_000.0
                : -1;
        Usage u = resp == null ? null : resp.usage();
        if (u != null && !cacheHit) {
            o.promptTokens = u.promptTokens();
            o.completionTokens = u.completionTokens();
            o.cacheReadTokens = u.cacheReadTokens() == null ? 0 : u.cacheReadTokens();
            o.cacheWriteTokens = u.cacheWriteTokens() == null ? 0 : u.cacheWriteTokens();
            long genNanos = res.firstTokenNanos() > 0 ? res.endNanos() - res.firstTokenNanos() : durationNanos;
            o.genSeconds = genNanos / 1e9;
        }
        long endMillis = ex.startedAt().toEpochMilli() + durationNanos / 1_000_000;
        record(new Key(ex.provider(), model), endMillis, o);
    }

    /** What one exchange contributes. */
    static final class Outcome {
        boolean cancelled;
        boolean cacheHit;
        String errorType;
        double latencyMs;
        double ttftMs = -1;
        long promptTokens;
        long completionTokens;
        long cacheReadTokens;
        long cacheWriteTokens;
        double genSeconds;
    }

    void record(Key key, long endMillis, Outcome o) {
        long sec = Math.floorDiv(endMillis, 1000);
        long minute = Math.floorDiv(sec, 60);
        synchronized (lock) {
            totals.computeIfAbsent(key, k -> new Cell(3)).add(o);
            int slot = (int) Math.floorMod(sec, SECOND_SLOTS);
            Bucket b = seconds[slot];
            if (b == null || b.start != sec) {
                b = new Bucket(sec);
                seconds[slot] = b;
            }
            b.cell(key).add(o);
            Bucket m = minutes.get(minute);
            if (m == null) {
                m = new Bucket(minute * 60);
                minutes.put(minute, m);
                while (minutes.size() > MAX_MINUTES) {
                    minutes.pollFirstEntry();
                }
            }
            m.cell(key).add(o);
            revision++;
        }
    }

    /** Forgets everything recorded (prices stay). */
    public void reset() {
        synchronized (lock) {
            totals.clear();
            java.util.Arrays.fill(seconds, null);
            minutes.clear();
            revision++;
        }
    }

    // ------------------------------------------------------------------ queries

    /** The seed's {@code get_provider_stats}: all models of {@code provider} since start (zeros when unseen). */
    public ProviderStats getProviderStats(String provider) {
        synchronized (lock) {
            Cell sum = new Cell(3);
            double cost = 0;
            for (Map.Entry<Key, Cell> e : totals.entrySet()) {
                if (e.getKey().provider().equals(provider)) {
                    sum.merge(e.getValue());
                    cost += e.getValue().cost(e.getKey().model());
                }
            }
            return sum.stats(provider, null, cost);
        }
    }

    /** Per provider and model since start, ordered by provider then model. */
    public List<ProviderStats> modelStats() {
        synchronized (lock) {
            List<ProviderStats> out = new ArrayList<>();
            for (Map.Entry<Key, Cell> e : totals.entrySet()) {
                out.add(e.getValue().stats(e.getKey().provider(), e.getKey().model(),
                        e.getValue().cost(e.getKey().model())));
            }
            out.sort(Comparator.comparing(ProviderStats::provider)
                    .thenComparing(s -> Objects.toString(s.model(), "")));
            return out;
        }
    }

    /** The providers seen so far, in first-seen order. */
    public List<String> providers() {
        synchronized (lock) {
            return totals.keySet().stream().map(Key::provider).distinct().toList();
        }
    }

    /** The seed's {@code get_performance_stats}: totals across providers since start. */
    public PerformanceStats getPerformanceStats() {
        synchronized (lock) {
            Cell all = new Cell(3);
            double cost = 0;
            for (Map.Entry<Key, Cell> e : totals.entrySet()) {
                all.merge(e.getValue());
                cost += e.getValue().cost(e.getKey().model());
            }
            List<ProviderStats> per = new ArrayList<>();
            for (String p : providers()) {
                per.add(getProviderStats(p));
            }
            ProviderStats s = all.stats(null, null, cost);
            return new PerformanceStats(s.totalRequests(), s.successfulRequests(), s.failedRequests(),
                    s.cancelledRequests(), s.cacheHits(), s.successRate(), s.avgResponseTimeMs(), s.p50Ms(),
                    s.p95Ms(), s.p99Ms(), s.avgTtftMs(), s.tokensPerSecond(), s.promptTokens(),
                    s.completionTokens(), s.costUsd(), per);
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
                for (long s = nowSec - SECOND_SLOTS + 1; s <= nowSec; s++) {
                    Bucket b = seconds[(int) Math.floorMod(s, SECOND_SLOTS)];
                    out.add(point(b != null && b.start == s ? b : null, s, 1, provider, model));
                }
                return out;
            }
            long nowMin = Math.floorDiv(nowSec, 60);
            long first = window == MetricsWindow.LAST_HOUR ? nowMin - 59
                    : minutes.isEmpty() ? nowMin : Math.max(minutes.firstKey(), nowMin - MAX_MINUTES + 1);
            for (long m = first; m <= nowMin; m++) {
                out.add(point(minutes.get(m), m * 60, 60, provider, model));
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
            Map<Key, Cell> acc = new HashMap<>();
            for (Bucket b : bucketsIn(window, nowSec)) {
                b.cells.forEach((k, c) -> acc.computeIfAbsent(k, x -> new Cell(2)).merge(c));
            }
            List<ProviderStats> out = new ArrayList<>();
            acc.forEach((k, c) -> out.add(c.stats(k.provider(), k.model(), c.cost(k.model()))));
            out.sort(Comparator.comparing(ProviderStats::provider)
                    .thenComparing(s -> Objects.toString(s.model(), "")));
            return out;
        }
    }

    private List<Bucket> bucketsIn(MetricsWindow window, long nowSec) {
        List<Bucket> out = new ArrayList<>();
        if (window == MetricsWindow.LAST_5_MIN) {
            for (Bucket b : seconds) {
                if (b != null && b.start > nowSec - SECOND_SLOTS && b.start <= nowSec) {
                    out.add(b);
                }
            }
        } else {
            long nowMin = Math.floorDiv(nowSec, 60);
            long from = window == MetricsWindow.LAST_HOUR ? nowMin - 59 : Long.MIN_VALUE;
            out.addAll(minutes.subMap(from, true, nowMin, true).values());
        }
        return out;
    }

    private SeriesPoint point(Bucket b, long start, int width, String provider, String model) {
        Cell sum = new Cell(2);
        double cost = 0;
        if (b != null) {
            for (Map.Entry<Key, Cell> e : b.cells.entrySet()) {
                Key k = e.getKey();
                if ((provider == null || provider.equals(k.provider()))
                        && (model == null || model.equals(k.model()))) {
                    sum.merge(e.getValue());
                    cost += e.getValue().cost(k.model());
                }
            }
        }
        return new SeriesPoint(start, width, sum.requests, sum.successes, sum.cacheHits, sum.cancelled,
                sum.errors, pct(sum.latency, 50), pct(sum.latency, 95), pct(sum.latency, 99), pct(sum.ttft, 50),
                pct(sum.ttft, 95), sum.tokensPerSecond(), sum.promptTokens, sum.completionTokens, cost);
    }

    private static double pct(Histogram h, double p) {
        return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    /** Provider + model. */
    record Key(String provider, String model) {
    }

    /** One time slot: a cell per provider and model. */
    private final class Bucket {
        final long start;
        final Map<Key, Cell> cells = new HashMap<>(4);

        Bucket(long start) {
            this.start = start;
        }

        Cell cell(Key k) {
            return cells.computeIfAbsent(k, x -> new Cell(2));
        }
    }

    /** Counters and histograms (microseconds, auto-resizing) of some exchanges; guarded by the lock. */
    private final class Cell {
        final int digits;
        long requests;
        long successes;
        long cacheHits;
        long cancelled;
        final Map<String, Long> errors = new HashMap<>(2);
        Histogram latency;
        Histogram ttft;
        double latencySumMs;
        double ttftSumMs;
        long promptTokens;
        long completionTokens;
        long cacheReadTokens;
        long cacheWriteTokens;
        long genTokens;
        double genSeconds;

        Cell(int digits) {
            this.digits = digits;
        }

        private Histogram newHistogram() {
            Histogram h = new Histogram(digits);
            h.setAutoResize(true);
            return h;
        }

        void add(Outcome o) {
            requests++;
            if (o.cancelled) {
                cancelled++;
                return;
            }
            if (o.errorType != null) {
                errors.merge(o.errorType, 1L, Long::sum);
            } else {
                successes++;
                if (o.cacheHit) {
                    cacheHits++;
                } else {
                    if (latency == null) {
                        latency = newHistogram();
                    }
                    latency.recordValue(Math.max(1, Math.round(o.latencyMs * 1000)));
                    latencySumMs += o.latencyMs;
                    if (o.ttftMs >= 0) {
                        if (ttft == null) {
                            ttft = newHistogram();
                        }
                        ttft.recordValue(Math.max(1, Math.round(o.ttftMs * 1000)));
                        ttftSumMs += o.ttftMs;
                    }
                }
            }
            promptTokens += o.promptTokens;
            completionTokens += o.completionTokens;
            cacheReadTokens += o.cacheReadTokens;
            cacheWriteTokens += o.cacheWriteTokens;
            if (o.genSeconds > 0 && o.completionTokens > 0) {
                genTokens += o.completionTokens;
                genSeconds += o.genSeconds;
            }
        }

        void merge(Cell c) {
            requests += c.requests;
            successes += c.successes;
            cacheHits += c.cacheHits;
            cancelled += c.cancelled;
            c.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            if (c.latency != null) {
                if (latency == null) {
                    latency = newHistogram();
                }
                latency.add(c.latency);
            }
            if (c.ttft != null) {
                if (ttft == null) {
                    ttft = newHistogram();
                }
                ttft.add(c.ttft);
            }
            latencySumMs += c.latencySumMs;
            ttftSumMs += c.ttftSumMs;
            promptTokens += c.promptTokens;
            completionTokens += c.completionTokens;
            cacheReadTokens += c.cacheReadTokens;
            cacheWriteTokens += c.cacheWriteTokens;
            genTokens += c.genTokens;
            genSeconds += c.genSeconds;
        }

        double tokensPerSecond() {
            return genSeconds <= 0 ? 0 : genTokens / genSeconds;
        }

        double cost(String model) {
            return prices.priceOf(model).map(p -> p.cost(promptTokens, completionTokens, cacheReadTokens,
                    cacheWriteTokens)).orElse(0.0);
        }

        ProviderStats stats(String provider, String model, double cost) {
            long lat = latency == null ? 0 : latency.getTotalCount();
            long tt = ttft == null ? 0 : ttft.getTotalCount();
            long failed = errors.values().stream().mapToLong(Long::longValue).sum();
            return new ProviderStats(provider, model, requests, successes, failed, cancelled, cacheHits, errors,
                    lat == 0 ? Double.NaN : latencySumMs / lat, pct(latency, 50), pct(latency, 95),
                    pct(latency, 99), tt == 0 ? Double.NaN : ttftSumMs / tt, pct(ttft, 50), pct(ttft, 95),
                    tokensPerSecond(), promptTokens, completionTokens, cost);
        }
    }
}
