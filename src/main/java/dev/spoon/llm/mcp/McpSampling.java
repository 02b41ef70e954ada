package dev.spoon.llm.mcp;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.FinishReason;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.manager.LlmManager;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Answers a server's {@link SamplingRequest} with a provider, through the manager (retries, fallback, log). */
public final class McpSampling {
    private McpSampling() {
    }

    /**
     * Sends {@code request} to {@code provider} ({@code model} null: the provider's default, or the first of the
     * server's model hints that the caller passes as {@code model}).
     */
    public static CompletableFuture<SamplingResult> answer(LlmManager manager, String provider, String model,
                                                           SamplingRequest request) {
        CompletableFuture<LlmResponse> call;
        try {
            call = manager.chat(chatRequest(request, model), provider);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call.thenApply(r -> new SamplingResult(r.content(), r.provider() + "/" + r.model(),
                r.finishReason() == FinishReason.LENGTH ? "maxTokens" : "endTurn"));
    }

    /** The chat request a sampling request stands for (tagged {@code origin=mcp-sampling}, {@code server}). */
    public static ChatRequest chatRequest(SamplingRequest request, String model) {
        List<Message> messages = new ArrayList<>();
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.add(Message.system(request.systemPrompt()));
        }
        messages.addAll(request.messages());
        return ChatRequest.builder().messages(messages).model(model).maxTokens(request.maxTokens())
                .temperature(request.temperature()).tag("origin", "mcp-sampling").tag("server", request.server())
                .build();
    }
}
