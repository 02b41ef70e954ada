package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.Message;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.tokens.TokenCounter;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.RandomAccess;

/**
 * Decides what the simulator answers ({@link SimPlan}): after tool results, a summary of them; when tools are
 * offered to a user turn, tool calls (scripted by {@code tool_calls}, else made up by {@link SimArguments});
 * otherwise text by {@code mode} (echo, lorem, fixed, script), cut to {@code max_tokens}, with reasoning before
 * it when asked for (or when the model's name contains "reason", or a reasoning effort is given); a JSON answer
 * when a response format asks for one (made from the schema by {@link SimArguments}). Pure: the same request and settings give
 * the same plan.
 */
final class SimPlanner {
    private static final String LOREM = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor"
            + " incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation"
            + " ullamco laboris nisi ut aliquip ex ea commodo consequat duis aute irure dolor in reprehenderit in"
            + " voluptate velit esse cillum dolore eu fugiat nulla pariatur excepteur sint occaecat cupidatat non"
            + " proident sunt in culpa qui officia deserunt mollit anim id est laborum";

    private final SimSettings settings;

    SimPlanner(SimSettings settings) {
        this.settings = settings;
    }

    SimPlan plan(ChatRequest request, String model, long requestNo) {
        List<Message> msgs = request.messages();
        Message last = msgs.isEmpty() ? Message.user("") : msgs.get(msgs.size() - 1);
        String lastUser = "";
        for (int i = msgs.size() - 1; i >= 0; i--) {
            if (msgs.get(i).role() == Role.USER) {
                lastUser = msgs.get(i).text();
                break;
            }
        }
        int prompt = TokenCounter.simPromptTokens(msgs);
        List<ToolCall> calls = new ArrayList<>();
        String content;
        String reasoning = settings.reasoning();
        if (reasoning == null && model.contains("reason")) {
            reasoning = "";
        }
        boolean toolsOffered = !request.tools().isEmpty() && (request.toolChoice() == null
                || request.toolChoice().mode() != ToolChoice.Mode.NONE);
        if (last.role() == Role.TOOL) {
            StringBuilder sb = new StringBuilder();
            for (int i = msgs.size() - 1; i >= 0 && msgs.get(i).role() == Role.TOOL; i--) {
                Message t = msgs.get(i);
                String name = t.name() != null ? t.name() : toolNameFor(msgs, t.toolCallId());
                sb.insert(0, "The " + name + " tool returned: " + t.text() + "\n");
            }
            content = "Based on the tool results:\n" + sb.toString().trim();
        } else if (toolsOffered && last.role() == Role.USER) {
            calls.addAll(toolCallsFor(request, lastUser, requestNo));
            content = "";
        } else if (request.responseFormat() instanceof ResponseFormat.JsonSchema js) {
            content = SimArguments.valueFor(js.schema(), lastUser).toString();
        } else if (request.responseFormat().isJson()) {
            content = Json.MAPPER.createObjectNode().put("answer", answerText(msgs, lastUser)).toString();
        } else {
            content = answerText(msgs, lastUser);
        }
        if (reasoning == null && request.options().reasoningEffort() != null) {
            reasoning = "";
        }
        if (request.maxTokens() != null && !request.responseFormat().isJson()) {
            List<String> t = tokenize(content);
            if (t.size() > request.maxTokens()) {
                content = String.join("", t.subList(0, request.maxTokens()));
            }
        }
        if (reasoning != null && reasoning.isEmpty()) {
            reasoning = "The user wrote \"" + abbreviate(lastUser, 80) + "\". I should answer briefly and clearly.";
        }
        return new SimPlan(reasoning == null ? List.of() : tokenize(reasoning), tokenize(content), calls, prompt);
    }

    private String answerText(List<Message> msgs, String lastUser) {
        return switch (settings.mode()) {
            case "fixed" -> settings.answer();
            case "lorem" -> lorem(settings.answerTokens(), settings.seed() ^ lastUser.hashCode());
            case "script" -> {
                long assistantTurns = msgs.stream().filter(m -> m.role() == Role.ASSISTANT).count();
                List<JsonNode> script = settings.script();
                if (script.isEmpty()) {
                    yield "";
                }
                JsonNode turn = script.get((int) Math.min(assistantTurns, script.size() - 1));
                yield turn.isTextual() ? turn.asText() : turn.path("content").asText("");
            }
            default -> "You said: " + lastUser;
        };
    }

    private List<ToolCall> toolCallsFor(ChatRequest request, String lastUser, long requestNo) {
        List<ToolCall> out = new ArrayList<>();
        List<String> offered = request.tools().stream().map(Tool::name).toList();
        ToolChoice choice = request.toolChoice();
        int i = 0;
        for (SimSettings.ScriptedCall c : settings.toolCalls()) {
            if (offered.contains(c.name()) && (choice == null || choice.mode() != ToolChoice.Mode.NAMED
                    || choice.toolName().equals(c.name()))) {
                out.add(new ToolCall("call_sim_" + requestNo + "_" + i++, c.name(), c.arguments()));
            }
        }
        if (out.isEmpty()) {
            Tool tool = request.tools().get(0);
            if (choice != null && choice.mode() == ToolChoice.Mode.NAMED) {
                tool = request.tools().stream().filter(t -> t.name().equals(choice.toolName())).findFirst()
                        .orElse(tool);
            }
            out.add(new ToolCall("call_sim_" + requestNo + "_0", tool.name(),
                    SimArguments.argumentsFor(tool, lastUser)));
        }
        return out;
    }

    private static String toolNameFor(List<Message> msgs, String callId) {
        for (Message m : msgs) {
            for (ToolCall c : m.toolCalls()) {
                if (c.id() != null && c.id().equals(callId)) {
                    return c.name();
                }
            }
        }
        return "tool";
    }

    static String lorem(int tokens, long seed) {
        Random r = new Random(seed);
        String[] words = LOREM.split(" ");
        StringBuilder sb = new StringBuilder();
        boolean capital = true;
        for (int i = 0; i < tokens; i++) {
            String w = words[r.nextInt(words.length)];
            sb.append(capital ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            capital = false;
            if (i == tokens - 1) {
                sb.append('.');
            } else if (r.nextInt(12) == 0) {
                sb.append(". ");
                capital = true;
            } else {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    /**
     * Splits text into word tokens with their trailing whitespace; the tokens concatenate back to the text. The
     * list keeps the text and where each token ends, and makes a token's string only when it is read: a
     * 150,000-token answer holds 0.6 MB of offsets instead of 150,000 strings, which young GCs would copy and
     * promote while the answer streams.
     */
    static List<String> tokenize(String text) {
        int[] ends = new int[16];
        int n = 0;
        int i = 0;
        int len = text.length();
        while (i < len) {
            int j = i;
            while (j < len && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            while (j < len && !Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            while (j < len && text.charAt(j) == ' ') {
                j++;
            }
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
            }
            ends[n++] = j;
            i = j;
        }
        return new Tokens(text, Arrays.copyOf(ends, n));
    }

    /** The tokens of a text, as offsets into it. Immutable. */
    private static final class Tokens extends AbstractList<String> implements RandomAccess {
        private final String text;
        private final int[] ends;

        Tokens(String text, int[] ends) {
            this.text = text;
            this.ends = ends;
        }

        @Override
        public String get(int index) {
            return text.substring(index == 0 ? 0 : ends[index - 1], ends[index]);
        }

        @Override
        public int size() {
            return ends.length;
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
