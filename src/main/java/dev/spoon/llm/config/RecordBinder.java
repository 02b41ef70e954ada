package dev.spoon.llm.config;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a tree that {@link ConfigValidator} accepted into the {@link FileConfig} records, component by
 * component, with the same result as Jackson's {@code treeToValue} (keys from {@link ConfigSchema#keys}, unknown
 * keys ignored, or gathered into the {@link JsonAnySetter} map as plain Java values). It exists for start-up:
 * Jackson builds a deserializer per record type by introspection, several hundred classes and a noticeable part
 * of every command's start, for a schema that is known here.
 *
 * <p>Handles the component types the schema uses: {@code String}, {@code Boolean}, {@code Integer},
 * {@code Long}, {@code Double}, {@code JsonNode}, records, and {@code List}s and {@code Map}s (string keys) of
 * those. The validator has checked every value's kind, so values are converted, not checked.
 */
final class RecordBinder {
    private RecordBinder() {
    }

    /** {@code node} bound as record type {@code type}; a missing or null node binds every component to null. */
    static <R extends Record> R bind(JsonNode node, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> keys = ConfigSchema.keys(type);
        Map<String, String> keyOf = new LinkedHashMap<>(); // component name -> key (components are not ==)
        keys.forEach((k, c) -> keyOf.put(c.getName(), k));
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = keyOf.get(c.getName());
            if (key == null) { // the @JsonAnySetter map: every other key
                args[i] = others(node, keys);
            } else {
                JsonNode value = node == null ? null : node.get(key);
                args[i] = value == null || value.isNull() ? null : value(value, c.getGenericType());
            }
        }
        try {
            Class<?>[] types = new Class<?>[components.length];
            for (int j = 0; j < components.length; j++) {
                types[j] = components[j].getType();
            }
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName(), e);
        }
    }

    /** The members of {@code node} that are no component's key, as plain Java values, or null when none. */
    private static Map<String, Object> others(JsonNode node, Map<String, RecordComponent> keys) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!keys.containsKey(e.getKey())) {
                out.put(e.getKey(), plain(e.getValue()));
            }
        });
        return out.isEmpty() ? null : out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(JsonNode v, Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                List<Object> out = new ArrayList<>();
                for (JsonNode item : v) {
                    out.add(item.isNull() ? null : value(item, args[0]));
                }
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = new LinkedHashMap<>();
                v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
                        : value(e.getValue(), args[1])));
                return out;
            }
            throw new IllegalArgumentException("unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return v.asText();
        }
        if (c == Boolean.class) {
            return v.asBoolean();
        }
        if (c == Integer.class) {
            return v.intValue();
        }
        if (c == Long.class) {
            return v.longValue();
        }
        if (c == Double.class) {
            return v.doubleValue();
        }
        if (c == Object.class) {
            return plain(v);
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return v;
        }
        if (c.isRecord()) {
            return bind(v, (Class<? extends Record>) c);
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    /** A JSON value as Jackson's untyped binding gives it: maps, lists, strings, numbers, booleans, null. */
    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return out;
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNull() || v.isMissingNode()) {
            return null;
        }
        return v.asText();
    }
}
