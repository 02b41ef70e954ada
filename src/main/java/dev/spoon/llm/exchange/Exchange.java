package dev.spoon.llm.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP request to a provider (or one simulated request), as the debug log and metrics see it. Built by
 * the transport <b>after</b> redaction ({@link dev.spoon.llm.Redactor}): it never holds a secret.
 *
 * @param id             unique per exchange; the debug log's {@code request_id}
 * @param provider       the provider instance name
 * @param model          the model asked for
 * @param endpoint       the redacted URL
 * @param requestHeaders redacted request headers
 * @param requestBody    the request body as sent (JSON text), or null
 * @param tags           the {@link dev.spoon.llm.ChatRequest#tags()} of the request (origin, attempt…)
 * @param startNanos     {@link System#nanoTime()} at call start
 */
public record Exchange(String id, String provider, String model, String method, String endpoint,
                       Map<String, List<String>> requestHeaders, String requestBody, boolean stream,
                       Map<String, String> tags, Instant startedAt, long startNanos) {
    private static final AtomicLong SEQ = new AtomicLong();

    /** A new exchange id, unique in this process ({@code req_<time>_<seq>}). */
    public static String newId() {
        return "req_" + Long.toString(System.currentTimeMillis(), 36) + "_" + SEQ.incrementAndGet();
    }
}
