package dev.spoon.llm.mcp;

import java.util.concurrent.CompletableFuture;

/**
 * Answers servers' {@code sampling/createMessage} requests. A client that has one offers the sampling
 * capability. The handler may take as long as it likes (a user approving the request): nothing waits on a
 * thread meanwhile. A future failed with {@link Declined} answers the server with the spec's "user rejected"
 * error; any other failure answers with its message.
 */
@FunctionalInterface
public interface McpSamplingHandler {

    CompletableFuture<SamplingResult> sample(SamplingRequest request);

    /** The user (or a policy) declined the request. */
    final class Declined extends RuntimeException {
        public Declined(String why) {
            super(why);
        }
    }

    /** A failed future that declines with {@code why}. */
    static CompletableFuture<SamplingResult> decline(String why) {
        return CompletableFuture.failedFuture(new Declined(why));
    }
}
