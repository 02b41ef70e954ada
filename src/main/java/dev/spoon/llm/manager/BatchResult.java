package dev.spoon.llm.manager;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmResponse;

/**
 * The outcome of one request of {@link LlmManager#batchChat}: exactly one of {@code response} and
 * {@code error} is set.
 *
 * @param index the request's position in the batch
 */
public record BatchResult(int index, LlmResponse response, LlmException error) {
    public boolean ok() {
        return error == null;
    }
}
