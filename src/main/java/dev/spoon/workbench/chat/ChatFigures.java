package dev.spoon.workbench.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one-line figures of an answer ("sim-1 · TTFT 120 ms · 250 tok/s · 512 tokens · $0.0012"). */
final class ChatFigures {
    private ChatFigures() {
    }

    static String describe(ChatTurn t) {
        List<String> parts = new ArrayList<>();
        parts.add((t.provider() == null ? "?" : t.provider()) + (t.model() == null ? "" : " \u00B7 " + t.model()));
        if (t.ttftMs() != null) {
            parts.add("TTFT " + t.ttftMs() + " ms");
        }
        if (t.tokensPerSecond() > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f tok/s", t.tokensPerSecond()));
        }
        if (t.usage() != null) {
            parts.add(dev.spoon.workbench.request.UsageText.of(t.usage()) + " tokens");
        }
        if (t.cost() != null) {
            parts.add(String.format(Locale.ROOT, "$%.5f", t.cost()));
        }
        switch (t.status()) {
            case CANCELLED -> parts.add("stopped");
            case FAILED -> parts.add("failed");
            case STREAMING -> parts.add("streaming\u2026");
            default -> { }
        }
        return String.join(" \u00B7 ", parts);
    }
}
