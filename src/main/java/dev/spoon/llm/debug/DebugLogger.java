package dev.spoon.llm.debug;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Usage;
import dev.spoon.llm.exchange.Exchange;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.ExchangeResult;
import dev.spoon.llm.exchange.QueuedExchangeListener;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.Redactor;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The seed's {@code DebugLogger}: one {@link DebugRecord} per provider exchange, built from the exchange
 * events of the core it listens to ({@link #exchangeListener()}; timings are the transport's own). Records are kept in a bounded in-memory ring
 * ({@link DebugSettings#maxRecords()}) and appended as JSON Lines to a file in the data folder
 * ({@code logs/debug-YYYY-MM-DD.jsonl}) on a background thread.
 *
 * <p>Secrets never reach a record: transports redact headers and URLs at the source, and this logger also
 * scrubs the core's secrets ({@link #setRedactor}) from bodies, chunks and error text.
 *
 * <p>Thread-safe. Exchange events are queued by the calling threads and handled on this logger's own thread
 * ({@code spoon-debug-events}): they append to per-exchange buffers, and the record is built when the
 * exchange completes; {@link #flush} first hands over every event queued before it. Listeners ({@link DebugLogListener}) and the file writer run
 * on one daemon thread named {@code spoon-debug-log}, in batches.
 */
public final class DebugLogger implements ExchangeListener, AutoCloseable {
    private static final long BATCH_INTERVAL_MS = 50;
    private static final int MAX_UNWRITTEN = 200_000;

    private final DebugSettings settings;
    private volatile boolean enabled;
    private volatile Redactor redactor = new Redactor();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<DebugLogListener> listeners = new CopyOnWriteArrayList<>();

    // ring, guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final DebugRecord[] ring;
    private int head;
    private int count;
    private long seq;
    private long revision;
    // pending change for listeners and file, guarded by lock
    private List<DebugRecord> unwritten = new ArrayList<>();
    private List<DebugRecord> addedSinceNotify = new ArrayList<>();
    private int removedSinceNotify;
    private boolean clearedSinceNotify;
    private long enqueuedSeq;
    private long writtenSeq;
    private long dropped;
    private boolean closed;
    private final Thread worker;
    private final QueuedExchangeListener events;

    // file state, touched only by the worker thread
    private BufferedWriter out;
    private Path outPath;
    private volatile String lastWriteError;

    public DebugLogger(DebugSettings settings) {
        this.settings = settings;
        this.enabled = settings.enabled();
        this.ring = new DebugRecord[Math.max(1, settings.maxRecords())];
        this.worker = new Thread(this::runWorker, "spoon-debug-log");
        worker.setDaemon(true);
        worker.start();
        this.events = new QueuedExchangeListener("spoon-debug-events", ex -> enabled, this);
    }

    /**
     * What a core registers to have its exchanges recorded ({@code ExchangeListeners.add}): while recording is
     * on, each exchange's events are queued for this logger's own thread.
     */
    public ExchangeListener.Factory exchangeListener() {
        return events;
    }

    public DebugSettings settings() {
        return settings;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Turns recording on or off (exchanges already in flight are still completed when on). */
    public void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            pending.clear();
        }
    }

    /** The redaction list whose secrets are scrubbed from bodies, chunks and error text (the core's one list). */
    public void setRedactor(Redactor r) {
        redactor = r;
    }

    /** Scrubs just these secrets (a logger used without a core); blanks are ignored. */
    public void setSecrets(Collection<String> values) {
        Redactor r = new Redactor();
        Redactor.Secrets s = new Redactor.Secrets();
        values.forEach(s::secret);
        r.set(s);
        redactor = r;
    }

    public void addListener(DebugLogListener l) {
        listeners.add(l);
    }

    public void removeListener(DebugLogListener l) {
        listeners.remove(l);
    }

    /** Increases with every change of the ring (records added, cleared). */
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** How many records the ring holds now. */
    public int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the ring, oldest first. */
    public List<DebugRecord> records() {
        lock.lock();
        try {
            List<DebugRecord> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(ring[(head + i) % ring.length]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The record of exchange {@code requestId}, if the ring still holds it. */
    public Optional<DebugRecord> find(String requestId) {
        lock.lock();
        try {
            for (int i = count - 1; i >= 0; i--) {
                DebugRecord r = ring[(head + i) % ring.length];
                if (r.requestId().equals(requestId)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the in-memory ring (the file keeps everything already written). */
    public void clear() {
        lock.lock();
        try {
            java.util.Arrays.fill(ring, null);
            head = 0;
            count = 0;
            revision++;
            clearedSinceNotify = true;
            addedSinceNotify = new ArrayList<>();
            removedSinceNotify = 0;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The file records are appended to now, or null when none was opened (yet, or no file configured). */
    public Path currentFile() {
        return outPath;
    }

    /** The last error writing the file, or null. Writing failures never break a request. */
    public String lastWriteError() {
        return lastWriteError;
    }

    /** Records not written because the writer fell too far behind. */
    public long droppedRecords() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (at most {@code timeoutMs}) until every record added so far is written to the file and announced
     * to listeners.
     *
     * @return whether everything was flushed in time
     */
    public boolean flush(long timeoutMs) {
        if (!events.drain(timeoutMs)) {
            return false;
        }
        lock.lock();
        try {
            long target = enqueuedSeq;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            work.signalAll();
            while (writtenSeq < target || clearedSinceNotify || !addedSinceNotify.isEmpty()) {
                long left = deadline - System.nanoTime();
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

    /**
     * Waits (at most 2 s) for exchanges in flight to complete (a caller may see its answer a moment before
     * the transport reports the exchange's end), then stops listening, writes what is pending and closes the
     * file.
     */
    @Override
    public void close() {
        events.drain(2_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        events.close();
        flush(5_000);
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ exchange events (the events thread)

    @Override
    public void onRequest(Exchange exchange) {
        if (enabled) {
            pending.put(exchange.id(), new Pending(exchange));
        }
    }

    @Override
    public void onResponseHeaders(Exchange exchange, int status, Map<String, List<String>> headers) {
        Pending p = pending.get(exchange.id());
        if (p != null) {
            p.status = status;
            p.responseHeaders = headers;
        }
    }

    @Override
    public void onChunk(Exchange exchange, String event, long arrivalNanos) {
        if (!settings.logBodies()) {
            return;
        }
        Pending p = pending.get(exchange.id());
        if (p != null) {
            synchronized (p) {
                p.chunks.add(scrub(event), (arrivalNanos - exchange.startNanos()) / 1_000);
            }
        }
    }

    @Override
    public void onComplete(Exchange exchange, ExchangeResult result) {
        Pending p = pending.get(exchange.id());
        if (p == null) {
            if (!enabled) {
                return;
            }
            p = new Pending(exchange);
        }
        DebugRecord r;
        synchronized (p) {
            r = build(p, result);
        }
        add(r);
        pending.remove(exchange.id()); // only now: close() waits for pending exchanges to be in the ring
    }

    /**
     * Records an exchange that did not go through a provider's transport (a JSON-RPC pair with an MCP server):
     * its bodies and error text are scrubbed like any other, it gets the next sequence number, and it reaches
     * the ring, the file and the listeners. Ignored while recording is off.
     */
    public void record(DebugRecord r) {
        if (!enabled) {
            return;
        }
        DebugRecord.ErrorInfo e = r.error() == null ? null
                : new DebugRecord.ErrorInfo(r.error().type(), r.error().status(), scrub(r.error().message()));
        boolean bodies = settings.logBodies();
        add(new DebugRecord(0, r.ts(), r.requestId(), r.provider(), r.model(), r.method(), scrub(r.endpoint()),
                r.stream(), r.status(), r.durationMs(), r.ttftMs(), r.requestHeaders(),
                bodies ? scrub(r.requestBody()) : null, r.responseHeaders(), bodies ? scrub(r.responseBody()) : null,
                r.chunks(), e, r.usage(), r.tags(), r.cacheHit(), r.cancelled()));
    }

    /** Adds a record built elsewhere (e.g. read back from a file); it gets the next sequence number. */
    void add(DebugRecord r) {
        lock.lock();
        try {
            DebugRecord numbered = withSeq(r, ++seq);
            if (count == ring.length) {
                ring[head] = numbered;
                head = (head + 1) % ring.length;
                removedSinceNotify++;
            } else {
                ring[(head + count) % ring.length] = numbered;
                count++;
            }
            revision++;
            addedSinceNotify.add(numbered);
            if (settings.writesFile()) {
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

    private static DebugRecord withSeq(DebugRecord r, long s) {
        return new DebugRecord(s, r.ts(), r.requestId(), r.provider(), r.model(), r.method(), r.endpoint(),
                r.stream(), r.status(), r.durationMs(), r.ttftMs(), r.requestHeaders(), r.requestBody(),
                r.responseHeaders(), r.responseBody(), r.chunks(), r.error(), r.usage(), r.tags(), r.cacheHit(),
                r.cancelled());
    }

    private DebugRecord build(Pending p, ExchangeResult res) {
        Exchange ex = p.exchange;
        boolean bodies = settings.logBodies();
        Integer status = res.status() != null ? res.status() : p.status;
        Map<String, List<String>> respHeaders = res.responseHeaders() != null && !res.responseHeaders().isEmpty()
                ? res.responseHeaders() : p.responseHeaders;
        long duration = Math.max(0, (res.endNanos() - ex.startNanos()) / 1_000_000);
        Long ttft = res.firstTokenNanos() > 0 ? Math.max(0, (res.firstTokenNanos() - ex.startNanos()) / 1_000_000)
                : null;
        LlmException err = res.error();
        DebugRecord.ErrorInfo error = null;
        if (err != null && !res.cancelled()) {
            String msg = err.providerMessage() != null ? err.providerMessage() : err.getMessage();
            error = new DebugRecord.ErrorInfo(err.errorType(), err.status() != null ? err.status() : status,
                    scrub(msg));
        }
        LlmResponse response = res.response() != null ? res.response() : err != null ? err.partial() : null;
        Usage usage = response == null ? null : response.usage();
        Map<String, String> tags = ex.tags();
        boolean cacheHit = "true".equals(tags.get("cache_hit"));
        return new DebugRecord(0, ex.startedAt(), ex.id(), ex.provider(), ex.model(), ex.method(),
                scrub(ex.endpoint()), ex.stream(), status, duration, ttft, ex.requestHeaders(),
                bodies ? scrub(ex.requestBody()) : null, respHeaders, bodies ? scrub(res.responseBody()) : null,
                p.chunks.build(), error, usage, tags, cacheHit, res.cancelled());
    }

    private String scrub(String text) {
        return redactor.redact(text);
    }

    /** One exchange in flight. */
    private static final class Pending {
        final Exchange exchange;
        volatile Integer status;
        volatile Map<String, List<String>> responseHeaders = Map.of();
        final ChunkLog.Builder chunks = new ChunkLog.Builder();

        Pending(Exchange exchange) {
            this.exchange = exchange;
        }
    }

    // ------------------------------------------------------------------ the worker: file + listeners

    private void runWorker() {
        if (settings.file() == null && settings.logDir() != null && settings.keepDays() > 0) {
            try {
                pruneDailyFiles(settings.logDir(), settings.keepDays(), LocalDate.now(ZoneOffset.UTC));
            } catch (IOException | RuntimeException ignored) {
                // an old file that cannot be deleted now is tried again at the next start
            }
        }
        while (true) {
            List<DebugRecord> toWrite;
            DebugLogListener.Change change = null;
            lock.lock();
            try {
                while (!closed && unwritten.isEmpty() && addedSinceNotify.isEmpty() && !clearedSinceNotify) {
                    work.await();
                }
                if (closed && unwritten.isEmpty() && addedSinceNotify.isEmpty() && !clearedSinceNotify) {
                    break;
                }
                toWrite = unwritten;
                unwritten = new ArrayList<>();
                if (!addedSinceNotify.isEmpty() || clearedSinceNotify || removedSinceNotify > 0) {
                    change = new DebugLogListener.Change(clearedSinceNotify, List.copyOf(addedSinceNotify),
                            removedSinceNotify, revision);
                    addedSinceNotify = new ArrayList<>();
                    removedSinceNotify = 0;
                    clearedSinceNotify = false;
                }
            } catch (InterruptedException e) {
                break;
            } finally {
                lock.unlock();
            }
            long last = writeAll(toWrite);
            if (change != null) {
                for (DebugLogListener l : listeners) {
                    try {
                        l.onChange(change);
                    } catch (RuntimeException ignored) {
                        // a failing listener never breaks logging
                    }
                }
            }
            lock.lock();
            try {
                if (last > writtenSeq) {
                    writtenSeq = last;
                }
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
        closeFile();
        lock.lock();
        try {
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long writeAll(List<DebugRecord> records) {
        long last = 0;
        if (records.isEmpty()) {
            return last;
        }
        try {
            for (DebugRecord r : records) {
                BufferedWriter w = writerFor(r);
                w.write(RecordJson.line(r));
                w.write('\n');
                last = r.seq();
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            lastWriteError = e.toString();
            last = records.get(records.size() - 1).seq();
        }
        return last;
    }

    private BufferedWriter writerFor(DebugRecord r) throws IOException {
        Path target = settings.file() != null ? settings.file()
                : settings.logDir().resolve(fileName(LocalDate.ofInstant(r.ts(), ZoneOffset.UTC)));
        if (!target.equals(outPath)) {
            closeFile();
            Path dir = target.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            outPath = target;
        }
        return out;
    }

    private void closeFile() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                lastWriteError = e.toString();
            }
            out = null;
        }
    }

    /** The daily file name for {@code day}: {@code debug-YYYY-MM-DD.jsonl}. */
    static String fileName(LocalDate day) {
        return "debug-" + day + ".jsonl";
    }

    /**
     * Deletes the daily files ({@code debug-YYYY-MM-DD.jsonl}) in {@code logDir} of days more than
     * {@code keepDays} before {@code today}; other files are left alone. Returns how many were deleted.
     */
    public static int pruneDailyFiles(Path logDir, int keepDays, LocalDate today) throws IOException {
        LocalDate oldestKept = today.minusDays(keepDays);
        int deleted = 0;
        for (Path f : logFiles(logDir)) {
            String n = f.getFileName().toString();
            LocalDate day;
            try {
                day = LocalDate.parse(n.substring("debug-".length(), n.length() - ".jsonl".length()));
            } catch (java.time.format.DateTimeParseException notDaily) {
                continue;
            }
            if (day.isBefore(oldestKept) && Files.deleteIfExists(f)) {
                deleted++;
            }
        }
        return deleted;
    }

    // ------------------------------------------------------------------ reading files back

    /**
     * The JSONL files in {@code logDir}, oldest first ({@code debug-*.jsonl}); empty when the folder does not
     * exist.
     */
    public static List<Path> logFiles(Path logDir) throws IOException {
        if (!Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(logDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("debug-") && n.endsWith(".jsonl");
            }).sorted().toList();
        }
    }

    /**
     * Reads records from a JSONL file written by a logger. Lines that are not records (a line cut short by a
     * crash, say) are skipped and counted in {@code skipped} when it is not null.
     */
    public static List<DebugRecord> read(Path file, int[] skipped) throws IOException {
        List<DebugRecord> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = Json.tryParse(line);
                try {
                    if (n == null) {
                        throw new IllegalArgumentException("not JSON");
                    }
                    out.add(RecordJson.read(n));
                } catch (RuntimeException e) {
                    if (skipped != null) {
                        skipped[0]++;
                    }
                }
            }
        }
        return out;
    }
}
