package dev.spoon.llm.providers.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's settings, read from its provider table ({@code [providers.sim]} or any table with
 * {@code type = "sim"}).
 *
 * <pre>
 * models           = ["sim-1", "sim-fast"]   # "*" accepts any model name
 * ttft_ms          = 120                      # time to first token
 * tokens_per_s     = 250                      # 0 = as fast as possible
 * chunk_tokens     = 1                        # tokens per streamed chunk
 * mode             = "echo"                   # echo | lorem | fixed | script
 * answer           = "text"                   # the answer for mode fixed (setting it implies fixed)
 * answer_tokens    = 60                       # length of a lorem answer
 * script_file      = "turns.json"             # mode script: JSON array, one entry per assistant turn
 * reasoning        = "text" | true            # reasoning streamed before the answer
 * tool_calls       = [{ name = "weather", arguments = { location = "Paris" } }]
 * fail_type        = "rate_limit"             # rate_limit | auth | provider | overloaded | network |
 *                                             # token_limit | model_not_found | bad_request
 * fail_rate        = 0.0                      # probability a request fails with fail_type
 * disconnect_after = 0                        # drop the stream after N tokens (0 = never)
 * seed             = 42                       # makes failures and lorem text repeatable
 * usage            = true                     # report token usage
 * </pre>
 */
record SimSettings(List<String> models, long ttftMs, double tokensPerSecond, int chunkTokens, String mode,
                   String answer, int answerTokens, List<JsonNode> script, String reasoning,
                   List<ScriptedCall> toolCalls, String failType, double failRate, int disconnectAfter,
                   long seed, boolean usage, Double retryAfterSeconds) {

    static final List<String> DEFAULT_MODELS = List.of("sim-1", "sim-fast", "sim-reasoner", "sim-tools");

    record ScriptedCall(String name, String arguments) {
    }

    static SimSettings from(ProviderConfig config) {
        Map<String, Object> o = config.options();
        JsonNode n = Json.MAPPER.valueToTree(o);
        List<String> models = new ArrayList<>();
        JsonNode m = n.get("models");
        if (m != null && m.isArray()) {
            m.forEach(x -> models.add(x.asText()));
        } else if (m != null && m.isTextual()) {
            models.add(m.asText());
        }
        if (models.isEmpty()) {
            models.addAll(DEFAULT_MODELS);
        }
        String answer = text(n, "answer");
        String mode = text(n, "mode");
        if (mode == null) {
            mode = answer != null ? "fixed" : n.has("script_file") ? "script" : "echo";
        }
        mode = mode.toLowerCase(Locale.ROOT);
        if (!List.of("echo", "lorem", "fixed", "script").contains(mode)) {
            throw new ConfigurationException("simulator mode '" + mode + "' is unknown; use echo, lorem, fixed or"
                    + " script", config.name(), null, null, "providers." + config.name() + ".mode", null);
        }
        List<JsonNode> script = new ArrayList<>();
        if (mode.equals("script")) {
            String file = text(n, "script_file");
            if (file == null) {
                throw new ConfigurationException("simulator mode 'script' needs script_file", config.name(), null,
                        null, "providers." + config.name() + ".script_file", null);
            }
            try {
                JsonNode turns = Json.MAPPER.readTree(Files.readString(Path.of(file)));
                if (!turns.isArray()) {
                    throw new IOException("expected a JSON array of turns");
                }
                turns.forEach(script::add);
            } catch (IOException e) {
                throw new ConfigurationException("cannot read simulator script: " + e.getMessage(), config.name(),
                        Path.of(file), null, "providers." + config.name() + ".script_file", e);
            }
        }
        String reasoning = null;
        JsonNode r = n.get("reasoning");
        if (r != null && r.isBoolean() && r.asBoolean()) {
            reasoning = "";
        } else if (r != null && r.isTextual()) {
            reasoning = r.asText();
        }
        List<ScriptedCall> calls = new ArrayList<>();
        JsonNode tc = n.get("tool_calls");
        if (tc != null && tc.isArray()) {
            for (JsonNode c : tc) {
                JsonNode args = c.get("arguments");
                String a = args == null ? "{}" : args.isTextual() ? args.asText() : args.toString();
                calls.add(new ScriptedCall(c.path("name").asText("tool"), a));
            }
        }
        String failType = text(n, "fail_type");
        double failRate = n.path("fail_rate").asDouble(failType != null && !n.has("fail_rate") ? 1.0 : 0.0);
        return new SimSettings(List.copyOf(models), n.path("ttft_ms").asLong(120),
                n.path("tokens_per_s").asDouble(250), Math.max(1, n.path("chunk_tokens").asInt(1)), mode, answer,
                Math.max(1, n.path("answer_tokens").asInt(60)), script, reasoning, calls,
                failType == null ? null : failType.toLowerCase(Locale.ROOT), failRate,
                n.path("disconnect_after").asInt(0), n.path("seed").asLong(42), n.path("usage").asBoolean(true),
                n.has("retry_after_s") ? n.get("retry_after_s").asDouble() : null);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    boolean acceptsModel(String model) {
        return models.contains("*") || models.contains(model);
    }
}
