package dev.spoon.llm.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.spoon.llm.json.Json;

import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the schema off the {@link FileConfig} records: which keys a section has, and the rules written on
 * them. Keys are the components' names in snake_case, exactly as Jackson binds them.
 */
final class ConfigSchema {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final ClassValue<Map<String, RecordComponent>> KEYS = new ClassValue<>() {
        @Override
        protected Map<String, RecordComponent> computeValue(Class<?> type) {
            Map<String, RecordComponent> out = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getAccessor().getAnnotation(JsonAnySetter.class) == null) { // the "every other key" map
                    out.put(SNAKE.translate(c.getName()), c);
                }
            }
            return Collections.unmodifiableMap(out);
        }
    };

    private ConfigSchema() {
    }

    /** Every key of a section, in declaration order, with the component that binds it. */
    static Map<String, RecordComponent> keys(Class<? extends Record> section) {
        return KEYS.get(section);
    }

    /** The component binding {@code key} in {@code section}. */
    static RecordComponent component(Class<? extends Record> section, String key) {
        RecordComponent c = keys(section).get(key);
        if (c == null) {
            throw new IllegalArgumentException(section.getSimpleName() + " has no key " + key);
        }
        return c;
    }

    /**
     * Binds a tree that {@link ConfigValidator} accepted into the records (a comma-separated string given for a
     * {@link Check.CommaList} key becomes its list first).
     */
    static FileConfig bind(ObjectNode validTree) {
        ObjectNode tree = validTree.deepCopy();
        keys(FileConfig.class).forEach((key, c) -> {
            if (c.getAnnotation(Check.CommaList.class) != null && tree.path(key).isTextual()) {
                String text = tree.get(key).asText();
                ArrayNode list = tree.putArray(key);
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        list.add(part.trim());
                    }
                }
            }
        });
        try {
            return RecordBinder.bind(tree, FileConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the validator accepted a tree the records cannot bind", e);
        }
    }

    /** The words {@code key} of {@code section} accepts ({@link Check.OneOf}). */
    static List<String> choices(Class<? extends Record> section, String key) {
        return List.of(component(section, key).getAnnotation(Check.OneOf.class).value());
    }

    /** The keys of {@link FileConfig.ProviderTable} handed to providers as options. */
    static Set<String> optionKeys() {
        Set<String> out = new java.util.LinkedHashSet<>();
        keys(FileConfig.ProviderTable.class).forEach((k, c) -> {
            if (c.getAnnotation(Check.Option.class) != null) {
                out.add(k);
            }
        });
        return out;
    }

    /**
     * {@code key = value} for the {@link Check.Example} of {@code c} in the file's own syntax, or null when it
     * has none.
     */
    static String example(RecordComponent c, String key, boolean json) {
        Check.Example ex = c == null ? null : c.getAnnotation(Check.Example.class);
        if (ex == null) {
            return null;
        }
        JsonNode value = Json.tryParse(ex.value());
        return json ? "\"" + key + "\": " + Json.write(value) : tomlKey(key) + " = " + toml(value);
    }

    /** A JSON value written as inline TOML. */
    static String toml(JsonNode v) {
        if (v.isObject()) {
            StringBuilder sb = new StringBuilder("{ ");
            v.properties().forEach(e -> sb.append(sb.length() > 2 ? ", " : "").append(tomlKey(e.getKey()))
                    .append(" = ").append(toml(e.getValue())));
            return sb.append(" }").toString();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            v.forEach(x -> sb.append(sb.length() > 1 ? ", " : "").append(toml(x)));
            return sb.append(']').toString();
        }
        return v.isTextual() ? Json.write(v.asText()) : v.toString();
    }

    private static String tomlKey(String key) {
        return BARE_KEY.matcher(key).matches() ? key : Json.write(key);
    }
}
