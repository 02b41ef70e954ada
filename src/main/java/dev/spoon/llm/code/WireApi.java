package dev.spoon.llm.code;

import java.net.URI;
import java.util.Locale;

/** Which wire API a request speaks, read off its URL: what decides the SDK and call a snippet uses. */
public enum WireApi {
    /** {@code POST …/chat/completions}: OpenAI and every OpenAI-compatible server. */
    OPENAI_CHAT,
    /** {@code POST …/responses}: OpenAI's Responses API. */
    OPENAI_RESPONSES,
    /** {@code POST …/v1/messages}: Anthropic. */
    ANTHROPIC,
    /** {@code …/models/M:generateContent} or {@code :streamGenerateContent}: Gemini. */
    GEMINI,
    /** {@code sim://…}: the offline simulator, reached from other programs through {@code spoon serve}. */
    SIM;

    /** The API of a request to {@code url}. */
    public static WireApi of(String url) {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (u.startsWith("sim://")) {
            return SIM;
        }
        String path = u;
        try {
            String p = URI.create(url).getPath();
            path = p == null ? u : p.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // not a URI: match on the whole text
        }
        if (path.contains(":generatecontent") || path.contains(":streamgeneratecontent")) {
            return GEMINI;
        }
        if (path.endsWith("/messages")) {
            return ANTHROPIC;
        }
        if (path.endsWith("/responses")) {
            return OPENAI_RESPONSES;
        }
        return OPENAI_CHAT;
    }
}
