package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.json.Json;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Translates the SDK's sampling types to ours and back, and wires a {@link McpSamplingHandler} into the SDK. */
final class SamplingWire {
    /** The spec's code for "the user rejected the sampling request". */
    static final int USER_REJECTED = -1;

    private SamplingWire() {
    }

    static Function<McpSchema.CreateMessageRequest, Mono<McpSchema.CreateMessageResult>> handler(String server,
            McpSamplingHandler handler, McpJsonMapper mapper) {
        return req -> Mono.defer(() -> Mono.fromFuture(handler.sample(request(server, req, mapper))))
                .map(SamplingWire::result)
                .onErrorMap(e -> {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    if (c instanceof McpSamplingHandler.Declined d) {
                        return McpError.builder(USER_REJECTED).message("User rejected sampling request: "
                                + d.getMessage()).build();
                    }
                    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(c.getMessage() == null
                            ? c.getClass().getSimpleName() : c.getMessage()).build();
                });
    }

    static SamplingRequest request(String server, McpSchema.CreateMessageRequest req, McpJsonMapper mapper) {
        List<Message> messages = new ArrayList<>();
        for (McpSchema.SamplingMessage m : req.messages()) {
            Role role = m.role() == McpSchema.Role.ASSISTANT ? Role.ASSISTANT : Role.USER;
            McpSchema.Content c = m.content();
            if (c instanceof McpSchema.TextContent t) {
                messages.add(new Message(role, t.text(), null, null, null, null, null));
            } else if (c instanceof McpSchema.ImageContent img) {
                messages.add(new Message(role, null, List.of(ContentPart.Image.ofBase64(img.mimeType(), img.data())),
                        null, null, null, null));
            } else {
                messages.add(new Message(role, "[" + (c == null ? "empty" : c.type()) + " content]", null, null,
                        null, null, null));
            }
        }
        List<String> hints = new ArrayList<>();
        if (req.modelPreferences() != null && req.modelPreferences().hints() != null) {
            for (McpSchema.ModelHint h : req.modelPreferences().hints()) {
                if (h != null && h.name() != null) {
                    hints.add(h.name());
                }
            }
        }
        JsonNode params;
        try {
            params = Json.MAPPER.readTree(mapper.writeValueAsString(req));
        } catch (Exception e) {
            params = null;
        }
        return new SamplingRequest(server, messages, req.systemPrompt(), req.maxTokens(), req.temperature(),
                req.stopSequences(), hints, params);
    }

    @SuppressWarnings("deprecation") // the legacy (2025-protocol) API: see McpConnection.start()
    static McpSchema.CreateMessageResult result(SamplingResult r) {
        McpSchema.CreateMessageResult.StopReason stop = r.stopReason() == null
                ? McpSchema.CreateMessageResult.StopReason.END_TURN
                : McpSchema.CreateMessageResult.StopReason.of(r.stopReason());
        return new McpSchema.CreateMessageResult(McpSchema.Role.ASSISTANT, new McpSchema.TextContent(r.text()),
                r.model(), stop);
    }
}
