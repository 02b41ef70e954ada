package dev.spoon.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shapes the outside world sees: the normalized result and error objects of the CLI contract, and
 * conversations and tools in OpenAI's chat format ({@code --messages}, {@code --tools}, saved chats).
 */
public final class LlmJson {
    private LlmJson() {
    }

    /** The result object of DESIGN.md's CLI contract. */
    public static ObjectNode result(LlmResponse r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("provider", r.provider());
        o.put("model", r.model());
        o.put("content", r.content());
        o.put("reasoning", r.reasoning());
        o.put("finish_reason", r.finishReason() == null ? null : r.finishReason().wireName());
        o.put("native_finish_reason", r.nativeFinishReason());
        ArrayNode calls = o.putArray("tool_calls");
        for (ToolCall c : r.toolCalls()) {
            calls.add(toolCall(c));
        }
        o.set("usage", usage(r.usage()));
        o.put("duration_ms", r.durationMs());
        if (r.ttftMs() == null) {
            o.putNull("ttft_ms");
        } else {
            o.put("ttft_ms", r.ttftMs());
        }
        ArrayNode attempts = o.putArray("attempts");
        for (Attempt a : r.attempts()) {
            ObjectNode ao = attempts.addObject();
            ao.put("provider", a.provider());
            if (a.errorType() == null) {
                ao.putNull("error");
            } else {
                ObjectNode e = ao.putObject("error");
                e.put("type", a.errorType());
                if (a.status() == null) {
                    e.putNull("status");
                } else {
                    e.put("status", a.status());
                }
                e.put("message", a.error());
            }
        }
        o.put("cache_hit", r.cacheHit());
        if (r.error() != null) {
            o.set("error", error(r.error()).get("error"));
        }
        return o;
    }

    /**
     * The result object for an answer to a request that asked for {@code format}: for a JSON format it gains
     * {@code "parsed"} (the answer as JSON, null when it is not JSON) and, when the answer is not JSON or does not
     * validate against the schema, {@code "schema_errors"} (sentences naming the JSON path).
     */
    public static ObjectNode result(LlmResponse r, ResponseFormat format) {
        ObjectNode o = result(r);
        StructuredOutput so = StructuredOutput.of(format, r.content());
        if (so != null) {
            o.set("parsed", so.parsed() == null ? Json.MAPPER.nullNode() : so.parsed());
            if (!so.schemaErrors().isEmpty()) {
                ArrayNode errors = o.putArray("schema_errors");
                so.schemaErrors().forEach(errors::add);
            }
        }
        return o;
    }

