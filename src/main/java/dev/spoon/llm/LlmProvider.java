package dev.spoon.llm;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One LLM provider (the seed's {@code LLMProviderInterface}). Implementations are discovered through
 * {@link java.util.ServiceLoader} and carry a {@link dev.spoon.llm.registry.Provider} annotation; they need a
 * public no-argument constructor and must be thread-safe after {@link #initialize}.
 *
 * <p>Calls are asynchronous: {@link #chat} and {@link #chatStream} return futures that complete with the
 * normalized {@link LlmResponse}, or exceptionally with an {@link LlmException}. Cancelling a future
 * ({@code cancel(true)}) aborts the request and closes its connection. A stream that fails after it
 * delivered output completes exceptionally with an error whose {@link LlmException#partial()} holds what was
 * received.
 */
public interface LlmProvider {

    /**
     * Prepares the provider with its configuration and its owner's context: the provider reports every
     * exchange to {@code context.listeners()} and hides {@code context.redactor()}'s secrets (and its own key
     * and headers) in everything it reports or throws.
     *
     * @throws ConfigurationException when the configuration cannot work (e.g. a missing key it needs)
     */
    void initialize(ProviderConfig config, ProviderContext context);

    /**
     * Prepares the provider on its own: no listeners, and a redaction list of its own settings only.
     *
     * @throws ConfigurationException when the configuration cannot work
     */
    default void initialize(ProviderConfig config) {
        initialize(config, ProviderContext.none());
    }

    /** The configuration given to {@link #initialize}. */
    ProviderConfig config();

    /** Sends a non-streamed chat request. */
    CompletableFuture<LlmResponse> chat(ChatRequest request);

    /**
     * Sends a streamed chat request; {@code handler} receives every chunk on the transport thread, and the
     * future completes with the assembled response after the last chunk.
     */
    CompletableFuture<LlmResponse> chatStream(ChatRequest request, StreamHandler handler);

    /** A single-prompt completion, sent as one user message. */
    default CompletableFuture<LlmResponse> completion(String prompt, ChatRequest options) {
        ChatRequest base = options == null ? ChatRequest.ofUser(prompt)
                : options.toBuilder().messages(List.of(Message.user(prompt))).build();
        return chat(base);
    }

    /** A chat request offering {@code tools} to the model. */
    default CompletableFuture<LlmResponse> chatWithTools(ChatRequest request, List<Tool> tools) {
        return chat(request.withTools(tools));
    }

    /** Models the API lists (live where the provider has a list endpoint). */
    default CompletableFuture<List<String>> listModels() {
        return CompletableFuture.completedFuture(metadata().availableModels());
    }

    /**
     * Whether {@code model} is one the provider offers (the seed's {@code validate_model}): checked against
     * {@link #listModels()}; true when the list is empty or holds the wildcard {@code *} (nothing to check
     * against). Completes exceptionally with the list's error (e.g. an invalid key).
     */
    default CompletableFuture<Boolean> validateModel(String model) {
        return listModels().thenApply(models -> models.isEmpty() || models.contains("*") || models.contains(model));
    }

    ProviderMetadata metadata();

    /** The base URL this provider sends requests to, or null when it has none (the simulator). */
    default String baseUrl() {
        return config() == null ? null : config().baseUrl();
    }

    /**
     * The base URL this provider would send requests to if it were initialized with {@code cfg} (it may not be
     * yet), or null when it has none.
     */
    default String baseUrlFor(ProviderConfig cfg) {
        return cfg.baseUrl();
    }

    /** The {@code origin} tag of a health check's request: logged like any request, but not counted as use. */
    String HEALTH_ORIGIN = "health";

    /**
     * Checks the provider with a minimal real request (a one-token chat, tagged {@code origin = health}) and
     * reports its latency or its real error. The future never completes exceptionally: a failure is an
     * unhealthy status, or a not-running one for a local server that refuses the connection
     * ({@link HealthStatus#failure}). Cancelling it cancels the request. Never blocks the calling thread.
     */
    default CompletableFuture<HealthStatus> healthCheck() {
        long start = System.nanoTime();
        String name = config() != null ? config().name() : metadata().name();
        CompletableFuture<LlmResponse> call;
        try {
            call = chat(ChatRequest.builder().message(Message.user("ping")).maxTokens(1).tag("origin", HEALTH_ORIGIN)
                    .build());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LlmResponse> request = call;
        CompletableFuture<HealthStatus> status = request.handle((r, e) -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return e == null ? HealthStatus.healthy(name, ms) : HealthStatus.failure(name, baseUrl(), ms, unwrap(e));
        });
        status.whenComplete((s, e) -> {
            if (status.isCancelled()) {
                request.cancel(true);
            }
        });
        return status;
    }

    /**
     * The wire format this provider's requests are in, to read a logged request back (replay) or a client's
     * request; empty when its requests have no body format of their own.
     */
    default java.util.Optional<WireFormat> wireFormat() {
        return java.util.Optional.empty();
    }

    /** Releases connections and threads. The provider cannot be used afterwards. */
    void cleanup();

    /**
     * Waits for a call, unwrapping its {@link LlmException}.
     *
     * @throws LlmException the call's own error
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException("interrupted while waiting for the provider", null);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new LlmException("the request was cancelled", null);
        }
    }

    /** The {@link LlmException} inside a future's failure, or a wrapping {@link LlmException}. */
    static LlmException unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof LlmException le) {
            return le;
        }
        return new LlmException(String.valueOf(c.getMessage() == null ? c.toString() : c.getMessage()), null,
                null, null, false, null, c);
    }
}
