package dev.spoon.llm.exchange;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;

import java.util.List;
import java.util.Map;

/**
 * How an {@link Exchange} ended. Timings are transport events ({@link System#nanoTime()}), never recomputed.
 *
 * @param status           HTTP status, or null when no response arrived
 * @param responseHeaders  redacted response headers (empty when none)
 * @param responseBody     the body of a non-streamed response or of an error response, else null
 * @param response         the normalized response, or null on failure (see {@code error().partial()})
 * @param error            the failure, or null
 * @param firstByteNanos   when the first response body byte arrived, or 0
 * @param firstTokenNanos  when the first content/reasoning/tool token arrived (streams), or 0
 * @param endNanos         when the exchange ended
 * @param cancelled        the caller cancelled it
 */
public record ExchangeResult(Integer status, Map<String, List<String>> responseHeaders, String responseBody,
                             LlmResponse response, LlmException error, long firstByteNanos, long firstTokenNanos,
                             long endNanos, boolean cancelled) {
}
