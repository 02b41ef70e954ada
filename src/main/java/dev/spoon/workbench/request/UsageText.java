package dev.spoon.workbench.request;

import dev.spoon.llm.Usage;

/**
 * Token usage in words, the same in a chat answer's figures, a Compare column and the Metrics pane: prompt
 * tokens with the part read from (and written to) the provider's prompt cache, completion tokens with the part
 * spent on reasoning. Parts the provider did not report are left out.
 */
public final class UsageText {
    private UsageText() {
    }

    /** "1200 in (800 cached, 100 cache write) / 300 out (120 reasoning)"; null usage gives "not reported". */
    public static String of(Usage u) {
        if (u == null) {
            return "not reported";
        }
        return of(u.promptTokens(), u.completionTokens(), u.cachedPromptTokens(), u.cacheCreationTokens(),
                u.reasoningTokens());
    }

    /** The same from separate counts (sums in the Metrics pane); a null or zero part is left out. */
    public static String of(long prompt, long completion, Number cached, Number cacheWrite, Number reasoning) {
        StringBuilder sb = new StringBuilder().append(prompt).append(" in");
        String in = join(part(cached, "cached"), part(cacheWrite, "cache write"));
        if (!in.isEmpty()) {
            sb.append(" (").append(in).append(')');
        }
        sb.append(" / ").append(completion).append(" out");
        String out = part(reasoning, "reasoning");
        if (!out.isEmpty()) {
            sb.append(" (").append(out).append(')');
        }
        return sb.toString();
    }

    private static String part(Number n, String what) {
        return n == null || n.longValue() == 0 ? "" : n.longValue() + " " + what;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + ", " + b;
    }
}
