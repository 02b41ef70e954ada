package dev.spoon.llm.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics over time: one slot per second for the last {@value #SECOND_SLOTS} seconds (a ring), one per
 * minute for the last {@value #MAX_MINUTES} minutes (seven days), each holding a {@link StatsCell} per provider
 * and model. Not thread-safe: the collector guards it with its lock.
 */
final class TimeBuckets {
    static final int SECOND_SLOTS = 300;
    static final int MAX_MINUTES = 7 * 24 * 60;

    /** One time slot: a cell per provider and model. */
    static final class Bucket {
        final long start;
        final Map<MetricsKey, StatsCell> cells = new HashMap<>(4);

        Bucket(long start) {
            this.start = start;
        }

        StatsCell cell(MetricsKey k) {
            return cells.computeIfAbsent(k, x -> new StatsCell(2));
        }
    }

    private final Bucket[] seconds = new Bucket[SECOND_SLOTS];
    private final TreeMap<Long, Bucket> minutes = new TreeMap<>();

    /** Counts {@code o} in the second and the minute it ended in. */
    void add(ExchangeOutcome o) {
        long sec = Math.floorDiv(o.endMillis(), 1000);
        long minute = Math.floorDiv(sec, 60);
        int slot = Math.floorMod(sec, SECOND_SLOTS);
        Bucket b = seconds[slot];
        if (b == null || b.start != sec) {
            b = new Bucket(sec);
            seconds[slot] = b;
        }
        b.cell(o.key()).add(o);
        Bucket m = minutes.get(minute);
        if (m == null) {
            m = new Bucket(minute * 60);
            minutes.put(minute, m);
            while (minutes.size() > MAX_MINUTES) {
                minutes.pollFirstEntry();
            }
        }
        m.cell(o.key()).add(o);
    }

    void clear() {
        Arrays.fill(seconds, null);
        minutes.clear();
    }

    /** The slot of second {@code s} (epoch seconds), or null when nothing ended in it. */
    Bucket second(long s) {
        Bucket b = seconds[Math.floorMod(s, SECOND_SLOTS)];
        return b != null && b.start == s ? b : null;
    }

    /** The slot of minute {@code m} (epoch minutes), or null. */
    Bucket minute(long m) {
        return minutes.get(m);
    }

    /** The first minute of a session-long series ending at {@code nowMin}. */
    long firstMinute(long nowMin) {
        return minutes.isEmpty() ? nowMin : Math.max(minutes.firstKey(), nowMin - MAX_MINUTES + 1);
    }

    /** The slots of {@code window} ending at {@code nowSec}. */
    List<Bucket> in(MetricsWindow window, long nowSec) {
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
}
