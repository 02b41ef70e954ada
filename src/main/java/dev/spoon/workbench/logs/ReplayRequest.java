package dev.spoon.workbench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.openai.ResponsesRequestParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a logged request body back into a provider-neutral {@link ChatRequest}, so it can be resent to the
 * same or another provider. Reads the wire shapes the providers send: OpenAI chat completions
 * ({@code messages}, {@code tools}, also the simulator's), OpenAI Responses ({@code instructions} +
 * {@code input}, by {@link ResponsesRequestParser}), Anthropic Messages ({@code system} + text
 * {@code messages}) and Gemini ({@code contents} + {@code systemInstruction}, text parts).
 */
final class ReplayRequest {
    private ReplayRequest() {
    }

    /**
     * @throws IllegalArgumentException saying what in the body cannot be read
     */
    static ChatRequest parse(String body) {
        JsonNode n = Json.tryParse(body);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the request body is not a JSON object");
        }
        if (ResponsesRequestParser.accepts(n)) {
            return nonEmpty(ResponsesRequestParser.parse(n));
        }
        ChatRequest.Builder b = ChatRequest.builder();
        if (n.has("contents")) {
            b.messages(gemini(n));
            JsonNode gc = n.path("generationConfig");
            if (gc.has("maxOutputTokens")) {
                b.maxTokens(gc.get("maxOutputTokens").asInt());
            }
            if (gc.has("temperature")) {
                b.temperature(gc.get("temperature").asDouble());
            }
        } else if (n.has("messages")) {
            b.messages(n.has("system") || n.has("anthropic_version") || hasBlocks(n.get("messages"))
                    ? anthropic(n) : LlmJson.messages(n.get("messages")));
            if (n.has("tools") && n.get("tools").isArray() && n.get("tools").size() > 0
                    && n.get("tools").get(0).has("function")) {
                b.tools(LlmJson.tools(n.get("tools")));
            }
            if (n.hasNonNull("max_tokens")) {
                b.maxTokens(n.get("max_tokens").asInt());
            } else if (n.hasNonNull("max_completion_tokens")) {
                b.maxTokens(n.get("max_completion_tokens").asInt());
            }
            if (n.hasNonNull("temperature")) {
                b.temperature(n.get("temperature").asDouble());
            }
            if (n.hasNonNull("model")) {
                b.model(n.get("model").asText());
            }
        } else {
            throw new IllegalArgumentException("the body has neither \"messages\" (OpenAI, Anthropic), \"input\" "
                    + "(OpenAI Responses) nor \"contents\" (Gemini)");
        }
        return nonEmpty(b.build());
    }

    private static ChatRequest nonEmpty(ChatRequest r) {
        if (r.messages().isEmpty()) {
            throw new IllegalArgumentException("the request has no messages");
        }
        return r;
    }

    /** Whether the body streams ({@code "stream": true}); Gemini's stream flag is in the URL, not the body. */
    static boolean streams(String body) {
        JsonNode n = Json.tryParse(body);
        return n != null && n.path("stream").asBoolean(false);
    }

    private static boolean hasBlocks(JsonNode messages) {
        for (JsonNode m : messages) {
            if (m.path("content").isArray()) {
                for (JsonNode p : m.get("content")) {
                    String t = p.path("type").asText();
                    if (t.equals("tool_use") || t.equals("tool_result")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<Message> anthropic(JsonNode n) {
        List<Message> out = new ArrayList<>();
        JsonNode sys = n.get("system");
        if (sys != null && sys.isTextual()) {
            out.add(Message.system(sys.asText()));
        } else if (sys != null && sys.isArray()) {
            out.add(Message.system(texts(sys)));
        }
        for (JsonNode m : n.get("messages")) {
            Role role = Role.fromWire(m.path("role").asText());
            JsonNode c = m.get("content");
            out.add(new Message(role, c != null && c.isTextual() ? c.asText() : texts(c), null, null, null, null,
                    null));
        }
        return out;
    }

    private static List<Message> gemini(JsonNode n) {
        List<Message> out = new ArrayList<>();
        JsonNode sys = n.path("systemInstruction").path("parts");
        if (sys.isArray() && sys.size() > 0) {
            out.add(Message.system(texts(sys)));
        }
        for (JsonNode c : n.get("contents")) {
            String role = c.path("role").asText("user");
            out.add(role.equals("model") ? Message.assistant(texts(c.path("parts"))) : Message.user(texts(
                    c.path("parts"))));
        }
        return out;
    }

    private static String texts(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        if (parts != null) {
            for (JsonNode p : parts) {
                if (p.has("text")) {
                    sb.append(p.get("text").asText());
                }
            }
        }
        return sb.toString();
    }
}
