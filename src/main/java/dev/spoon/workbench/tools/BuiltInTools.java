package dev.spoon.workbench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ready example tools: their definitions (OpenAI tools format) and the built-in answers the inspector
 * can give instead of the user. {@code calculator} really computes ({@link Calculator}); {@code weather}
 * answers with invented example data and says so in its result; {@code web_search} is a stub that returns no
 * results and says so (the workbench has no search engine): paste real results instead to test a model.
 */
public final class BuiltInTools {

    /** The examples offered in the editor, by menu label. */
    public enum Example {
        WEATHER("Weather (example data)", """
                {"type": "function", "function": {"name": "weather",
                  "description": "Current weather for a location",
                  "parameters": {"type": "object",
                    "properties": {
                      "location": {"type": "string", "description": "City name, e.g. Florence"},
                      "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
                    "required": ["location"]}}}"""),
        CALCULATOR("Calculator", """
                {"type": "function", "function": {"name": "calculator",
                  "description": "Evaluates an arithmetic expression (+ - * / % ^, parentheses, sqrt, sin, log...)",
                  "parameters": {"type": "object",
                    "properties": {"expression": {"type": "string", "description": "e.g. (2 + 3) * 4^2"}},
                    "required": ["expression"], "additionalProperties": false}}}"""),
        WEB_SEARCH("Web search (stub: returns no results)", """
                {"type": "function", "function": {"name": "web_search",
                  "description": "Searches the web and returns the top results",
                  "parameters": {"type": "object",
                    "properties": {
                      "query": {"type": "string"},
                      "max_results": {"type": "integer", "minimum": 1, "maximum": 10}},
                    "required": ["query"]}}}""");

        private final String label;
        private final String json;

        Example(String label, String json) {
            this.label = label;
            this.json = json;
        }

        public String label() {
            return label;
        }

        /** The tool definition as a JSON object in OpenAI tools format. */
        public JsonNode definition() {
            return Json.tryParse(json);
        }
    }

    private static final List<String> CONDITIONS = List.of("clear", "partly cloudy", "overcast", "light rain",
            "showers", "windy", "fog");

    private BuiltInTools() {
    }

    /** Whether a built-in answer exists for tool {@code name}. */
    public static boolean answers(String name) {
        return name.equals("calculator") || name.equals("weather") || name.equals("web_search");
    }

    /**
     * The built-in answer (a JSON text) to a call of {@code name} with {@code arguments}, or empty when the
     * tool is not built in. Bad arguments give an {@code {"error": ...}} answer, as a real tool would.
     */
    public static Optional<String> answer(String name, String arguments) {
        if (!answers(name)) {
            return Optional.empty();
        }
        JsonNode args = Json.tryParse(arguments);
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (args == null || !args.isObject()) {
            out.put("error", "arguments are not a JSON object");
            return Optional.of(out.toString());
        }
        switch (name) {
            case "calculator" -> {
                String expr = args.path("expression").asText("");
                out.put("expression", expr);
                try {
                    double v = Calculator.evaluate(expr);
                    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                        out.put("result", (long) v);
                    } else {
                        out.put("result", Double.parseDouble(Calculator.format(v)));
                    }
                } catch (IllegalArgumentException e) {
                    out.remove("result");
                    out.put("error", e.getMessage());
                }
            }
            case "weather" -> {
                String loc = args.path("location").asText("");
                boolean f = "fahrenheit".equals(args.path("unit").asText());
                int h = Math.abs(loc.toLowerCase(Locale.ROOT).hashCode());
                int c = h % 30 - 2;
                out.put("location", loc);
                out.put("temperature", f ? Math.round(c * 9 / 5.0 + 32) : c);
                out.put("unit", f ? "fahrenheit" : "celsius");
                out.put("conditions", CONDITIONS.get(h % CONDITIONS.size()));
                out.put("source", "Spoon Workbench example tool: invented data, not a real forecast");
            }
            default -> {
                out.put("query", args.path("query").asText(""));
                out.putArray("results");
                out.put("stub", true);
                out.put("note", "The workbench's web_search example is a stub and returns no results; paste real "
                        + "results here to see how the model uses them.");
            }
        }
        return Optional.of(out.toString());
    }
}
