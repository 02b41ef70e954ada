package dev.spoon.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.json.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a stream's chunks as they arrive: the text, or with {@code --json} one
 * {@code {"type":"delta",...}} line per chunk that carries content.
 *
 * <p>Flush policy: everything goes through one 64 KB buffer in front of standard output, so a fast stream costs
 * one write per few thousand chunks instead of one (or more) per chunk. A chunk is flushed at once when the
 * previous flush is more than {@value #FLUSH_MS} ms old (the first token after a pause shows immediately), and
 * a timer flushes whatever is still buffered every {@value #FLUSH_MS} ms, so no token waits longer than that.
 * Retry and fallback lines ({@link #event}) are flushed at once. Thread-safe: chunks come from the transport
 * thread, events from the manager's threads.
 */
final class StreamPrinter implements StreamHandler {
    static final long FLUSH_MS = 20;
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(FLUSH_MS);

    private final BufferedOutputStream buf;
    private final JsonGenerator gen;
    private final boolean json;
    private final ScheduledExecutorService flusher;
    private final LongSupplier clock;
    private long lastFlush;
    private boolean dirty;
    private boolean endsWithNewline = true;

    /** A printer to {@code out} with its own flush timer. Call {@link #finish} when the stream ends. */
    StreamPrinter(OutputStream out, boolean json) {
        this(out, json, System::nanoTime, true);
    }

    /**
     * For tests: time from {@code clock} (nanoseconds), and without a timer when {@code timer} is false (the
     * test calls {@link #tick} instead).
     */
    StreamPrinter(OutputStream out, boolean json, LongSupplier clock, boolean timer) {
        this.json = json;
        this.clock = clock;
        this.lastFlush = clock.getAsLong() - FLUSH_NANOS - 1; // the first token shows at once
        this.buf = new BufferedOutputStream(out, 1 << 16);
        try {
            JsonFactory factory = Json.MAPPER.getFactory();
            this.gen = factory.createGenerator(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gen.setRootValueSeparator(null);
        // gen.flush() only moves the generator's buffer into buf; buf is flushed by the policy above
        gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        if (timer) {
            this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spoon-cli-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::tick, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
        } else {
            this.flusher = null;
        }
    }

    @Override
    public synchronized void onChunk(ResponseChunk c) {
        try {
            if (json) {
                if (!c.hasContent()) {
                    return;
                }
                writeDelta(c);
            } else {
                String text = c.deltaContent();
                if (text == null || text.isEmpty()) {
                    return;
                }
                buf.write(text.getBytes(StandardCharsets.UTF_8));
                endsWithNewline = text.charAt(text.length() - 1) == '\n';
            }
            dirty = true;
            long now = clock.getAsLong();
            if (now - lastFlush > FLUSH_NANOS) {
                flush(now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeDelta(ResponseChunk c) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("type", "delta");
        gen.writeStringField("content", c.deltaContent() == null ? "" : c.deltaContent());
        if (c.deltaReasoning() != null) {
            gen.writeStringField("reasoning", c.deltaReasoning());
        }
        if (!c.toolCallDeltas().isEmpty()) {
            gen.writeArrayFieldStart("tool_calls");
            for (ToolCallDelta d : c.toolCallDeltas()) {
                gen.writeStartObject();
                gen.writeNumberField("index", d.index());
                if (d.id() != null) {
                    gen.writeStringField("id", d.id());
                }
                if (d.name() != null) {
                    gen.writeStringField("name", d.name());
                }
                gen.writeStringField("arguments", d.argumentsFragment() == null ? "" : d.argumentsFragment());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        }
        gen.writeEndObject();
        gen.writeRaw('\n');
    }

    /** Writes one JSON line now (a retry or fallback announcement) and flushes it: it must be seen at once. */
    synchronized void event(JsonNode line) {
        try {
            Json.MAPPER.writeTree(gen, line);
            gen.writeRaw('\n');
            flush(clock.getAsLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush(long now) throws IOException {
        gen.flush();
        buf.flush();
        lastFlush = now;
        dirty = false;
    }

    /** The timer's work: writes out what is still buffered. */
    synchronized void tick() {
        if (dirty) {
            try {
                flush(clock.getAsLong());
            } catch (IOException ignored) {
                // the next write or finish() reports it
            }
        }
    }

    /** Stops the timer and writes out what is buffered. Call once, when the stream has ended. */
    synchronized void finish() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        try {
            flush(clock.getAsLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the text printed so far ends a line (always, for JSON lines). */
    synchronized boolean endedWithNewline() {
        return json || endsWithNewline;
    }
}
