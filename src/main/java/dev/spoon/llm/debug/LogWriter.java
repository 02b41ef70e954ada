package dev.spoon.llm.debug;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The debug log's writer thread ({@code spoon-debug-log}): in batches, appends the records queued since the
 * last batch to the file ({@link JsonlAppender}), reads what other processes appended when following the file
 * ({@link LogFollower}), and tells the listeners what changed in memory ({@link RecordRing#takeChange()}). At
 * start it prunes daily files older than {@code keep_days}. Never blocks the threads that queue records: when
 * the file falls {@value #MAX_UNWRITTEN} records behind, further records are counted as dropped. Thread-safe.
 */
final class LogWriter {
    private static final long BATCH_INTERVAL_MS = 50;
    private static final int MAX_UNWRITTEN = 200_000;

    private final DebugSettings settings;
    private final RecordRing ring;
    private final List<DebugLogListener> listeners;
    private final JsonlAppender appender;
    private final LogFollower follower;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final Thread thread;
    private List<DebugRecord> unwritten = new ArrayList<>();
    private long enqueuedSeq;
    private long writtenSeq;
    private long dropped;
    private boolean closed;
    private boolean following;
    private long pollsRequested;
    private long pollsDone;
    private volatile String lastWriteError;

    /** Starts the thread; {@code listeners} is the logger's live list. */
    LogWriter(DebugSettings settings, RecordRing ring, List<DebugLogListener> listeners) {
        this.settings = settings;
        this.ring = ring;
        this.listeners = listeners;
        this.appender = settings.writesFile() ? new JsonlAppender(settings.file(), settings.logDir()) : null;
        this.follower = appender == null ? null : new LogFollower(settings.file(), settings.logDir(), ring::add);
        this.thread = new Thread(this::run, "spoon-debug-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code numbered} (already in the ring) for the file. */
    void enqueue(DebugRecord numbered) {
        lock.lock();
        try {
            if (appender != null) {
                if (unwritten.size() < MAX_UNWRITTEN) {
                    unwritten.add(numbered);
                    enqueuedSeq = numbered.seq();
                } else {
                    dropped++;
                }
            }
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the thread (the ring changed). */
    void signal() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Starts following the file; false when there is no file. */
    boolean follow() {
        if (follower == null) {
            return false;
        }
        lock.lock();
        try {
            following = true;
            pollsRequested++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        return true;
    }

    boolean following() {
        lock.lock();
        try {
            return following;
        } finally {
            lock.unlock();
        }
    }

    Path currentFile() {
        return appender == null ? null : appender.currentFile();
    }

    /** Damaged lines the follower skipped in the file. */
    int skipped() {
        return follower == null ? 0 : follower.skipped();
    }

    String lastWriteError() {
        return lastWriteError;
    }

    long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until what was queued before is written and announced (and, when following, the file read once
     * more), at most until {@code deadlineNanos}.
     */
    boolean awaitWritten(long deadlineNanos) {
        lock.lock();
        try {
            long target = enqueuedSeq;
            long poll = following ? ++pollsRequested : pollsDone;
            work.signalAll();
            while (writtenSeq < target || ring.changed() || pollsDone < poll) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || closed) {
                    return writtenSeq >= target;
                }
                written.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is left, stops the thread and closes the file (at most 5 s). */
    void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        if (settings.file() == null && settings.logDir() != null && settings.keepDays() > 0) {
            try {
                DailyFiles.prune(settings.logDir(), settings.keepDays(), LocalDate.now(ZoneOffset.UTC));
            } catch (IOException | RuntimeException ignored) {
                // an old file that cannot be deleted now is tried again at the next start
            }
        }
        while (true) {
            List<DebugRecord> toWrite;
            lock.lock();
            try {
                while (!closed && unwritten.isEmpty() && !ring.changed() && pollsDone >= pollsRequested) {
                    if (!following) {
                        work.await();
                    } else if (!work.await(DebugLogger.FOLLOW_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
                        pollsRequested++; // time to look at the file again
                    }
                }
                if (closed && unwritten.isEmpty() && !ring.changed()) {
                    break;
                }
                toWrite = unwritten;
                unwritten = new ArrayList<>();
            } catch (InterruptedException e) {
                break;
            } finally {
                lock.unlock();
            }
            long last = write(toWrite);
            long polled = poll();
            announce();
            lock.lock();
            try {
                writtenSeq = Math.max(writtenSeq, last);
                pollsDone = Math.max(pollsDone, polled);
                written.signalAll();
                if (!closed) {
                    work.await(BATCH_INTERVAL_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                break;
            } finally {
                lock.unlock();
            }
        }
        try {
            if (appender != null) {
                appender.close();
            }
        } catch (IOException e) {
            lastWriteError = e.toString();
        }
        lock.lock();
        try {
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Appends {@code records} to the file; returns the last sequence number handled (written or failed). */
    private long write(List<DebugRecord> records) {
        if (records.isEmpty() || appender == null) {
            return 0;
        }
        for (DebugRecord r : records) {
            follower.wrote(r.requestId()); // not to be read back as another process's
        }
        try {
            appender.append(records);
        } catch (IOException | RuntimeException e) {
            lastWriteError = e.toString();
        }
        return records.get(records.size() - 1).seq();
    }

    /** While following, reads what other processes appended; returns the poll request it answered (or 0). */
    private long poll() {
        long request;
        lock.lock();
        try {
            if (!following || pollsDone >= pollsRequested) {
                return 0;
            }
            request = pollsRequested;
        } finally {
            lock.unlock();
        }
        try {
            follower.poll();
        } catch (IOException | RuntimeException e) {
            lastWriteError = e.toString();
        }
        return request;
    }

    private void announce() {
        DebugLogListener.Change change = ring.takeChange();
        if (change == null) {
            return;
        }
        for (DebugLogListener l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException ignored) {
                // a failing listener never breaks logging
            }
        }
    }
}
