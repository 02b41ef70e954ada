package dev.spoon.gateway;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The event stream of one streamed answer: events handed in from any thread (the upstream's transport thread)
 * are appended to a buffer and written by at most one asynchronous write at a time, so a fast upstream is
 * never blocked by the client and a burst of small events goes out as one write. The response is committed
 * ({@code 200}, {@code text/event-stream}) by the first {@link #send}; {@link #end} writes the rest and
 * completes the request's callback. If the client goes away, {@code onClientGone} runs once (the caller
 * cancels the upstream call) and later events are dropped. Thread-safe.
 */
final class SseOut extends IteratingCallback {
    private final Response response;
    private final Callback done;
    private final Runnable onClientGone;
    private final StringBuilder pending = new StringBuilder(1024);
    private boolean started;
    private boolean ending;
    private boolean lastWritten;

    SseOut(Response response, Callback done, Runnable onClientGone) {
        this.response = response;
        this.done = done;
        this.onClientGone = onClientGone;
    }

    /** Whether anything was sent (the status line and headers are out: errors must now be stream events). */
    synchronized boolean started() {
        return started;
    }

    /** Queues {@code events} (complete SSE events) for writing; commits the response on the first call. */
    void send(CharSequence events) {
        synchronized (this) {
            if (ending || events.isEmpty()) {
                return;
            }
            startIfNeeded();
            pending.append(events);
        }
        iterate();
    }

    /** Queues the last {@code events} and ends the response after them. */
    void end(CharSequence events) {
        synchronized (this) {
            if (ending) {
                return;
            }
            startIfNeeded();
            pending.append(events);
            ending = true;
        }
        iterate();
    }

    private void startIfNeeded() {
        if (!started) {
            started = true;
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
    }

    @Override
    protected Action process() {
        ByteBuffer buffer;
        boolean last;
        synchronized (this) {
            if (lastWritten) {
                return Action.SUCCEEDED;
            }
            if (pending.isEmpty() && !ending) {
                return Action.IDLE;
            }
            buffer = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
            last = ending;
            lastWritten = last;
        }
        response.write(last, buffer, this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        done.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        synchronized (this) {
            ending = true;
            pending.setLength(0);
        }
        onClientGone.run();
        done.failed(cause);
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