    public static ObjectNode toolCall(ToolCall c) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("id", c.id());
        t.put("name", c.name());
        t.put("arguments", c.arguments());
        return t;
    }

    /**
     * The {@code usage} object of the contract: {@code prompt_tokens}, {@code completion_tokens},
     * {@code total_tokens}, and {@code cached_prompt_tokens}, {@code cache_creation_tokens},
     * {@code reasoning_tokens} when the provider reported them; JSON null for null.
     */
    public static JsonNode usage(Usage u) {
        if (u == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("prompt_tokens", u.promptTokens());
        o.put("completion_tokens", u.completionTokens());
        o.put("total_tokens", u.totalTokens());
        if (u.cachedPromptTokens() != null) {
            o.put("cached_prompt_tokens", u.cachedPromptTokens());
        }
        if (u.cacheCreationTokens() != null) {
            o.put("cache_creation_tokens", u.cacheCreationTokens());
        }
        if (u.reasoningTokens() != null) {
            o.put("reasoning_tokens", u.reasoningTokens());
        }
        return o;
    }

    /**
     * Reads a {@code usage} object written by {@link #usage(Usage)} (also the names older files used,
     * {@code cache_read_tokens} and {@code cache_write_tokens}); null when {@code u} is not an object.
     */
    public static Usage parseUsage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        int prompt = u.path("prompt_tokens").asInt();
        int completion = u.path("completion_tokens").asInt();
        return new Usage(prompt, completion, u.hasNonNull("total_tokens") ? u.get("total_tokens").asInt()
                : prompt + completion, optInt(u, "cached_prompt_tokens", "cache_read_tokens"),
                optInt(u, "cache_creation_tokens", "cache_write_tokens"), optInt(u, "reasoning_tokens", null));
    }

    private static Integer optInt(JsonNode o, String field, String olderName) {
        if (o.hasNonNull(field)) {
            return o.get(field).asInt();
        }
        return olderName != null && o.hasNonNull(olderName) ? Integer.valueOf(o.get(olderName).asInt()) : null;
    }

    /**
     * {@code options} as JSON, in the CLI's words: {@code {"response_format": "text"|"json"|{"name", "schema",
     * "strict"}, "reasoning_effort", "cache_prompt", "headers": {name: value}}}, defaults left out. Header values
     * are secrets: redact before showing this anywhere.
     */
    public static ObjectNode optionsJson(RequestOptions options) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ResponseFormat f = options.responseFormat();
        if (f instanceof ResponseFormat.Json) {
            o.put("response_format", "json");
        } else if (f instanceof ResponseFormat.JsonSchema s) {
            o.putObject("response_format").put("name", s.name()).put("strict", s.strict()).set("schema", s.schema());
        }
        if (options.reasoningEffort() != null) {
            o.put("reasoning_effort", options.reasoningEffort().wireName());
        }
        if (options.cachePrompt()) {
            o.put("cache_prompt", true);
        }
        if (!options.headers().isEmpty()) {
            ObjectNode h = o.putObject("headers");
            new java.util.TreeMap<>(options.headers()).forEach(h::put);
        }
        return o;
    }

    /** {@code {"error": {"type", "provider", "status", "message", "retry_after_s"}}}. */
    public static ObjectNode error(LlmException e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode o = root.putObject("error");
        o.put("type", e.errorType());
        o.put("provider", e.provider());
        if (e.status() == null) {
            o.putNull("status");
        } else {
            o.put("status", e.status());
        }
        o.put("message", e.displayMessage());
        putSeconds(o, "retry_after_s", e.retryAfter());
        if (e.hint() != null) {
            o.put("hint", e.hint());
        }
        if (!e.previousAttempts().isEmpty()) {
            ArrayNode prev = o.putArray("previous_attempts");
            for (LlmException p : e.previousAttempts()) {
                prev.add(error(p).get("error"));
            }
        }
        return root;
    }

    /** A duration in seconds: a whole number when it is one, else with its fraction; null stays null. */
    private static void putSeconds(ObjectNode o, String field, java.time.Duration d) {
        if (d == null) {
            o.putNull(field);
            return;
        }
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            o.put(field, ms / 1000);
        } else {
            o.put(field, ms / 1000.0);
        }
    }

    /**
     * The {@code chat --stream --json} line announcing a retry, before the wait starts:
     * {@code {"type": "retry", "provider", "attempt", "max_attempts", "delay_s", "error": {...}}}, where
     * {@code attempt} is the attempt after the wait (2 = the first retry) and {@code error} is the failure
     * being retried (the fields of {@link #error}).
     */
    public static ObjectNode retryEvent(String provider, int attempt, int maxAttempts, java.time.Duration delay,
                                        LlmException error) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "retry");
        o.put("provider", provider);
        o.put("attempt", attempt);
        o.put("max_attempts", maxAttempts);
        putSeconds(o, "delay_s", delay);
        o.set("error", error(error).get("error"));
        return o;
    }

    /**
     * The {@code chat --stream --json} line announcing a move to the next provider of the fallback chain:
     * {@code {"type": "fallback", "from", "to", "error": {...}}}, {@code error} being why {@code from} was given
     * up.
     */
    public static ObjectNode fallbackEvent(String fromProvider, String toProvider, LlmException error) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "fallback");
        o.put("from", fromProvider);
        o.put("to", toProvider);
        o.set("error", error(error).get("error"));
        return o;
    }

    /**
     * {@code {"error": {"type": "UsageError", "message": ...}}}: the command line was wrong (unknown flag, bad
     * value), nothing was sent.
     */
    public static ObjectNode usageError(String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.putObject("error").put("type", "UsageError").put("message", message);
        return root;
    }

    /**
     * Parses a conversation in OpenAI chat format.
     *
     * @throws IllegalArgumentException naming the message index and what is wrong
     */
    public static List<Message> messages(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of messages like [{\"role\":\"user\","
                    + "\"content\":\"hi\"}]");
        }
        List<Message> out = new ArrayList<>();
        int i = 0;
        for (JsonNode m : array) {
            try {
                out.add(message(m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("message " + i + ": " + e.getMessage(), e);
            }
            i++;
        }
        return out;
    }

    public static Message message(JsonNode m) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("expected an object with role and content");
        }
        String wireRole = m.path("role").asText(null);
        Role role = "developer".equals(wireRole) ? Role.SYSTEM : Role.fromWire(wireRole); // OpenAI's newer name
        String content = null;
        List<ContentPart> parts = new ArrayList<>();
        JsonNode c = m.get("content");
        if (c != null && c.isTextual()) {
            content = c.asText();
        } else if (c != null && c.isArray()) {
            for (JsonNode p : c) {
                String type = p.path("type").asText();
                switch (type) {
                    case "text", "input_text" -> parts.add(new ContentPart.Text(p.path("text").asText()));
                    case "refusal" -> parts.add(new ContentPart.Text(p.path("refusal").asText()));
                    case "image_url" -> {
                        JsonNode url = p.get("image_url");
                        parts.add(ContentPart.Image.ofUrl(url.isTextual() ? url.asText() : url.path("url").asText()));
                    }
                    default -> throw new IllegalArgumentException("unsupported content part type '" + type + "'");
                }
            }
        } else if (c != null && !c.isNull()) {
            throw new IllegalArgumentException("content must be a string or an array of parts");
        }
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode tc : m.path("tool_calls")) {
            JsonNode fn = tc.path("function");
            JsonNode args = fn.get("arguments");
            String a = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
            String sig = tc.path("thought_signature").asText(null);
            calls.add(new ToolCall(tc.path("id").asText(null), fn.path("name").asText(), a, sig));
        }
        String reasoning = m.hasNonNull("reasoning_content") ? m.get("reasoning_content").asText()
                : m.hasNonNull("reasoning") ? m.get("reasoning").asText() : null;
        if (role == Role.TOOL && !m.hasNonNull("tool_call_id")) {
            throw new IllegalArgumentException("a tool message needs tool_call_id");
        }
        return new Message(role, content, parts, calls, m.path("tool_call_id").asText(null),
                m.path("name").asText(null), reasoning);
    }

    public static ArrayNode messagesJson(List<Message> messages) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Message m : messages) {
            a.add(messageJson(m));
        }
        return a;
    }

    public static ObjectNode messageJson(Message m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("role", m.role().wireName());
        if (!m.parts().isEmpty()) {
            ArrayNode parts = o.putArray("content");
            for (ContentPart p : m.parts()) {
                if (p instanceof ContentPart.Text t) {
                    parts.addObject().put("type", "text").put("text", t.text());
                } else if (p instanceof ContentPart.Image img) {
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", img.asUrl());
                }
            }
        } else {
            o.put("content", m.content());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = o.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
                ObjectNode co = calls.addObject();
                co.put("id", c.id());
                co.put("type", "function");
                co.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                if (c.thoughtSignature() != null) {
                    co.put("thought_signature", c.thoughtSignature());
                }
            }
        }
        if (m.toolCallId() != null) {
            o.put("tool_call_id", m.toolCallId());
        }
        if (m.name() != null) {
            o.put("name", m.name());
        }
        if (m.reasoning() != null) {
            o.put("reasoning_content", m.reasoning());
        }
        return o;
    }

    /**
     * Parses tools in OpenAI format ({@code [{"type":"function","function":{name, description, parameters}}]});
     * bare {@code {name, description, parameters}} objects are accepted too.
     *
     * @throws IllegalArgumentException naming the tool index and what is wrong
     */
    public static List<Tool> tools(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of tools like [{\"type\":\"function\","
                    + "\"function\":{\"name\":\"weather\",\"parameters\":{...}}}]");
        }
        List<Tool> out = new ArrayList<>();
        int i = 0;
        for (JsonNode t : array) {
            JsonNode fn = t.has("function") ? t.get("function") : t;
            String name = fn.path("name").asText("");
            if (name.isBlank()) {
                throw new IllegalArgumentException("tool " + i + ": missing function.name");
            }
            JsonNode params = fn.get("parameters");
            if (params != null && !params.isObject()) {
                throw new IllegalArgumentException("tool " + i + " (" + name + "): parameters must be a JSON Schema "
                        + "object");
            }
            out.add(new Tool(name, fn.path("description").asText(null), params == null
                    ? Json.MAPPER.createObjectNode().put("type", "object") : params));
            i++;
        }
        return out;
    }

    public static ArrayNode toolsJson(List<Tool> tools) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Tool t : tools) {
            ObjectNode fn = a.addObject().put("type", "function").putObject("function");
            fn.put("name", t.name());
            if (t.description() != null) {
                fn.put("description", t.description());
            }
            fn.set("parameters", t.parameters());
        }
        return a;
    }
}
