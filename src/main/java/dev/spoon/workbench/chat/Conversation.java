package dev.spoon.workbench.chat;

import dev.spoon.llm.io.SecureFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.LlmJson;
import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.Usage;
import dev.spoon.llm.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A saved conversation. On disk it is one JSON object: the messages in OpenAI chat format
 * ({@link LlmJson#messageJson}), a parallel {@code metadata} array (provider, model, TTFT, tokens/s, usage,
 * cost, status, error per message; null for user turns) and the chat settings. An answer that failed or was
 * stopped before any text or tool call is not a message (an empty assistant message would be sent again by
 * whoever reads the file): it is kept, with its error, as {@code unanswered} in the metadata of the question
 * it answered. {@link #toMarkdown()} gives a readable export. Pure data and I/O; no UI.
 */
public record Conversation(String title, Instant created, String system, String provider, String model,
                           Double temperature, Integer maxTokens, List<ChatTurn> turns) {

    static final String FORMAT = "spoon-conversation/1";

    /** Writes this conversation to {@code file} atomically. */
    public void write(Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("title", title);
        root.put("created", created.toString());
        root.put("provider", provider);
        root.put("model", model);
        if (temperature != null) {
            root.put("temperature", temperature);
        }
        if (maxTokens != null) {
            root.put("max_tokens", maxTokens);
        }
        ArrayNode messages = root.putArray("messages");
        ArrayNode meta = root.putArray("metadata");
        if (system != null && !system.isBlank()) {
            messages.add(LlmJson.messageJson(Message.system(system)));
            meta.addNull();
        }
        for (ChatTurn t : turns) {
            if (t.role() == ChatTurn.Role.USER) {
                messages.add(LlmJson.messageJson(Message.user(t.content())));
                meta.addNull();
                continue;
            }
            if (!t.hasAnswer()) {
                int question = meta.size() - 1;
                if (question >= 0 && meta.get(question).isNull()) {
                    ObjectNode holder = Json.MAPPER.createObjectNode();
                    figures(t, holder.putObject("unanswered"));
                    meta.set(question, holder);
                }
                continue;
            }
            ObjectNode m = LlmJson.messageJson(Message.assistant(t.content(), t.toolCalls()));
            if (!t.reasoning().isEmpty()) {
                m.put("reasoning", t.reasoning());
            }
            messages.add(m);
            figures(t, meta.addObject());
        }
        SecureFiles.writeAtomically(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** An answer's provider, model, status, figures, error (and reasoning, when it is not a message). */
    private static void figures(ChatTurn t, ObjectNode md) {
        md.put("provider", t.provider());
        md.put("model", t.model());
        md.put("status", t.status().name().toLowerCase(Locale.ROOT));
        if (t.ttftMs() != null) {
            md.put("ttft_ms", t.ttftMs());
        }
        md.put("tokens_per_s", Math.round(t.tokensPerSecond() * 10) / 10.0);
        md.put("duration_ms", t.durationMs());
        md.set("usage", LlmJson.usage(t.usage()));
        if (t.cost() != null) {
            md.put("cost_usd", t.cost());
        }
        if (t.errorMessage() != null) {
            ObjectNode err = md.putObject("error");
            err.put("type", t.errorType());
            err.put("message", t.errorMessage());
            err.put("hint", t.errorHint());
        }
        if (!t.hasAnswer() && !t.reasoning().isEmpty()) {
            md.put("reasoning", t.reasoning());
        }
        if (!t.noticeEvents().isEmpty()) {
            t.noticeEvents().forEach(md.putArray("retries_and_fallbacks")::add);
        }
    }

    /**
     * Reads a conversation written by {@link #write}, or a plain OpenAI-format message array.
     *
     * @throws IOException when the file cannot be read or is not such JSON (the message says what is wrong)
     */
    public static Conversation read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file.getFileName() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode messagesNode = root.isArray() ? root : root.path("messages");
        if (!messagesNode.isArray()) {
            throw new IOException(file.getFileName() + " has no \"messages\" array; expected a conversation"
                    + " saved by Spoon Workbench or an OpenAI-format message list");
        }
        List<Message> messages;
        try {
            messages = LlmJson.messages(messagesNode);
        } catch (RuntimeException e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
        }
        JsonNode meta = root.path("metadata");
        String system = null;
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() == Role.SYSTEM) {
                system = m.text();
            } else if (m.role() == Role.USER) {
                turns.add(ChatTurn.user(m.text()));
                JsonNode unanswered = meta.path(i).path("unanswered");
                if (unanswered.isObject()) {
                    ChatTurn t = ChatTurn.answer("", text(unanswered, "reasoning"), null);
                    restore(t, unanswered);
                    turns.add(t);
                }
            } else if (m.role() == Role.ASSISTANT) {
                String reasoning = messagesNode.get(i).path("reasoning").isTextual()
                        ? messagesNode.get(i).get("reasoning").asText() : m.reasoning();
                ChatTurn t = ChatTurn.answer(m.text(), reasoning == null || reasoning.isEmpty() ? null : reasoning,
                        m.toolCalls());
                restore(t, meta.path(i));
                turns.add(t);
            }
        }
        String title = text(root, "title");
        Instant created = Instant.now();
        try {
            if (text(root, "created") != null) {
                created = Instant.parse(text(root, "created"));
            }
        } catch (RuntimeException ignored) {
            // keep "now"
        }
        return new Conversation(title == null ? file.getFileName().toString() : title, created, system,
                text(root, "provider"), text(root, "model"),
                root.has("temperature") ? root.get("temperature").asDouble() : null,
                root.has("max_tokens") ? root.get("max_tokens").asInt() : null, turns);
    }

    /** Puts the saved figures and error of an answer back on {@code t}. */
    private static void restore(ChatTurn t, JsonNode md) {
        if (!md.isObject()) {
            return;
        }
        Usage usage = LlmJson.parseUsage(md.path("usage"));
        t.setMeta(text(md, "provider"), text(md, "model"), md.has("ttft_ms") ? md.get("ttft_ms").asLong() : null,
                md.path("tokens_per_s").asDouble(), usage, md.has("cost_usd") ? md.get("cost_usd").asDouble() : null);
        List<String> notices = new ArrayList<>();
        md.path("retries_and_fallbacks").forEach(n -> notices.add(n.asText()));
        if (!notices.isEmpty()) {
            t.setNoticeEvents(notices);
            t.setNotice(notices.get(notices.size() - 1));
        }
        JsonNode err = md.path("error");
        if (err.isObject()) {
            t.fail(ChatTurn.Status.FAILED, text(err, "type"), text(err, "message"), text(err, "hint"));
        } else if ("cancelled".equals(text(md, "status"))) {
            t.fail(ChatTurn.Status.CANCELLED, null, null, null);
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A readable Markdown document of the conversation, with each answer's figures. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        if (system != null && !system.isBlank()) {
            sb.append("**System:** ").append(system).append("\n\n");
        }
        for (ChatTurn t : turns) {
            if (t.role() == ChatTurn.Role.USER) {
                sb.append("## You\n\n").append(t.content()).append("\n\n");
                continue;
            }
            sb.append("## Assistant (").append(t.provider()).append(t.model() == null ? "" : " \u00B7 " + t.model())
                    .append(")\n\n");
            if (!t.reasoning().isEmpty()) {
                sb.append("<details><summary>Reasoning</summary>\n\n").append(t.reasoning())
                        .append("\n\n</details>\n\n");
            }
            sb.append(t.content()).append("\n\n");
            for (ToolCall c : t.toolCalls()) {
                sb.append("> **Tool call** `").append(c.name()).append("`: `").append(c.arguments()).append("`\n\n");
            }
            if (t.errorMessage() != null) {
                sb.append("> **").append(t.errorType()).append(":** ").append(t.errorMessage()).append("\n\n");
            }
            sb.append('*').append(ChatFigures.describe(t)).append("*\n\n");
        }
        return sb.toString();
    }
}
