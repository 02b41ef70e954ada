package dev.spoon.llm.mcp;

/**
 * The answer to a {@link SamplingRequest}.
 *
 * @param text       the assistant's text
 * @param model      the model that wrote it
 * @param stopReason {@code endTurn}, {@code maxTokens} or {@code stopSequence}
 */
public record SamplingResult(String text, String model, String stopReason) {
}
