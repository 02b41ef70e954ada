package dev.spoon.llm.debug;

import dev.spoon.llm.Redactor;
import dev.spoon.llm.exchange.ExchangeListener;
import dev.spoon.llm.exchange.QueuedExchangeListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The seed's {@code DebugLogger}: one {@link DebugRecord} per provider exchange of the core it listens to
 * ({@link #exchangeListener()}; timings are the transport's own), plus records others add ({@link #record}: MCP
 * requests, anything that is not a provider exchange). The pieces: {@link ExchangeRecorder} builds records
 * from exchange events, {@link RecordRing} keeps the last {@link DebugSettings#maxRecords()} in memory,
 * {@link LogWriter} (its thread) has {@link JsonlAppender} append them as JSON Lines to
 * {@code logs/debug-YYYY-MM-DD.jsonl} in the data folder (safe with several processes appending at once) and,
 * when asked ({@link #followFile()}), {@link LogFollower} read what other processes append;
 * {@link DebugLogReader} reads files back.
 *
 * <p>Secrets never reach a record: transports redact headers and URLs at the source, and this logger also
 * scrubs the core's secrets ({@link #setRedactor}) from bodies, chunks, endpoints and error text.
 *
 * <p>Thread-safe. Exchange events are queued by the calling threads and handled on this logger's own thread
 * ({@code spoon-debug-events}); {@link #flush} first hands over every event queued before it. Listeners
 * ({@link DebugLogListener}) and the file writer run on one daemon thread named {@code spoon-debug-log}, in
 * batches. Writing failures never break a request ({@link #lastWriteError()}).
 */
public final class DebugLogger implements AutoCloseable {
    /** How often a logger that follows its file looks for records of other processes. */
    static final long FOLLOW_INTERVAL_MS = 500;

    private final DebugSettings settings;
    private final DebugRecord.Origin origin;
    private volatile boolean enabled;
    private volatile Redactor redactor = new Redactor();
    private final List<DebugLogListener> listeners = new CopyOnWriteArrayList<>();
    private final RecordRing ring;
    private final ExchangeRecorder recorder;
    private final QueuedExchangeListener events;
    private final LogWriter writer;

    /** A logger of the workbench. */
    public DebugLogger(DebugSettings settings) {
        this(settings, DebugRecord.Origin.WORKBENCH);
    }

    /** A logger whose records (other than the gateway's) have {@code origin}. */
    public DebugLogger(DebugSettings settings, DebugRecord.Origin origin) {
        this.settings = settings;
        this.origin = origin;
        this.enabled = settings.enabled();
        this.ring = new RecordRing(settings.maxRecords());
        this.recorder = new ExchangeRecorder(settings, origin, () -> redactor, this::append);
        this.writer = new LogWriter(settings, ring, listeners);
        this.events = new QueuedExchangeListener("spoon-debug-events", ex -> enabled, recorder);
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

    /** The origin of this logger's own records ({@code workbench} or {@code cli}). */
    public DebugRecord.Origin origin() {
        return origin;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Turns recording on or off (exchanges already in flight are still completed when on). */
    public void setEnabled(boolean on) {
        enabled = on;
        recorder.setEnabled(on);
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

    /**
     * Adds a record that is not a provider exchange of this logger's core: an MCP request and its response
     * ({@link DebugRecord#mcp}), or anything else built with {@link DebugRecord#builder()}. It is scrubbed like
     * every record (the redaction list's secrets in endpoint, bodies, chunks and error text; secret headers
     * masked), gets this logger's origin when it has none, loses its bodies when {@code log_bodies} is off, and
     * is numbered, kept and written like the others. Ignored while recording is off. Any thread; never blocks
     * on the file.
     */
    public void record(DebugRecord record) {
        if (!enabled) {
            return;
        }
        Redactor r = redactor;
        boolean bodies = settings.logBodies();
        ChunkLog chunks = record.chunks();
        if (!chunks.isEmpty()) {
            List<String> events = chunks.events();
            List<Long> offsets = new ArrayList<>(events.size());
            List<String> clean = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                clean.add(r.redact(events.get(i)));
                offsets.add(chunks.offsetMicros(i));
            }
            chunks = bodies ? ChunkLog.of(clean, offsets) : ChunkLog.EMPTY;
        }
        DebugRecord.ErrorInfo e = record.error();
        append(record.toBuilder().origin(record.origin() != null ? record.origin() : origin)
                .endpoint(r.redact(record.endpoint())).requestHeaders(r.headers(record.requestHeaders()))
                .responseHeaders(r.headers(record.responseHeaders()))
                .requestBody(bodies ? r.redact(record.requestBody()) : null)
                .responseBody(bodies ? r.redact(record.responseBody()) : null).chunks(chunks)
                .error(e == null ? null : new DebugRecord.ErrorInfo(e.type(), e.status(), r.redact(e.message())))
                .build());
    }

    /**
     * From now on also shows what other processes append to the log file (the command line, a gateway), and
     * the day's records written before (at most {@code max_records} are kept, as always). Their records keep
     * their own origin. Checks the file every {@value #FOLLOW_INTERVAL_MS} ms and at every {@link #flush}; does
     * nothing when the logger writes no file. The workbench calls it once it is up.
     */
    public void followFile() {
        writer.follow();
    }

    /**
     * Damaged lines (cut short, invalid UTF-8, not a record) skipped while following the file; the rest of the
     * file is shown.
     */
    public int damagedLinesSkipped() {
        return writer.skipped();
    }

    /** Whether {@link #followFile()} is on. */
    public boolean isFollowingFile() {
        return writer.following();
    }

    /** Increases with every change of the in-memory records (added, cleared). */
    public long revision() {
        return ring.revision();
    }

    /** How many records memory holds now (at most {@code max_records}). */
    public int size() {
        return ring.size();
    }

    /** A snapshot of the records in memory, oldest first. */
    public List<DebugRecord> records() {
        return ring.snapshot();
    }

    /** The record of exchange {@code requestId}, if memory still holds it. */
    public Optional<DebugRecord> find(String requestId) {
        return ring.find(requestId);
    }

    /** Empties the in-memory records (the file keeps everything already written). */
    public void clear() {
        ring.clear();
        writer.signal();
    }

    /** The file records are appended to now, or null when none was opened (yet, or no file configured). */
    public Path currentFile() {
        return writer.currentFile();
    }

    /** The last error writing the file, or null. Writing failures never break a request. */
    public String lastWriteError() {
        return writer.lastWriteError();
    }

    /** Records not written because the writer fell too far behind. */
    public long droppedRecords() {
        return writer.dropped();
    }

    /**
     * Waits (at most {@code timeoutMs}) until every record of an exchange that ended before this call, and every
     * record added so far, is written to the file and announced to listeners (and, while following the file,
     * until what other processes appended so far is read).
     *
     * @return whether everything was flushed in time
     */
    public boolean flush(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        return events.drain(timeoutMs) && writer.awaitWritten(deadline);
    }

    /**
     * Waits (at most 2 s) for exchanges in flight to complete (a caller may see its answer a moment before
     * the transport reports the exchange's end), then stops listening, writes what is pending and closes the
     * file.
     */
    @Override
    public void close() {
        events.drain(2_000);
        try {
            recorder.awaitIdle(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        flush(5_000);
        writer.close();
    }

    /** Keeps {@code r} in memory and queues it for the file and the listeners. */
    private void append(DebugRecord r) {
        writer.enqueue(ring.add(r));
    }
}
