package dev.spoon.llm.tokens;

import com.knuddels.jtokkit.api.EncodingType;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of OpenAI's encodings a model uses, by its name: {@code o200k_base} for the GPT-4o family and every
 * later model (GPT-4.1, GPT-4.5, GPT-5, the o-series, gpt-oss), {@code cl100k_base} for GPT-4, GPT-4 Turbo and
 * GPT-3.5 Turbo. A vendor prefix ({@code openai/gpt-4o} on OpenRouter) and a fine-tune prefix
 * ({@code ft:gpt-4o-mini:org::id}) are looked through.
 */
final class OpenAiTokenizer {
    private static final List<String> O200K = List.of("gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5",
            "o1", "o3", "o4", "gpt-oss", "codex-mini", "computer-use");
    private static final List<String> CL100K = List.of("gpt-4", "gpt-3.5", "gpt-35", "text-embedding-3",
            "text-embedding-ada-002");

    private OpenAiTokenizer() {
    }

    /** The encoding of {@code model}, or empty when the name is not an OpenAI model's. */
    static Optional<EncodingType> encodingOf(String model) {
        if (model == null) {
            return Optional.empty();
        }
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("openai/")) {
            m = m.substring("openai/".length());
        }
        if (m.startsWith("ft:")) {
            m = m.substring(3);
        }
        for (String p : O200K) {
            if (m.equals(p) || m.startsWith(p + "-") || m.startsWith(p + ":") || m.startsWith(p + ".")) {
                return Optional.of(EncodingType.O200K_BASE);
            }
        }
        for (String p : CL100K) {
            if (m.equals(p) || m.startsWith(p + "-") || m.startsWith(p + ":") || m.startsWith(p + ".")) {
                return Optional.of(EncodingType.CL100K_BASE);
            }
        }
        return Optional.empty();
    }
}
