package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Tool;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The tools editor's text, parsed: a JSON array in OpenAI tools format (a single tool object is accepted too)
 * and every problem found, each naming the tool and the path.
 *
 * @param tools    the tools, empty when the text cannot be parsed
 * @param problems what is wrong; empty when the tools can be sent
 */
public record ToolDefinitions(List<Tool> tools, List<String> problems) {

    public ToolDefinitions {
        tools = List.copyOf(tools);
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty() && !tools.isEmpty();
    }

    /** Parses and checks {@code text}. */
    public static ToolDefinitions parse(String text) {
        if (text == null || text.isBlank()) {
            return new ToolDefinitions(List.of(), List.of("no tools defined: add an example or load a tools file"));
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return new ToolDefinitions(List.of(), List.of("not valid JSON: " + m.lines().findFirst().orElse(m)));
        }
        if (n != null && n.isObject()) {
            n = Json.MAPPER.createArrayNode().add(n);
        }
        List<Tool> tools;
        try {
            tools = LlmJson.tools(n);
        } catch (IllegalArgumentException e) {
            return new ToolDefinitions(List.of(), List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Tool t : tools) {
            problems.addAll(SchemaCheck.definitionProblems(t));
            if (names.contains(t.name())) {
                problems.add("tool '" + t.name() + "' is defined twice");
            }
            names.add(t.name());
        }
        if (tools.isEmpty()) {
            problems.add("no tools defined: add an example or load a tools file");
        }
        return new ToolDefinitions(tools, problems);
    }

    /** {@code text} with {@code tool} added (replacing a tool of the same name), pretty-printed. */
    static String withTool(String text, JsonNode tool) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        JsonNode existing = Json.tryParse(text);
        String name = tool.path("function").path("name").asText();
        if (existing != null && existing.isArray()) {
            for (JsonNode t : existing) {
                JsonNode fn = t.has("function") ? t.get("function") : t;
                if (!fn.path("name").asText().equals(name)) {
                    out.add(t);
                }
            }
        } else if (text != null && !text.isBlank()) {
            throw new IllegalArgumentException("the tools text is not a JSON array; fix or clear it before adding "
                    + "an example");
        }
        out.add(tool);
        return ToolCallItem.pretty(out.toString());
    }
}
