package dev.spoon.llm.providers.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.llm.Role;
import dev.spoon.llm.Tool;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.ToolChoice;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gemini's {@code generateContent} wire format: request records and the translation of neutral
 * conversations (system prompt as {@code systemInstruction}, roles {@code user}/{@code model}, tool calls as
 * {@code functionCall} parts with their {@code thoughtSignature}, tool results as {@code functionResponse}
 * parts matched to their call by name, images as {@code inlineData}/{@code fileData}), and the response,
 * error and model-list records.
 */
final class GeminiWire {
    private GeminiWire() {
    }

    static final ObjectReader RESPONSE = Json.MAPPER.readerFor(GenerateResponse.class);
    static final ObjectReader MODELS = Json.MAPPER.readerFor(ModelList.class);

    /** JSON Schema keywords Gemini's OpenAPI-subset {@code parameters} rejects. */
    private static final Set<String> UNSUPPORTED_SCHEMA_KEYS = Set.of("$schema", "$id", "additionalProperties",
            "strict", "$comment");

    // ------------------------------------------------------------------ request

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GenerateBody(List<Content> contents, Content systemInstruction, GenerationConfig generationConfig,
                        List<ToolDecl> tools, ToolConfig toolConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Content(String role, List<Part> parts) {
    }

    /** A part: text (a thought when {@code thought}), inline data, file data, function call or response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Part(String text, Boolean thought, InlineData inlineData, FileData fileData, FunctionCall functionCall,
                FunctionResponse functionResponse, String thoughtSignature) {
        static Part text(String t) {
            return new Part(t, null, null, null, null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InlineData(String mimeType, String data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FileData(String mimeType, String fileUri) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FunctionCall(String id, String name, JsonNode args) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FunctionResponse(String name, JsonNode response) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GenerationConfig(Integer maxOutputTokens, Double temperature, ThinkingConfig thinkingConfig,
                            String responseMimeType, JsonNode responseSchema) {
        boolean nothingSet() {
            return maxOutputTokens == null && temperature == null && thinkingConfig == null && responseMimeType == null;
        }
    }

    /** {@code thinkingBudget} (Gemini 2.5) or {@code thinkingLevel} (Gemini 3), and whether to send thoughts back. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ThinkingConfig(Integer thinkingBudget, String thinkingLevel, Boolean includeThoughts) {
    }

    /**
     * The thinking settings for a reasoning effort: Gemini 3 models take a level ({@code low} or {@code high} on
     * Pro; Flash also {@code minimal} and {@code medium}), earlier ones a budget (minimal 512 tokens, the least
     * every 2.5 model accepts; low 1,024; medium 8,192; high 24,576, the most 2.5 Flash accepts).
     */
    static ThinkingConfig thinking(ReasoningEffort effort, String model) {
        String m = model.startsWith("models/") ? model.substring(7) : model;
        if (m.startsWith("gemini-3")) {
            boolean pro = m.contains("pro");
            String level = switch (effort) {
                case MINIMAL -> pro ? "low" : "minimal";
                case LOW -> "low";
                case MEDIUM -> pro ? "high" : "medium";
                case HIGH -> "high";
            };
            return new ThinkingConfig(null, level, Boolean.TRUE);
        }
        int budget = switch (effort) {
            case MINIMAL -> 512;
            case LOW -> 1024;
            case MEDIUM -> 8192;
            case HIGH -> 24576;
        };
        return new ThinkingConfig(budget, null, Boolean.TRUE);
    }

    /** The {@code responseSchema} for a JSON Schema format (cleaned as tool parameters are), else null. */
    static JsonNode responseSchema(ResponseFormat f) {
        return f instanceof ResponseFormat.JsonSchema s ? schema(s.schema()) : null;
    }

    record ToolDecl(List<FunctionDeclaration> functionDeclarations) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionDeclaration(String name, String description, JsonNode parameters) {
    }

    record ToolConfig(FunctionCallingConfig functionCallingConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {
    }

    /** The system messages as a {@code systemInstruction}, or null. */
    static Content systemInstruction(List<Message> messages) {
        List<Part> parts = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM && !m.text().isBlank()) {
                parts.add(Part.text(m.text()));
            }
        }
        return parts.isEmpty() ? null : new Content(null, parts);
    }

