package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The tool loop of {@code spoon chat --mcp}: the model gets the servers' tools, calls some, the servers answer,
 * the answers go back, until the model answers without calling a tool, calls a tool no server has (a
 * {@code --tools} tool: its calls are returned as usual), or {@code maxSteps} tool calls have run.
 *
 * <p>Choices where DESIGN.md is silent: a step is one tool call; a round whose calls would go past
 * {@code maxSteps} is not run (its calls are returned, {@link Outcome#stepLimitReached()} is true); a tool
 * forced with {@code --tool-choice NAME} is forced in the first round only (then {@code auto}, or the model
 * would call it forever); arguments that are not a JSON object go back to the model as a tool error without
 * calling the server; the final response's usage is the sum over all rounds and its duration the whole loop.
 * A JSON-RPC error, a timeout or a server that exits fails the whole run.
 *
 * <p>Runs asynchronously: nothing blocks a thread while the model or a server works.
 */
public final class McpToolLoop {

    /** Sends one round to the model (streamed or not). */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<LlmResponse> send(ChatRequest request);
    }

    /** Told about each step as it happens (on whatever thread completed it). */
    public interface Listener {
        default void toolCall(String server, String tool, String callId, String arguments) {
        }

        default void toolResult(McpStep step) {
        }
    }

    /**
     * @param response         the model's last response (usage summed over the rounds)
     * @param steps            every tool call that ran, in order
     * @param stepLimitReached the model still wanted tools when {@code maxSteps} was reached
     */
    public record Outcome(LlmResponse response, List<McpStep> steps, boolean stepLimitReached) {
    }

    private final Map<String, McpConnection> servers;
    private final McpToolset toolset;
    private final int maxSteps;

    /**
     * @param servers  the connected servers, by name
     * @param reserved tool names the request already defines (a clashing MCP tool gets its server's prefix)
     */
    public McpToolLoop(Map<String, McpConnection> servers, Set<String> reserved, int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps must be at least 1");
        }
        this.servers = Map.copyOf(servers);
        List<McpTool> all = new ArrayList<>();
        servers.values().forEach(c -> all.addAll(c.tools()));
        this.toolset = McpToolset.of(all, reserved);
        this.maxSteps = maxSteps;
    }

    public McpToolset toolset() {
        return toolset;
    }

    /** Runs the loop from {@code request} (its own tools stay offered next to the servers'). */
    public CompletableFuture<Outcome> run(ChatRequest request, Sender sender, Listener listener) {
        List<Tool> tools = new ArrayList<>(request.tools());
        tools.addAll(toolset.tools());
        Run run = new Run(sender, listener == null ? new Listener() { } : listener, System.nanoTime());
        return run.round(request.toBuilder().tools(tools).build());
    }

    private final class Run {
        private final Sender sender;
        private final Listener listener;
        private final long start;
        private final List<McpStep> steps = new ArrayList<>();
        private Usage usage;
        private Long firstTtft;
        private boolean firstRound = true;

        Run(Sender sender, Listener listener, long start) {
            this.sender = sender;
            this.listener = listener;
            this.start = start;
        }

        CompletableFuture<Outcome> round(ChatRequest request) {
            return sender.send(request).thenCompose(r -> answered(request, r));
        }

        private CompletableFuture<Outcome> answered(ChatRequest request, LlmResponse r) {
            add(r.usage());
            if (firstRound) {
                firstTtft = r.ttftMs();
                firstRound = false;
            }
            List<ToolCall> calls = r.toolCalls();
            if (calls.isEmpty() || !calls.stream().allMatch(c -> toolset.resolve(c.name()).isPresent())) {
                return CompletableFuture.completedFuture(finish(r, false));
            }
            if (steps.size() + calls.size() > maxSteps) {
                return CompletableFuture.completedFuture(finish(r, true));
            }
            List<Message> messages = new ArrayList<>(request.messages());
            messages.add(new Message(Role.ASSISTANT, r.content(), null, calls, null, null, r.reasoning()));
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (ToolCall call : calls) {
                chain = chain.thenCompose(v -> step(call)).thenAccept(step -> messages.add(Message.tool(
                        call.id(), call.name(), (step.result().isError() ? "Error: " : "")
                                + step.result().textForModel())));
            }
            return chain.thenCompose(v -> {
                ChatRequest.Builder next = request.toBuilder().messages(messages);
                if (request.toolChoice() != null && request.toolChoice().mode() == ToolChoice.Mode.NAMED) {
                    next.toolChoice(ToolChoice.AUTO);
                }
                return round(next.build());
            });
        }

        private CompletableFuture<McpStep> step(ToolCall call) {
            McpToolset.Entry e = toolset.resolve(call.name()).orElseThrow();
            McpConnection server = servers.get(e.server());
            listener.toolCall(e.server(), e.tool().name(), call.id(), call.arguments());
            JsonNode args = Json.tryParse(call.arguments());
            CompletableFuture<McpCallResult> result;
            if (args == null || !args.isObject()) {
                result = CompletableFuture.completedFuture(new McpCallResult(e.server(), e.tool().name(), true,
                        Json.MAPPER.createArrayNode().add(Json.MAPPER.createObjectNode().put("type", "text")
                                .put("text", "the arguments are not a JSON object: " + call.arguments())), null, 0));
            } else {
                result = server.call(e.tool().name(), args, "chat step " + (steps.size() + 1));
            }
            return result.thenApply(res -> {
                McpStep step = new McpStep(e.server(), e.tool().name(), call.id(), call.arguments(), res);
                synchronized (steps) {
                    steps.add(step);
                }
                listener.toolResult(step);
                return step;
            });
        }

        private void add(Usage u) {
            if (u != null) {
                usage = usage == null ? u : usage.plus(u);
            }
        }

        private Outcome finish(LlmResponse r, boolean limit) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            LlmResponse total = new LlmResponse(r.id(), r.provider(), r.model(), r.content(), r.reasoning(),
                    r.finishReason(), r.nativeFinishReason(), r.toolCalls(), usage, ms, firstTtft, r.attempts(),
                    r.cacheHit(), r.error(), r.metadata());
            return new Outcome(total, List.copyOf(steps), limit);
        }
    }

    /** The names of {@code tools}, for {@code reserved}. */
    public static Set<String> names(List<Tool> tools) {
        Set<String> out = new HashSet<>();
        tools.forEach(t -> out.add(t.name()));
        return out;
    }
}
