package dev.spoon.llm.debug;

import dev.spoon.llm.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the debug log keeps it (DESIGN.md "Debug log record"): a provider exchange ({@link Kind#LLM})
 * or an MCP request/response pair ({@link Kind#MCP}), from the workbench, the command line or the gateway
 * ({@link Origin}). Secrets were removed before the record was built: secret headers and key query parameters
 * read {@code ***}, and the core's secrets are scrubbed from bodies, chunks and error text. Immutable; build one
 * with {@link #builder()}.
 *
 * @param seq             position in this process's log (increasing; 0 for records read back from a file)
 * @param ts              when the request started
 * @param requestId       the exchange id ({@code req_…}); unique
 * @param kind            what was logged: a provider call or an MCP request
 * @param origin          which front end made the call, or null when unknown (records of older versions)
 * @param provider        the provider instance name (for MCP: the server name)
 * @param model           the model asked for (or the provider's default); null for MCP
 * @param method          HTTP method ({@code POST}); {@code SIM} / {@code CACHE} for synthetic exchanges; the
 *                        JSON-RPC method for MCP ({@code tools/call})
 * @param endpoint        the redacted URL ({@code sim://NAME/chat/completions}, {@code cache://NAME},
 *                        {@code mcp://SERVER} for a stdio server)
 * @param stream          whether the response was streamed
 * @param status          the HTTP status, or null when no response arrived (or for MCP)
 * @param durationMs      from request start to the end of the exchange (transport timestamps)
 * @param ttftMs          time to the first token of a stream, or null
 * @param requestHeaders  redacted request headers
 * @param requestBody     the request body as sent (for MCP: the JSON-RPC params), or null
 * @param responseHeaders redacted response headers
 * @param responseBody    the body of a non-streamed or error response (for MCP: the result), or null
 * @param chunks          the streamed events with their arrival offsets ({@link ChunkLog#EMPTY} when none)
 * @param error           how the exchange failed, or null
 * @param usage           token counts, or null
 * @param tags            the request's tags: {@code call_id}, {@code attempt}, {@code fallback_index},
 *                        {@code origin} (the feature: chat, compare…), {@link #USER_AGENT_TAG}…
 * @param cacheHit        served from the manager's response cache (no request was sent)
 * @param cancelled       the caller cancelled it
 */
public record DebugRecord(long seq, Instant ts, String requestId, Kind kind, Origin origin, String provider,
                          String model, String method, String endpoint, boolean stream, Integer status,
                          long durationMs, Long ttftMs, Map<String, List<String>> requestHeaders, String requestBody,
                          Map<String, List<String>> responseHeaders, String responseBody, ChunkLog chunks,
                          ErrorInfo error, Usage usage, Map<String, String> tags, boolean cacheHit,
                          boolean cancelled) {

    /** The tag the gateway sets to its client's {@code User-Agent}; shown with gateway records. */
    public static final String USER_AGENT_TAG = "user_agent";

    public DebugRecord {
        kind = kind == null ? Kind.LLM : kind;
        requestHeaders = requestHeaders == null ? Map.of() : requestHeaders;
        responseHeaders = responseHeaders == null ? Map.of() : responseHeaders;
        chunks = chunks == null ? ChunkLog.EMPTY : chunks;
        tags = tags == null ? Map.of() : tags;
    }

    /** What a record logs. */
    public enum Kind {
        /** A provider exchange (HTTP, simulated or a cache hit). */
        LLM,
        /** An MCP JSON-RPC request and its response. */
        MCP;

        /** The word in the JSON form: {@code llm}, {@code mcp}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code word}; {@link #LLM} for null or an unknown word (records of older versions). */
        public static Kind parse(String word) {
            return "mcp".equalsIgnoreCase(word) ? MCP : LLM;
        }
    }

    /** Which front end made the call. */
    public enum Origin {
        WORKBENCH, CLI, GATEWAY;

        /** The word in the JSON form: {@code workbench}, {@code cli}, {@code gateway}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The origin named {@code word}, or null for null or an unknown word. */
        public static Origin parse(String word) {
            for (Origin o : values()) {
                if (o.wireName().equalsIgnoreCase(word)) {
                    return o;
                }
            }
            return null;
        }
    }

    /**
     * A failure as logged.
     *
     * @param type    the seed's error name ({@code RateLimitError}…), {@code Cancelled}, or for MCP the JSON-RPC
     *                error ({@code McpError})
     * @param status  the HTTP status, or for MCP the JSON-RPC error code, or null
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

    /** The gateway client's {@code User-Agent}, or null. */
    public String userAgent() {
        return tags.get(USER_AGENT_TAG);
    }

    /** Whether the exchange succeeded (a response arrived, no error, not cancelled). */
    public boolean ok() {
        return error == null && !cancelled;
    }

    /** A builder with this record's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder for a new record (kind {@code llm}, now, a fresh request id). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for an MCP request/response pair: kind {@code mcp}, {@code provider} = the server,
     * {@code method} = the JSON-RPC method ({@code tools/call}), endpoint {@code mcp://SERVER} (set the server's URL
     * for an HTTP server). Add the params ({@link Builder#requestBody}), the result ({@link Builder#responseBody})
     * or the error, the duration, then {@link DebugLogger#record}.
     */
    public static Builder mcp(String server, String method) {
        return new Builder().kind(Kind.MCP).provider(server).method(method).endpoint("mcp://" + server);
    }

    /** Builds a {@link DebugRecord}; not thread-safe. */
    public static final class Builder {
        private long seq;
        private Instant ts = Instant.now();
        private String requestId = dev.spoon.llm.exchange.Exchange.newId();
        private Kind kind = Kind.LLM;
        private Origin origin;
        private String provider;
        private String model;
        private String method;
        private String endpoint;
        private boolean stream;
        private Integer status;
        private long durationMs;
        private Long ttftMs;
        private Map<String, List<String>> requestHeaders = Map.of();
        private String requestBody;
        private Map<String, List<String>> responseHeaders = Map.of();
        private String responseBody;
        private ChunkLog chunks = ChunkLog.EMPTY;
        private ErrorInfo error;
        private Usage usage;
        private Map<String, String> tags = Map.of();
        private boolean cacheHit;
        private boolean cancelled;

        private Builder() {
        }

        private Builder(DebugRecord r) {
            seq = r.seq;
            ts = r.ts;
            requestId = r.requestId;
            kind = r.kind;
            origin = r.origin;
            provider = r.provider;
            model = r.model;
            method = r.method;
            endpoint = r.endpoint;
            stream = r.stream;
            status = r.status;
            durationMs = r.durationMs;
            ttftMs = r.ttftMs;
            requestHeaders = r.requestHeaders;
            requestBody = r.requestBody;
            responseHeaders = r.responseHeaders;
            responseBody = r.responseBody;
            chunks = r.chunks;
            error = r.error;
            usage = r.usage;
            tags = r.tags;
            cacheHit = r.cacheHit;
            cancelled = r.cancelled;
        }

        public Builder seq(long v) {
            seq = v;
            return this;
        }

        public Builder ts(Instant v) {
            ts = v;
            return this;
        }

        public Builder requestId(String v) {
            requestId = v;
            return this;
        }

        public Builder kind(Kind v) {
            kind = v;
            return this;
        }

        public Builder origin(Origin v) {
            origin = v;
            return this;
        }

        public Builder provider(String v) {
            provider = v;
            return this;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder method(String v) {
            method = v;
            return this;
        }

        public Builder endpoint(String v) {
            endpoint = v;
            return this;
        }

        public Builder stream(boolean v) {
            stream = v;
            return this;
        }

        public Builder status(Integer v) {
            status = v;
            return this;
        }

        public Builder durationMs(long v) {
            durationMs = v;
            return this;
        }

        public Builder ttftMs(Long v) {
            ttftMs = v;
            return this;
        }

        public Builder requestHeaders(Map<String, List<String>> v) {
            requestHeaders = v;
            return this;
        }

        public Builder requestBody(String v) {
            requestBody = v;
            return this;
        }

        public Builder responseHeaders(Map<String, List<String>> v) {
            responseHeaders = v;
            return this;
        }

        public Builder responseBody(String v) {
            responseBody = v;
            return this;
        }

        public Builder chunks(ChunkLog v) {
            chunks = v;
            return this;
        }

        public Builder error(ErrorInfo v) {
            error = v;
            return this;
        }

        /** The error as its parts ({@link ErrorInfo}). */
        public Builder error(String type, Integer status, String message) {
            error = new ErrorInfo(type, status, message);
            return this;
        }

        public Builder usage(Usage v) {
            usage = v;
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags = v;
            return this;
        }

        public Builder cacheHit(boolean v) {
            cacheHit = v;
            return this;
        }

        public Builder cancelled(boolean v) {
            cancelled = v;
            return this;
        }

        public DebugRecord build() {
            return new DebugRecord(seq, ts, requestId, kind, origin, provider, model, method, endpoint, stream,
                    status, durationMs, ttftMs, requestHeaders, requestBody, responseHeaders, responseBody, chunks,
                    error, usage, tags, cacheHit, cancelled);
        }
    }
}
