package dev.spoon.llm.debug;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The debug log's in-memory records: at most {@code capacity}, the oldest dropped first. Memory grows with the
 * records actually held (a huge {@code debug.max_records} reserves nothing). Numbers each record
 * ({@link DebugRecord#seq()}), counts revisions, and collects what changed since the last
 * {@link #takeChange()} for the listeners. Thread-safe.
 */
final class RecordRing {
    private final int capacity;
    private final ArrayDeque<DebugRecord> records = new ArrayDeque<>();
    private long seq;
    private long revision;
    private List<DebugRecord> added = new ArrayList<>();
    private int removed;
    private boolean cleared;

    RecordRing(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code r} with the next sequence number (dropping the oldest when full); returns the numbered record. */
    synchronized DebugRecord add(DebugRecord r) {
        DebugRecord numbered = r.toBuilder().seq(++seq).build();
        if (records.size() == capacity) {
            records.pollFirst();
            removed++;
        }
        records.addLast(numbered);
        added.add(numbered);
        if (added.size() > capacity) { // listeners never see more than the ring holds
            int drop = added.size() - capacity;
            added = new ArrayList<>(added.subList(drop, added.size()));
            removed -= drop;
        }
        revision++;
        return numbered;
    }

    synchronized int size() {
        return records.size();
    }

    synchronized long revision() {
        return revision;
    }

    /** The records, oldest first. */
    synchronized List<DebugRecord> snapshot() {
        return new ArrayList<>(records);
    }

    /** The newest record with {@code requestId}. */
    synchronized Optional<DebugRecord> find(String requestId) {
        for (Iterator<DebugRecord> it = records.descendingIterator(); it.hasNext(); ) {
            DebugRecord r = it.next();
            if (r.requestId().equals(requestId)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    synchronized void clear() {
        records.clear();
        added = new ArrayList<>();
        removed = 0;
        cleared = true;
        revision++;
    }

    /** Whether something changed since the last {@link #takeChange()}. */
    synchronized boolean changed() {
        return cleared || !added.isEmpty() || removed > 0;
    }

    /** What changed since the last call (null when nothing did); the next call starts afresh. */
    synchronized DebugLogListener.Change takeChange() {
        if (!changed()) {
            return null;
        }
        DebugLogListener.Change c = new DebugLogListener.Change(cleared, List.copyOf(added), removed, revision);
        added = new ArrayList<>();
        removed = 0;
        cleared = false;
        return c;
    }
}
