package dev.spoon.llm.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.json.Json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Gemini {@code generateContent} request body into the neutral {@link ChatRequest}: the one reader of
 * that format (replay of a logged request; a Gemini-format front later), the inverse of what
 * {@link GeminiProvider} writes with {@link GeminiWire}.
 *
 * <ul>
 *   <li>the model comes from the URL ({@code …/models/MODEL:generateContent} or {@code :streamGenerateContent},
 *   which is also how a request asks to stream, {@link #stream});</li>
 *   <li>{@code systemInstruction} parts become system messages; {@code contents} with roles {@code user} and
 *   {@code model}: {@code text} parts (a {@code thought} part is the turn's reasoning),
 *   {@code inlineData}/{@code fileData} images, {@code functionCall} parts (tool calls, with their
 *   {@code thoughtSignature}) and {@code functionResponse} parts (tool messages, in order, before the turn's
 *   other content; a response {@code {"result": X}} is X, as {@link GeminiWire#responseObject} wraps it);</li>
 *   <li>Gemini's wire carries no call ids: a call without one is numbered {@code call_1}, {@code call_2}… in
 *   order, and a response gets the id of the earliest unanswered call of its name;</li>
 *   <li>{@code tools} ({@code functionDeclarations}) and {@code toolConfig} become the neutral tools and
 *   choice; {@code generationConfig}'s {@code maxOutputTokens} and {@code temperature} become request fields.</li>
 * </ul>
 *
 * <p>A {@code generationConfig} with other settings ({@code thinkingConfig}, {@code topP},
 * {@code responseSchema}…) is kept whole, and every other field ({@code safetySettings}…) unchanged, in
 * {@link ChatRequest#extra()}.
 */
public final class GeminiRequestParser {
    private static final Set<String> READ = Set.of("contents", "systemInstruction", "system_instruction",
            "generationConfig", "tools", "toolConfig");
    private static final Set<String> GENERATION_READ = Set.of("maxOutputTokens", "temperature");
    private static final Pattern URL = Pattern.compile("/models/([^/:?]+):(stream)?[gG]enerateContent");

    private GeminiRequestParser() {
    }

    /**
     * The request {@code body}, sent to {@code url}, asks for.
     *
     * @param url the request URL, or null (then the request names no model)
     * @throws IllegalArgumentException naming the field (and content or part index) that is wrong
     */
    public static ChatRequest parse(JsonNode body, String url) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object with contents");
        }
        JsonNode n = body;
        JsonNode contents = n.get("contents");
        if (contents == null || !contents.isArray()) {
            throw new IllegalArgumentException("the body has no \"contents\" array (a Gemini generateContent request "
                    + "has {\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"…\"}]}]})");
        }
        JsonNode sys = n.has("systemInstruction") ? n.get("systemInstruction") : n.get("system_instruction");
        List<Message> out = new ArrayList<>(system(sys));
        Calls calls = new Calls();
        for (int i = 0; i < contents.size(); i++) {
            content(contents.get(i), "contents." + i, calls, out);
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(out);
        if (url != null) {
            Matcher m = URL.matcher(url);
            if (m.find()) {
                b.model(m.group(1));
            }
        }
        JsonNode gen = n.get("generationConfig");
        if (gen != null && !gen.isNull()) {
            if (!gen.isObject()) {
                throw new IllegalArgumentException("generationConfig: expected an object, found " + gen);
            }
            if (gen.hasNonNull("maxOutputTokens")) {
                b.maxTokens(wholeNumber(gen.get("maxOutputTokens"), "generationConfig.maxOutputTokens"));
            }
            if (gen.hasNonNull("temperature")) {
                b.temperature(number(gen.get("temperature"), "generationConfig.temperature"));
            }
            boolean others = false;
            for (Map.Entry<String, JsonNode> e : gen.properties()) {
                others |= !GENERATION_READ.contains(e.getKey());
            }
            if (others) {
                b.extra("generationConfig", gen); // thinking, topP, responseSchema…: sent as they were
            }
        }
        if (n.hasNonNull("tools")) {
            b.tools(tools(n.get("tools")));
        }
        if (n.hasNonNull("toolConfig")) {
            b.toolChoice(toolChoice(n.get("toolConfig")));
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!READ.contains(e.getKey())) {
                b.extra(e.getKey(), e.getValue());
            }
        }
        ChatRequest r = b.build();
        if (r.messages().stream().noneMatch(m -> m.role() != Role.SYSTEM)) {
            throw new IllegalArgumentException("contents: expected at least one user or model turn");
        }
        return r;
    }

    /** Whether a request to {@code url} streams ({@code :streamGenerateContent}); false for null. */
    public static boolean stream(String url) {
        if (url == null) {
            return false;
        }
        Matcher m = URL.matcher(url);
        return m.find() && m.group(2) != null;
    }

    private static int wholeNumber(JsonNode v, String field) {
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException(field + ": expected a positive whole number, found " + v);
        }
        return v.asInt();
    }

    private static double number(JsonNode v, String field) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + ": expected a number, found " + v);
        }
        return v.asDouble();
    }

    /** The calls seen so far, to give responses the id of the call they answer. */
    private static final class Calls {
        private int count;
        private final Map<String, Deque<String>> unanswered = new HashMap<>();

        String add(String id, String name) {
            String callId = id != null && !id.isBlank() ? id : "call_" + (count + 1);
            count++;
            unanswered.computeIfAbsent(name, k -> new ArrayDeque<>()).add(callId);
            return callId;
        }

        String answer(String id, String name) {
            Deque<String> open = unanswered.get(name);
            if (id != null && !id.isBlank()) {
                if (open != null) {
                    open.remove(id);
                }
                return id;
            }
            return open == null || open.isEmpty() ? name : open.poll();
        }
    }

    private static List<Message> system(JsonNode sys) {
        if (sys == null || sys.isNull()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>();
        JsonNode parts = sys.path("parts");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            if (!p.has("text")) {
                throw new IllegalArgumentException("systemInstruction.parts." + i + ": expected a text part");
            }
            out.add(Message.system(p.get("text").asText()));
        }
        return out;
    }

    private static void content(JsonNode c, String at, Calls calls, List<Message> out) {
        String role = c.path("role").asText("user");
        JsonNode parts = c.get("parts");
        if (!role.equals("user") && !role.equals("model")) {
            throw new IllegalArgumentException(at + ": role must be \"user\" or \"model\", found \"" + role + "\"");
        }
        if (parts == null || !parts.isArray()) {
            throw new IllegalArgumentException(at + ".parts: expected an array of parts");
        }
        if (role.equals("model")) {
            out.add(model(parts, at, calls));
            return;
        }
        List<ContentPart> user = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            String where = at + ".parts." + i;
            if (p.has("text")) {
                user.add(new ContentPart.Text(p.get("text").asText()));
            } else if (p.has("inlineData")) {
                user.add(ContentPart.Image.ofBase64(p.at("/inlineData/mimeType").asText(),
                        p.at("/inlineData/data").asText()));
            } else if (p.has("fileData")) {
                user.add(ContentPart.Image.ofUrl(p.at("/fileData/fileUri").asText()));
            } else if (p.has("functionResponse")) {
                flushUser(user, out);
                JsonNode fr = p.get("functionResponse");
                String name = fr.path("name").asText("");
                if (name.isBlank()) {
                    throw new IllegalArgumentException(where + ": a functionResponse needs a name");
                }
                out.add(Message.tool(calls.answer(fr.path("id").asText(null), name), name, resultText(fr.get("response"))));
            } else {
                throw unsupported(p, where);
            }
        }
        flushUser(user, out);
    }

    private static void flushUser(List<ContentPart> parts, List<Message> out) {
        if (parts.isEmpty()) {
            return;
        }
        if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text t) {
            out.add(Message.user(t.text()));
        } else {
            out.add(Message.user(List.copyOf(parts)));
        }
        parts.clear();
    }

    private static Message model(JsonNode parts, String at, Calls calls) {
        StringBuilder text = new StringBuilder();
        StringBuilder thought = new StringBuilder();
        List<ToolCall> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            if (p.has("functionCall")) {
                JsonNode fc = p.get("functionCall");
                String name = fc.path("name").asText("");
                if (name.isBlank()) {
                    throw new IllegalArgumentException(at + ".parts[" + i + "]: a functionCall needs a name");
                }
                JsonNode args = fc.get("args");
                out.add(new ToolCall(calls.add(fc.path("id").asText(null), name), name,
                        args == null || args.isNull() ? "{}" : args.toString(), p.path("thoughtSignature").asText(null)));
            } else if (p.has("text")) {
                (p.path("thought").asBoolean(false) ? thought : text).append(p.get("text").asText());
            } else {
                throw unsupported(p, at + ".parts." + i);
            }
        }
        return new Message(Role.ASSISTANT, text.isEmpty() ? null : text.toString(), null, out, null, null,
                thought.isEmpty() ? null : thought.toString());
    }

    /** A function response as text: {@code {"result": X}} is X (as {@link GeminiWire#responseObject} wraps it). */
    private static String resultText(JsonNode response) {
        if (response == null || response.isNull()) {
            return "";
        }
        if (response.isObject() && response.size() == 1 && response.has("result")) {
            JsonNode r = response.get("result");
            return r.isTextual() ? r.asText() : r.toString();
        }
        return response.isTextual() ? response.asText() : response.toString();
    }

    private static List<Tool> tools(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("tools: expected an array");
        }
        List<Tool> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode decls = array.get(i).get("functionDeclarations");
            if (decls == null || !decls.isArray()) {
                throw new IllegalArgumentException("tools." + i + ": only functionDeclarations are supported, found "
                        + array.get(i).fieldNames().next());
            }
            for (int j = 0; j < decls.size(); j++) {
                JsonNode d = decls.get(j);
                String name = d.path("name").asText("");
                if (name.isBlank()) {
                    throw new IllegalArgumentException("tools." + i + ".functionDeclarations." + j + ": missing name");
                }
                JsonNode params = d.get("parameters");
                out.add(new Tool(name, d.path("description").asText(null), params == null || params.isNull()
                        ? Json.MAPPER.createObjectNode().put("type", "object") : params));
            }
        }
        return out;
    }

    private static ToolChoice toolChoice(JsonNode config) {
        JsonNode f = config.path("functionCallingConfig");
        String mode = f.path("mode").asText("AUTO");
        JsonNode allowed = f.path("allowedFunctionNames");
        return switch (mode) {
            case "AUTO", "MODE_UNSPECIFIED" -> ToolChoice.AUTO;
            case "NONE" -> ToolChoice.NONE;
            case "ANY", "VALIDATED" -> allowed.isArray() && allowed.size() == 1
                    ? new ToolChoice(ToolChoice.Mode.NAMED, allowed.get(0).asText()) : ToolChoice.REQUIRED;
            default -> throw new IllegalArgumentException("toolConfig.functionCallingConfig.mode: expected AUTO, ANY "
                    + "or NONE, found " + mode);
        };
    }

    private static IllegalArgumentException unsupported(JsonNode part, String at) {
        String kind = part.fieldNames().hasNext() ? part.fieldNames().next() : "empty part";
        return new IllegalArgumentException(at + ": unsupported part '" + kind + "'");
    }
}
