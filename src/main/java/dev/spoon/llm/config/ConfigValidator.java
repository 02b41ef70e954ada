package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.spoon.llm.ConfigurationException;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one validator of the configuration: checks a parsed file against the {@link FileConfig} records (every
 * key's type, range and allowed words, headers, URLs, and the rules between keys) and names file, line and
 * key in every error, with what to write instead. Unknown keys are not errors but warnings naming the
 * closest known key. Environment values are checked by the same rules ({@link #checkEnvironment}).
 */
final class ConfigValidator {
    /** Provider types that speak the OpenAI wire format, the only ones {@code api} applies to. */
    static final Set<String> OPENAI_FAMILY = dev.spoon.llm.ProviderConfig.Api.PROVIDER_TYPES;
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private final ConfigDocument doc;
    private final Collection<String> providerTypes;
    private final boolean json;
    private final List<String> warnings = new ArrayList<>();

    private ConfigValidator(ConfigDocument doc, Collection<String> providerTypes) {
        this.doc = doc;
        this.providerTypes = providerTypes;
        this.json = ConfigDocument.isJson(doc.file());
    }

    /**
     * Checks {@code doc} against the schema.
     *
     * @param providerTypes the registered provider types a {@code type} may name, or null to accept any
     * @return warnings about unknown keys, each naming file, line and the closest known key
     * @throws ConfigurationException at the first problem, naming file, line and key
     */
    static List<String> validate(ConfigDocument doc, Collection<String> providerTypes) {
        ConfigValidator v = new ConfigValidator(doc, providerTypes);
        v.section(doc.tree(), FileConfig.class, List.of());
        return List.copyOf(v.warnings);
    }

    /**
     * Checks the value of an environment variable by the rules of {@code key} in {@code section}.
     *
     * @throws ConfigurationException naming the variable (in the message; it has no file, line or key) and what
     *                                to write instead
     */
    static void checkEnvironment(String variable, String text, Class<? extends Record> section, String key) {
        String problem = textProblem(section, key, text);
        if (problem != null) {
            throw new ConfigurationException("environment variable " + variable + "='" + text + "': " + problem
                    + ". Fix or unset it.", null, null, null, null, null);
        }
    }

    /**
     * What is wrong with {@code text} (typed by a person or read from the environment: numbers are read from
     * the text) as the value of {@code key} in {@code section}, or null when it is fine.
     */
    static String textProblem(Class<? extends Record> section, String key, String text) {
        RecordComponent c = ConfigSchema.component(section, key);
        Class<?> type = c.getType();
        JsonNode n = TextNode.valueOf(text);
        try {
            if (type == Integer.class || type == Long.class) {
                n = BigIntegerNode.valueOf(new BigInteger(text.strip()));
            } else if (type == Double.class) {
                n = DecimalNode.valueOf(new BigDecimal(text.strip()));
            }
        } catch (NumberFormatException e) {
            // stays a string: the check says what was expected
        }
        return problem(n, c, type);
    }

    /** What is wrong with HTTP header {@code name} set to {@code value}, or null when both are fine. */
    static String headerProblem(String name, String value) {
        if (!HEADER_NAME.matcher(name).matches()) {
            return "'" + name + "' is not a valid HTTP header name: use letters, digits and - (no spaces, colons or"
                    + " line breaks), e.g. X-Extra";
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return "the value of header '" + name + "' contains a line break (CR or LF); write it on one line";
        }
        return null;
    }

    // ------------------------------------------------------------------ walking the tree

    private void section(JsonNode node, Class<? extends Record> schema, List<String> path) {
        Map<String, RecordComponent> keys = new LinkedHashMap<>(ConfigSchema.keys(schema));
        if (schema == FileConfig.ProviderTable.class && "sim".equals(providerType(node, path))) {
            keys.putAll(ConfigSchema.keys(FileConfig.SimTable.class));
        }
        node.properties().forEach(e -> {
            RecordComponent c = keys.get(e.getKey());
            if (c == null) {
                warnUnknown(e.getKey(), keys.keySet(), path);
            } else {
                value(e.getValue(), c, c.getGenericType(), append(path, e.getKey()));
            }
        });
        crossChecks(schema, node, path);
    }

    private void value(JsonNode n, RecordComponent c, Type type, List<String> path) {
        if (n.isNull()) {
            return; // JSON null: not set
        }
        Class<?> raw = raw(type);
        if (raw == List.class) {
            Class<?> item = raw(argument(type, 0));
            if (n.isTextual() && c.getAnnotation(Check.CommaList.class) != null) {
                return;
            }
            if (!n.isArray()) {
                throw doc.error(path, "expected a list" + (item == String.class ? " of strings" : " of tables")
                        + example(c, path) + ", found " + describe(n));
            }
            int i = 0;
            for (JsonNode x : n) {
                i++;
                if (item == String.class && !x.isTextual()) {
                    throw doc.error(path, "expected strings (in double quotes) in the list, but item " + i + " is "
                            + describe(x) + example(c, path));
                }
                if (item.isRecord()) {
                    table(x, c, item, path);
                }
            }
        } else if (raw == Map.class) {
            Class<?> item = raw(argument(type, 1));
            if (!n.isObject()) {
                throw doc.error(path, "expected a table" + example(c, path) + ", found " + describe(n));
            }
            n.properties().forEach(e -> {
                List<String> at = append(path, e.getKey());
                if (item == String.class) {
                    entry(e.getKey(), e.getValue(), c, at);
                } else if (!e.getValue().isObject()) {
                    throw doc.error(at, "expected a table, e.g. " + (json ? "\"" + e.getKey() + "\": { ... }"
                            : "a [" + String.join(".", at.stream().map(ConfigValidator::tomlKey).toList())
                            + "] section") + ", found " + describe(e.getValue()));
                } else {
                    section(e.getValue(), recordClass(item), at);
                }
            });
        } else if (raw.isRecord()) {
            table(n, c, raw, path);
        } else {
            String problem = problem(n, c, raw);
            if (problem != null) {
                throw doc.error(path, problem);
            }
        }
    }

    private void table(JsonNode n, RecordComponent c, Class<?> schema, List<String> path) {
        if (!n.isObject()) {
            throw doc.error(path, "expected a table" + example(c, path) + ", found " + describe(n));
        }
        section(n, recordClass(schema), path);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Record> recordClass(Class<?> type) {
        return (Class<? extends Record>) type;
    }

    /** One entry of a table of strings ({@code env}, {@code headers}). */
    private void entry(String name, JsonNode v, RecordComponent c, List<String> path) {
        boolean headers = c.getAnnotation(Check.HttpHeaders.class) != null;
        if (!v.isTextual()) {
            throw doc.error(path, (headers ? "a header value" : "each value") + " must be a string, e.g. "
                    + (json ? "\"" + name + "\": \"value\"" : tomlKey(name) + " = \"value\"") + "; found "
                    + describe(v));
        }
        String problem = headers ? headerProblem(name, v.asText()) : null;
        if (problem != null) {
            throw doc.error(path, problem);
        }
    }

    // ------------------------------------------------------------------ rules between keys

    /** The provider type of a provider table (checked: a string naming a registered type), or null. */
    private String providerType(JsonNode table, List<String> path) {
        String name = path.get(path.size() - 1);
        JsonNode t = table.get("type");
        if (t == null || t.isNull()) {
            if (!ConfigurationManager.BUILT_IN.contains(name)) {
                throw doc.error(path, "custom provider '" + name + "' needs a type, e.g. type = \"openai-compatible\""
                        + knownTypes());
            }
            return name;
        }
        List<String> at = append(path, "type");
        if (!t.isTextual()) {
            throw doc.error(at, "expected a provider type in quotes, e.g. type = \"openai-compatible\", found "
                    + describe(t));
        }
        if (providerTypes != null && !providerTypes.contains(t.asText())) {
            throw doc.error(at, "unknown provider type '" + t.asText() + "'" + knownTypes());
        }
        return t.asText();
    }

    private String knownTypes() {
        return providerTypes == null ? "" : "; known types: " + String.join(", ", providerTypes.stream().sorted()
                .toList());
    }

    private void crossChecks(Class<? extends Record> schema, JsonNode node, List<String> path) {
        if (schema == FileConfig.ProviderTable.class) {
            String type = providerType(node, path);
            if (node.hasNonNull("api") && !OPENAI_FAMILY.contains(type)) {
                throw doc.error(append(path, "api"), "api applies only to OpenAI-family providers ("
                        + String.join(", ", OPENAI_FAMILY.stream().sorted().toList()) + "), not to type '" + type
                        + "'; remove it");
            }
            if ("sim".equals(type) && "script".equals(node.path("mode").asText(null)) && !node.has("script_file")) {
                throw doc.error(append(path, "mode"), "mode = \"script\" needs script_file = \"turns.json\" (a JSON"
                        + " array with one entry per assistant turn)");
            }
        } else if (schema == FileConfig.McpServerTable.class) {
            boolean command = !node.path("command").asText("").isBlank();
            if (command == node.hasNonNull("url")) {
                throw doc.error(path, "MCP server '" + path.get(path.size() - 1) + "' needs either command = \"...\""
                        + " (a program started over stdio) or url = \"http://...\" (a streamable-HTTP server), not "
                        + (command ? "both" : "neither"));
            }
        }
    }

    private void warnUnknown(String key, Set<String> known, List<String> path) {
        String prefix = path.isEmpty() ? "" : String.join(".", path) + ".";
        String suggestion = ClosestKey.of(key, known);
        Integer line = doc.line(append(path, key));
        warnings.add((doc.file() != null ? doc.file() + (line != null ? ":" + line : "") + ": " : "")
                + "unknown key '" + prefix + key + "'"
                + (suggestion != null ? " (did you mean '" + prefix + suggestion + "'?)" : "") + "; it is ignored");
    }

    // ------------------------------------------------------------------ single values

    /** What is wrong with single value {@code n} of component {@code c} (of Java type {@code type}), or null. */
    static String problem(JsonNode n, RecordComponent c, Class<?> type) {
        Check.Range range = c.getAnnotation(Check.Range.class);
        if (type == String.class) {
            Check.OneOf oneOf = c.getAnnotation(Check.OneOf.class);
            Check.Url url = c.getAnnotation(Check.Url.class);
            if (oneOf != null) {
                List<String> words = List.of(oneOf.value());
                if (!n.isTextual()) {
                    return "expected one of " + quoted(words) + ", found " + describe(n);
                }
                return words.contains(n.asText()) ? null : "unknown " + oneOf.noun() + " '" + n.asText()
                        + "'; use one of " + String.join(", ", words);
            }
            if (!n.isTextual()) {
                return "expected " + (url != null ? "a URL" : "a string") + " (in double quotes), found " + describe(n);
            }
            return url == null ? null : urlProblem(n.asText(), Set.of(url.value()));
        }
        if (type == Boolean.class) {
            return n.isBoolean() ? null : "expected true or false (without quotes), found " + describe(n);
        }
        if (type == Integer.class || type == Long.class) {
            if (!n.isIntegralNumber()) {
                return "expected a whole number" + rangeWords(range) + ", found " + describe(n);
            }
            BigInteger v = n.bigIntegerValue();
            BigInteger min = range != null ? BigDecimal.valueOf(range.min()).toBigInteger()
                    : BigInteger.valueOf(type == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE);
            BigInteger max = range != null ? BigDecimal.valueOf(range.max()).toBigInteger()
                    : BigInteger.valueOf(type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE);
            boolean low = range != null && range.minExclusive() ? v.compareTo(min) <= 0 : v.compareTo(min) < 0;
            return low || v.compareTo(max) > 0 ? "value " + v + " is out of range; expected "
                    + (range != null ? rangeText(range) : min + " to " + max) : null;
        }
        if (type == Double.class) {
            if (!n.isNumber()) {
                return "expected a number" + rangeWords(range) + ", found " + describe(n);
            }
            double v = n.asDouble();
            boolean bad = Double.isNaN(v) || Double.isInfinite(v) || range != null && (v > range.max()
                    || (range.minExclusive() ? v <= range.min() : v < range.min()));
            return bad ? "value " + n.asText() + " is out of range; expected " + (range != null ? rangeText(range)
                    : "a finite number") : null;
        }
        if (type == JsonNode.class) {
            Check.Kinds kinds = c.getAnnotation(Check.Kinds.class);
            if (kinds == null) {
                return null;
            }
            for (Check.Kind k : kinds.value()) {
                if (k == Check.Kind.STRING && n.isTextual() || k == Check.Kind.BOOLEAN && n.isBoolean()
                        || k == Check.Kind.TABLE && n.isObject()) {
                    return null;
                }
            }
            List<String> words = new ArrayList<>();
            for (Check.Kind k : kinds.value()) {
                words.add(k.words);
            }
            return "expected " + String.join(" or ", words) + ", found " + describe(n);
        }
        throw new IllegalStateException("no check for " + type);
    }

    private static String urlProblem(String s, Set<String> schemes) {
        if (s.isBlank()) {
            return null; // not set
        }
        String problem = UrlCheck.problem(s, schemes);
        return problem == null ? null : "'" + s + "' is not a valid URL: it " + problem;
    }

    private static String rangeWords(Check.Range r) {
        return r == null ? "" : r.minExclusive() ? " greater than " + fmt(r.min()) + " (at most " + fmt(r.max()) + ")"
                : " from " + fmt(r.min()) + " to " + fmt(r.max());
    }

    private static String rangeText(Check.Range r) {
        return r.minExclusive() ? "more than " + fmt(r.min()) + " and at most " + fmt(r.max())
                : fmt(r.min()) + " to " + fmt(r.max());
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String quoted(List<String> words) {
        return String.join(", ", words.stream().map(w -> "\"" + w + "\"").toList());
    }

    private String example(RecordComponent c, List<String> path) {
        String ex = ConfigSchema.example(c, path.get(path.size() - 1), json);
        return ex == null ? "" : ", e.g. " + ex;
    }

    private static String tomlKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    /** A value as the error shows it: its kind, and the value itself when short. */
    static String describe(JsonNode n) {
        String kind = n.isTextual() ? "a string" : n.isBoolean() ? "a boolean" : n.isNumber() ? "a number"
                : n.isArray() ? "a list" : n.isObject() ? "a table" : n.getNodeType().toString().toLowerCase(
                Locale.ROOT);
        String shown = n.toString();
        return kind + (shown.length() <= 40 ? " " + shown : "");
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static Type argument(Type t, int i) {
        return ((ParameterizedType) t).getActualTypeArguments()[i];
    }

    private static List<String> append(List<String> path, String key) {
        List<String> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return out;
    }
}