    /**
     * The non-system turns as {@code contents}. Tool results become {@code functionResponse} parts in a user
     * turn, named after the call they answer (Gemini matches responses to calls by name); consecutive turns of
     * the same role are merged, so the responses to parallel calls share one turn.
     */
    static List<Content> contents(List<Message> messages) {
        Map<String, String> callNames = new HashMap<>();
        List<Content> out = new ArrayList<>();
        for (Message m : messages) {
            String role;
            List<Part> parts = new ArrayList<>();
            switch (m.role()) {
                case SYSTEM -> {
                    continue;
                }
                case USER -> {
                    role = "user";
                    userParts(m, parts);
                }
                case ASSISTANT -> {
                    role = "model";
                    if (!m.text().isEmpty()) {
                        parts.add(Part.text(m.text()));
                    }
                    for (ToolCall c : m.toolCalls()) {
                        if (c.id() != null) {
                            callNames.put(c.id(), c.name());
                        }
                        JsonNode args = Json.tryParse(c.arguments());
                        parts.add(new Part(null, null, null, null, new FunctionCall(null, c.name(),
                                args != null && args.isObject() ? args : Json.MAPPER.createObjectNode()), null,
                                geminiSignature(c)));
                    }
                }
                case TOOL -> {
                    role = "user";
                    String name = m.toolCallId() != null ? callNames.get(m.toolCallId()) : null;
                    if (name == null) {
                        name = m.name() != null ? m.name() : m.toolCallId();
                    }
                    parts.add(new Part(null, null, null, null, null, new FunctionResponse(name,
                            responseObject(m.text())), null));
                }
                default -> throw new IllegalStateException("unknown role " + m.role());
            }
            if (parts.isEmpty()) {
                continue;
            }
            Content last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role().equals(role)) {
                last.parts().addAll(parts);
            } else {
                out.add(new Content(role, parts));
            }
        }
        return out;
    }

    /** A tool result as the object {@code functionResponse.response} must be: itself, or {@code {"result": …}}. */
    static JsonNode responseObject(String text) {
        JsonNode parsed = Json.tryParse(text);
        if (parsed != null && parsed.isObject()) {
            return parsed;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (parsed != null && !parsed.isTextual()) {
            o.set("result", parsed);
        } else {
            o.put("result", text);
        }
        return o;
    }

    private static void userParts(Message m, List<Part> parts) {
        if (m.parts().isEmpty()) {
            if (!m.text().isEmpty()) {
                parts.add(Part.text(m.text()));
            }
            return;
        }
        for (ContentPart p : m.parts()) {
            if (p instanceof ContentPart.Text t && !t.text().isEmpty()) {
                parts.add(Part.text(t.text()));
            } else if (p instanceof ContentPart.Image img) {
                parts.add(img.base64Data() != null
                        ? new Part(null, null, new InlineData(img.mediaType(), img.base64Data()), null, null, null, null)
                        : new Part(null, null, null, new FileData(guessMime(img.url()), img.url()), null, null, null));
            }
        }
    }

    private static String guessMime(String url) {
        String u = url.toLowerCase(java.util.Locale.ROOT);
        if (u.endsWith(".png")) {
            return "image/png";
        }
        if (u.endsWith(".webp")) {
            return "image/webp";
        }
        if (u.endsWith(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }

    static List<ToolDecl> tools(List<Tool> tools) {
        if (tools.isEmpty()) {
            return null;
        }
        List<FunctionDeclaration> decls = new ArrayList<>();
        for (Tool t : tools) {
            decls.add(new FunctionDeclaration(t.name(), t.description(),
                    t.parameters() == null ? null : schema(t.parameters())));
        }
        return List.of(new ToolDecl(decls));
    }

    /** A copy of a JSON Schema without the keywords Gemini rejects. */
    static JsonNode schema(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            node.properties().forEach(e -> {
                if (!UNSUPPORTED_SCHEMA_KEYS.contains(e.getKey())) {
                    o.set(e.getKey(), e.getKey().equals("properties") ? properties(e.getValue()) : schema(e.getValue()));
                }
            });
            return o;
        }
        if (node.isArray()) {
            var a = Json.MAPPER.createArrayNode();
            node.forEach(n -> a.add(schema(n)));
            return a;
        }
        return node;
    }

    /** Property names are names, not keywords: keep them all, clean their schemas. */
    private static JsonNode properties(JsonNode props) {
        if (!props.isObject()) {
            return props;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        props.properties().forEach(e -> o.set(e.getKey(), schema(e.getValue())));
        return o;
    }

    static ToolConfig toolConfig(ToolChoice c) {
        if (c == null) {
            return null;
        }
        return new ToolConfig(switch (c.mode()) {
            case AUTO -> new FunctionCallingConfig("AUTO", null);
            case NONE -> new FunctionCallingConfig("NONE", null);
            case REQUIRED -> new FunctionCallingConfig("ANY", null);
            case NAMED -> new FunctionCallingConfig("ANY", List.of(c.toolName()));
        });
    }

    // ------------------------------------------------------------------ response, errors, models

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GenerateResponse(List<Candidate> candidates, UsageMetadata usageMetadata, String modelVersion,
                            String responseId, PromptFeedback promptFeedback, JsonNode error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Candidate(Content content, String finishReason, Integer index, String finishMessage) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UsageMetadata(Integer promptTokenCount, Integer candidatesTokenCount, Integer totalTokenCount,
                         Integer thoughtsTokenCount, Integer cachedContentTokenCount) {
        /** Completion tokens include thinking tokens, so prompt + completion = total. */
        Usage toUsage() {
            int p = promptTokenCount == null ? 0 : promptTokenCount;
            int thoughts = thoughtsTokenCount == null ? 0 : thoughtsTokenCount;
            int c = (candidatesTokenCount == null ? 0 : candidatesTokenCount) + thoughts;
            int t = totalTokenCount == null ? p + c : totalTokenCount;
            return new Usage(p, c, t, cachedContentTokenCount, null, thoughtsTokenCount);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PromptFeedback(String blockReason) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(List<ModelEntry> models, String nextPageToken) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelEntry(String name, List<String> supportedGenerationMethods) {
    }

    /**
     * The call's Gemini thought signature, or null when it carries none or another provider's (an Anthropic
     * thinking signature, prefixed {@code anthropic:}, from a conversation replayed here): Gemini rejects
     * signatures it did not make.
     */
    static String geminiSignature(ToolCall c) {
        String s = c.thoughtSignature();
        return s == null || s.startsWith("anthropic:") ? null : s;
    }
}
