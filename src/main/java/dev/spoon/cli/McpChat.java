package dev.spoon.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.debug.DebugLogger;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.manager.LlmManager;
import dev.spoon.llm.mcp.McpConnection;
import dev.spoon.llm.mcp.McpStep;
import dev.spoon.llm.mcp.McpToolLoop;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spoon chat ... --mcp SERVER [--mcp SERVER2] [--max-steps 8]}: the chat with the servers' tools and the
 * tool loop ({@link McpToolLoop}). The result gains {@code "steps"}; with {@code --stream --json} each step also
 * prints a {@code tool_call} and a {@code tool_result} line; without {@code --json} the steps are told on
 * standard error, so standard output holds only the answer.
 */
final class McpChat {
    /** What the chat command was asked for. */
    record Options(List<String> servers, int maxSteps, boolean stream, boolean json, String toolChoice) {
    }

    private final CliContext ctx;
    private final Options options;
    private final CommandLine commandLine;
    private final List<McpStep> steps = new ArrayList<>();
    private dev.spoon.llm.ResponseFormat format = dev.spoon.llm.ResponseFormat.TEXT;

    McpChat(CliContext ctx, Options options, CommandLine commandLine) {
        this.ctx = ctx;
        this.options = options;
        this.commandLine = commandLine;
    }

    int run(ConfigurationManager cm, DebugLogger debugLog, LlmManager manager, ChatRequest request, String target) {
        StreamPrinter printer = options.stream() ? new StreamPrinter(ctx.out, options.json())
                : null;
        format = request.responseFormat();
        try (McpCli mcp = McpCli.forChat(cm, debugLog)) {
            Map<String, McpConnection> servers = mcp.connect(options.servers());
            McpToolLoop loop = new McpToolLoop(servers, McpToolLoop.names(request.tools()), options.maxSteps());
            checkToolChoice(request, loop);
            McpToolLoop.Sender sender = printer != null ? r -> manager.chatStream(r, target, printer)
                    : r -> manager.chat(r, target);
            McpToolLoop.Outcome out = LlmProvider.await(loop.run(request, sender, listener(printer)));
            if (printer != null) {
                printer.finish();
            }
            print(out, printer);
            return 0;
        } catch (LlmException e) {
            if (printer != null) {
                printer.finish();
                if (e.partial() != null) {
                    if (options.json()) {
                        ctx.out.println(Json.write(resultObject(e.partial(), true)));
                    } else if (!printer.endedWithNewline()) {
                        ctx.out.println();
                    }
                }
            }
            return McpCli.fail(ctx, e, options.json());
        }
    }

    /** {@code --tool-choice NAME} must name one of the offered tools (the servers' under their offered names). */
    private void checkToolChoice(ChatRequest request, McpToolLoop loop) {
        ToolChoice choice = request.toolChoice();
        if (choice == null || choice.mode() != ToolChoice.Mode.NAMED) {
            return;
        }
        List<String> names = new ArrayList<>(request.tools().stream().map(Tool::name).toList());
        loop.toolset().tools().forEach(t -> names.add(t.name()));
        if (!names.contains(choice.toolName())) {
            throw new CommandLine.ParameterException(commandLine, "--tool-choice '" + options.toolChoice()
                    + "' is not one of the tools (" + String.join(", ", names) + "); use auto, none, required or a "
                    + "tool's name");
        }
    }

    private McpToolLoop.Listener listener(StreamPrinter printer) {
        return new McpToolLoop.Listener() {
            @Override
            public void toolCall(String server, String tool, String callId, String arguments) {
                if (printer != null && options.json()) {
                    printer.event(McpStep.callLine(server, tool, callId, arguments));
                } else if (!options.json()) {
                    ctx.err.println("[tool call] " + server + " \u00B7 " + tool + " " + arguments);
                }
            }

            @Override
            public void toolResult(McpStep step) {
                synchronized (steps) {
                    steps.add(step);
                }
                if (printer != null && options.json()) {
                    printer.event(step.resultLine());
                } else if (!options.json()) {
                    String text = step.result().textForModel();
                    ctx.err.println("[tool result] " + step.server() + " \u00B7 " + step.tool()
                            + (step.result().isError() ? " (error)" : "") + " " + step.result().durationMs() + " ms: "
                            + (text.length() > 500 ? text.substring(0, 500) + "\u2026" : text));
                }
            }
        };
    }

    private void print(McpToolLoop.Outcome out, StreamPrinter printer) {
        LlmResponse r = out.response();
        if (out.stepLimitReached()) {
            ctx.err.println("warning: stopped after " + out.steps().size() + " tool calls (--max-steps "
                    + options.maxSteps() + "); the model still asked for: " + String.join(", ", r.toolCalls()
                    .stream().map(ToolCall::name).toList()));
        }
        if (options.json()) {
            ObjectNode o = resultObject(r, printer != null);
            if (out.stepLimitReached()) {
                o.put("step_limit_reached", true);
            }
            ctx.out.println(Json.write(o));
            return;
        }
        if (printer != null) {
            if (!printer.endedWithNewline()) {
                ctx.out.println();
            }
        } else if (!r.content().isEmpty()) {
            ctx.out.println(r.content());
        }
        for (ToolCall c : r.toolCalls()) {
            ctx.out.println("tool call " + c.name() + " " + c.arguments() + " (id " + c.id() + ")");
        }
    }

    /** The contract's result object with {@code "steps"} (and {@code "type": "result"} when streaming). */
    private ObjectNode resultObject(LlmResponse r, boolean line) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (line) {
            o.put("type", "result");
        }
        o.setAll(LlmJson.result(r, format));
        ArrayNode a = o.putArray("steps");
        synchronized (steps) {
            steps.forEach(s -> a.add(s.toJson()));
        }
        return o;
    }
}
