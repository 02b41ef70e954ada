package dev.spoon.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.StreamHandler;
import dev.spoon.llm.ToolCallDelta;
import dev.spoon.llm.json.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Prints chunks as they arrive: text, or one JSON line per chunk. Output is buffered and flushed at most
 * every 20 ms (and at the end), so a fast stream is not throttled by the terminal or pipe.
 */
final class StreamPrinter implements StreamHandler {
    private final OutputStream raw;
    private final BufferedOutputStream buf;
    private final JsonGenerator gen;
    private final boolean json;
    private long lastFlush = System.nanoTime();
    private boolean dirty;
    private boolean endsWithNewline = true;
    private final java.util.concurrent.ScheduledExecutorService flusher;

    StreamPrinter(OutputStream out, boolean json) {
        this.raw = out;
        this.buf = new BufferedOutputStream(out, 1 << 16);
        this.json = json;
        try {
            this.gen = Json.MAPPER.getFactory().createGenerator(buf);
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spoon-cli-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleAtFixedRate(this::flushIfDirty, 20, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onChunk(ResponseChunk c) {
        try {
            if (json) {
                if (!c.hasContent()) {
                    return;
                }
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
                        gen.writeStringField("arguments", d.argumentsFragment() == null ? ""
                                : d.argumentsFragment());
                        gen.writeEndObject();
                    }
                    gen.writeEndArray();
                }
                gen.writeEndObject();
                gen.flush();
                buf.write('\n');
            } else if (c.deltaContent() != null && !c.deltaContent().isEmpty()) {
                byte[] b = c.deltaContent().getBytes(StandardCharsets.UTF_8);
                buf.write(b);
                endsWithNewline = c.deltaContent().endsWith("\n");
            }
            dirty = true;
            long now = System.nanoTime();
            if (now - lastFlush > 20_000_000L) {
                buf.flush();
                raw.flush();
                lastFlush = now;
                dirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one JSON line now (a retry or fallback announcement) and flushes it: it must be seen at once. */
    synchronized void event(com.fasterxml.jackson.databind.JsonNode line) {
        try {
            Json.MAPPER.writeTree(gen, line);
            gen.flush();
            buf.write('\n');
            buf.flush();
            raw.flush();
            lastFlush = System.nanoTime();
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void flushIfDirty() {
        if (dirty) {
            try {
                buf.flush();
                raw.flush();
            } catch (IOException ignored) {
                // the next write reports it
            }
            dirty = false;
            lastFlush = System.nanoTime();
        }
    }

    synchronized void finish() {
        flusher.shutdownNow();
        try {
            gen.flush();
            buf.flush();
            raw.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean endedWithNewline() {
        return json || endsWithNewline;
    }
}
