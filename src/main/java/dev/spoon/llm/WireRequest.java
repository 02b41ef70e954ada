package dev.spoon.llm;

import java.util.Objects;

/**
 * A request body in one provider's wire format, read back into the neutral shape ({@link WireFormat#parseRequest}).
 *
 * @param request the neutral request; the body's fields that it has no place for are in
 *                {@link ChatRequest#extra()}, so the same provider gets them again unchanged
 * @param stream  whether the body (or, for Gemini, the URL) asked for a streamed answer
 */
public record WireRequest(ChatRequest request, boolean stream) {
    public WireRequest {
        Objects.requireNonNull(request);
    }
}
