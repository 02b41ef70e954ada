package dev.spoon.llm.debug;

import dev.spoon.llm.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as the debug log keeps it (DESIGN.md "Debug log record"). Secrets were removed before the
 * record was built: secret headers and key query parameters read {@code ***}, and configured API keys are
 * scrubbed from bodies, chunks and error text. Immutable.
 *
 * @param seq             position in this process's log (increasing; 0 for records read back from a file)
 * @param ts              when the request started
 * @param requestId       the exchange id ({@code req_…}); unique
 * @param provider        the provider instance name
 * @param model           the model asked for (or the provider's default)
 * @param method          HTTP method ({@code POST}); {@code SIM} / {@code CACHE} for synthetic exchanges
 * @param endpoint        the redacted URL ({@code sim://NAME/chat/completions}, {@code cache://NAME} for those)
 * @param stream          whether the response was streamed
 * @param status          the HTTP status, or null when no response arrived
 * @param durationMs      from request start to the end of the exchange (transport timestamps)
 * @param ttftMs          time to the first token of a stream, or null
 * @param requestHeaders  redacted request headers
 * @param requestBody     the request body as sent, or null
 * @param responseHeaders redacted response headers
 * @param responseBody    the body of a non-streamed or error response, or null
 * @param chunks          the streamed events with their arrival offsets ({@link ChunkLog#EMPTY} when none)
 * @param error           how the exchange failed, or null
 * @param usage           token counts, or null
 * @param tags            the request's tags: {@code call_id}, {@code attempt}, {@code fallback_index}, origin…
 * @param cacheHit        served from the manager's response cache (no request was sent)
 * @param cancelled       the caller cancelled it
 */
public record DebugRecord(long seq, Instant ts, String requestId, String provider, String model, String method,
                          String endpoint, boolean stream, Integer status, long durationMs, Long ttftMs,
                          Map<String, List<String>> requestHeaders, String requestBody,
                          Map<String, List<String>> responseHeaders, String responseBody, ChunkLog chunks,
                          ErrorInfo error, Usage usage, Map<String, String> tags, boolean cacheHit,
                          boolean cancelled) {

    public DebugRecord {
        requestHeaders = requestHeaders == null ? Map.of() : requestHeaders;
        responseHeaders = responseHeaders == null ? Map.of() : responseHeaders;
        chunks = chunks == null ? ChunkLog.EMPTY : chunks;
        tags = tags == null ? Map.of() : tags;
    }

    /**
     * A failure as logged.
     *
     * @param type    the seed's error name ({@code RateLimitError}…), or {@code Cancelled}
     * @param message the provider's own message when there was one, else ours
     */
    public record ErrorInfo(String type, Integer status, String message) {
    }

    /** The manager's attempt number within its call (1 = first try), or null when not sent by the manager. */
    public Integer attempt() {
        String a = tags.get("attempt");
        try {
            return a == null ? null : Integer.valueOf(a);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The tag that marks a record's kind ({@link #kind()}). */
    public static final String KIND_TAG = "kind";

    /**
     * {@code "llm"} for a provider request, {@code "mcp"} for a JSON-RPC request/response pair with an MCP
     * server (DESIGN.md "Debug log record"); kept in the {@code kind} tag.
     */
    public String kind() {
        return tags.getOrDefault(KIND_TAG, "llm");
    }

    /** Whether the exchange succeeded (a response arrived, no error, not cancelled). */
    public boolean ok() {
        return error == null && !cancelled;
    }
}
