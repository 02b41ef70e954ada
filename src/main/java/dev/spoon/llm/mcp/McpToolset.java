package dev.spoon.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.Tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools of several MCP servers as one model sees them: each under its own name, or as
 * {@code SERVER__name} where two servers (or a tool the user defined) have the same name. Names are made safe
 * for every provider ({@code [A-Za-z0-9_-]}, at most 64 characters). Immutable.
 */
public final class McpToolset {
    /** Joins a server's name and a tool's name where names clash. */
    public static final String SEPARATOR = "__";
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");
    private static final int MAX_NAME = 64;

    /** One offered tool: the name the model sees, and where it lives. */
    public record Entry(String exposedName, McpTool tool) {
        public String server() {
            return tool.server();
        }
    }

    private final Map<String, Entry> byExposedName;

    private McpToolset(Map<String, Entry> entries) {
        this.byExposedName = entries;
    }

    /**
     * @param tools    the servers' tools, in the order the servers were named
     * @param reserved names already taken (tools from a {@code --tools} file): a clashing MCP tool is prefixed
     */
    public static McpToolset of(Collection<McpTool> tools, Set<String> reserved) {
        Map<String, Integer> count = new HashMap<>();
        for (McpTool t : tools) {
            count.merge(safe(t.name()), 1, Integer::sum);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (McpTool t : tools) {
            String plain = safe(t.name());
            boolean clash = count.get(plain) > 1 || reserved.contains(plain);
            String name = clash ? safe(t.server() + SEPARATOR + t.name()) : plain;
            String unique = name;
            for (int i = 2; out.containsKey(unique) || reserved.contains(unique); i++) {
                unique = cut(name, MAX_NAME - 3) + "_" + i;
            }
            out.put(unique, new Entry(unique, t));
        }
        return new McpToolset(out);
    }

    private static String safe(String name) {
        return cut(UNSAFE.matcher(name).replaceAll("_"), MAX_NAME);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** The tools as offered to the model (schemas normalized so every provider accepts them). */
    public List<Tool> tools() {
        List<Tool> out = new ArrayList<>();
        for (Entry e : byExposedName.values()) {
            String description = e.tool().description() != null ? e.tool().description()
                    : e.tool().title() != null ? e.tool().title() : e.tool().name();
            out.add(new Tool(e.exposedName(), description, modelSchema(e.tool().inputSchema())));
        }
        return out;
    }

    /** An object schema the providers accept: no {@code $schema} keyword, always a {@code properties} object. */
    static JsonNode modelSchema(JsonNode schema) {
        ObjectNode s = schema.deepCopy();
        s.remove("$schema");
        if (!s.has("type")) {
            s.put("type", "object");
        }
        if ("object".equals(s.path("type").asText()) && !s.path("properties").isObject()) {
            s.putObject("properties");
        }
        return s;
    }

    /** The tool the model called by {@code exposedName}, if it is one of these. */
    public Optional<Entry> resolve(String exposedName) {
        return Optional.ofNullable(byExposedName.get(exposedName));
    }

    public List<Entry> entries() {
        return List.copyOf(byExposedName.values());
    }

    public boolean isEmpty() {
        return byExposedName.isEmpty();
    }
}
