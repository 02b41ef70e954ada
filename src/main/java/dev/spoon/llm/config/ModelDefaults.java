package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Well-known models' context windows and prices, bundled with the application ({@code model-defaults.json}
 * beside this class, which names its source and the date its figures are from), so cost and the context meter
 * work without configuration. The user's {@code [prices."MODEL"]} and {@code [models."MODEL"] context_window}
 * override any entry ({@link PriceTable#withDefaults}, {@link SpoonConfig#contextWindow}). Immutable; read once.
 *
 * @param source         where the figures come from
 * @param asOf           the date they were taken (ISO {@code yyyy-mm-dd})
 * @param prices         model name (or name prefix) → price
 * @param contextWindows model name (or name prefix) → context window in tokens
 */
public record ModelDefaults(String source, String asOf, Map<String, Price> prices,
                            Map<String, Integer> contextWindows) {

    private static final String RESOURCE = "model-defaults.json";

    public ModelDefaults {
        prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        contextWindows = Collections.unmodifiableMap(new LinkedHashMap<>(contextWindows));
    }

    /** The bundled table. */
    public static ModelDefaults bundled() {
        return Bundled.TABLE;
    }

    /** The bundled context window of {@code model} (exact entry, else the longest prefix), or empty. */
    public OptionalInt contextWindow(String model) {
        String k = ModelNames.entryFor(contextWindows.keySet(), model);
        return k == null ? OptionalInt.empty() : OptionalInt.of(contextWindows.get(k));
    }

    /** Reads a table in the bundled format ({@code source}, {@code as_of}, {@code models}). */
    static ModelDefaults parse(JsonNode root) {
        Map<String, Price> prices = new LinkedHashMap<>();
        Map<String, Integer> windows = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("models").properties()) {
            JsonNode m = e.getValue();
            if (m.hasNonNull("context_window")) {
                windows.put(e.getKey(), m.get("context_window").intValue());
            }
            if (m.hasNonNull("input_per_mtok") || m.hasNonNull("output_per_mtok")) {
                prices.put(e.getKey(), new Price(m.path("input_per_mtok").asDouble(0),
                        m.path("output_per_mtok").asDouble(0), optional(m, "cached_input_per_mtok"),
                        optional(m, "cache_write_per_mtok")));
            }
        }
        return new ModelDefaults(root.path("source").asText(), root.path("as_of").asText(), prices, windows);
    }

    private static Double optional(JsonNode m, String key) {
        return m.hasNonNull(key) ? m.get(key).doubleValue() : null;
    }

    /** Loaded on first use. */
    private static final class Bundled {
        static final ModelDefaults TABLE = load();

        private static ModelDefaults load() {
            try (InputStream in = ModelDefaults.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the application");
                }
                return parse(Json.MAPPER.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
            }
        }
    }
}
