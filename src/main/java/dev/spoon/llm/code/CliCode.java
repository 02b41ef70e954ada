package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request as a {@code spoon chat} command line (DESIGN.md "CLI contract"): {@code --system} and
 * {@code --message} for a plain conversation, else a {@code --messages} file written by a here-document;
 * {@code --tools} likewise; body fields {@code chat} has no flag for go in {@code --extra-body}. The key comes
 * from the environment or the configuration, as for any {@code spoon} command.
 */
final class CliCode {
    private CliCode() {
    }

    static String of(CodeRequest r) {
        ChatRequest c = r.chat();
        if (c == null) {
            return "# spoon chat cannot express this request: its body is not in a format the command line reads\n"
                    + "# (" + r.api().name().toLowerCase(java.util.Locale.ROOT) + "); use the curl or SDK form\n";
        }
        StringBuilder pre = new StringBuilder();
        if (r.keyVariable() != null) {
            pre.append("# the key comes from ").append(r.keyVariable())
                    .append(" or the provider's entry in your spoon config\n");
        }
        List<String> args = new ArrayList<>(List.of("spoon", "chat", "-p", Literals.shell(r.provider())));
        String model = c.model() != null ? c.model() : r.model();
        if (r.api() == WireApi.SIM && model.startsWith(r.provider() + "/")) {
            model = model.substring(r.provider().length() + 1);
        }
        if (!model.isEmpty()) {
            args.add("-m");
            args.add(Literals.shell(model));
        }
        List<Message> msgs = c.messages();
        if (plain(msgs)) {
            for (Message m : msgs) {
                args.add(m.role() == Role.SYSTEM ? "--system" : "--message");
                args.add(Literals.shell(m.text()));
            }
        } else {
            hereDoc(pre, "messages.json", LlmJson.messagesJson(msgs));
            args.add("--messages");
            args.add("messages.json");
        }
        if (!c.tools().isEmpty()) {
            hereDoc(pre, "tools.json", LlmJson.toolsJson(c.tools()));
            args.add("--tools");
            args.add("tools.json");
            if (c.toolChoice() != null) {
                args.add("--tool-choice");
                args.add(Literals.shell(choice(c.toolChoice())));
            }
        }
        if (c.maxTokens() != null) {
            args.add("--max-tokens");
            args.add(String.valueOf(c.maxTokens()));
        }
        if (c.temperature() != null) {
            args.add("--temperature");
            args.add(String.valueOf(c.temperature()));
        }
        if (!c.extra().isEmpty()) {
            ObjectNode extra = Json.MAPPER.valueToTree(c.extra());
            args.add("--extra-body");
            args.add(Literals.shell(extra.toString()));
        }
        for (Map.Entry<String, HeaderValue> h : r.extraHeaders().entrySet()) {
            HeaderValue v = h.getValue();
            args.add("--header");
            args.add(v.isSecret() ? "\"" + h.getKey() + ": " + v.prefix().replace("\"", "\\\"").replace("$", "\\$")
                    + "$" + v.envVar() + "\"" : Literals.shell(h.getKey() + ": " + v.literal()));
        }
        if (r.stream()) {
            args.add("--stream");
        }
        args.add("--json");
        StringBuilder sb = new StringBuilder(pre);
        int lineStart = sb.length();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            // a flag and its value are one group; groups wrap at 80 columns
            String group = a.startsWith("-") && i + 1 < args.size() && !args.get(i + 1).startsWith("-")
                    && i > 1 ? a + " " + args.get(++i) : a;
            int firstLine = group.indexOf('\n') < 0 ? group.length() : group.indexOf('\n');
            if (i > 1 && sb.length() - lineStart + 1 + firstLine > 80) {
                sb.append(" \\\n  ");
                lineStart = sb.length() - 2;
            } else if (sb.length() > lineStart) {
                sb.append(' ');
            }
            sb.append(group);
            int nl = group.lastIndexOf('\n');
            if (nl >= 0) {
                lineStart = sb.length() - (group.length() - nl - 1);
            }
        }
        return sb.append('\n').toString();
    }

    /** Whether {@code --system} and {@code --message} say it all: system messages first, then user text only. */
    private static boolean plain(List<Message> msgs) {
        boolean users = false;
        int systems = 0;
        for (Message m : msgs) {
            if (m.role() == Role.SYSTEM && !users) {
                systems++;
            } else if (m.role() == Role.USER && m.parts().isEmpty() && m.name() == null && m.content() != null) {
                users = true;
            } else {
                return false;
            }
        }
        return users && systems <= 1;
    }

    private static void hereDoc(StringBuilder sb, String file, com.fasterxml.jackson.databind.JsonNode json) {
        sb.append("cat > ").append(file).append(" <<'JSON'\n")
                .append(Literals.value(json, Literals.Dialect.JSON, 0)).append("\nJSON\n");
    }

    private static String choice(ToolChoice c) {
        return switch (c.mode()) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "required";
            case NAMED -> c.toolName();
        };
    }
}
