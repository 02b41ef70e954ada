package dev.spoon.workbench.chat;

import java.util.Locale;

/** Case-insensitive matches of a search term in a text (the chat's find bar). */
final class TextMatches {
    /** One match: where it starts, its number (1 = first in the text) and how many there are. */
    record Hit(int start, int ordinal, int count) {
    }

    private TextMatches() {
    }

    /** How many times {@code needle} occurs in {@code text}, ignoring case (matches do not overlap). */
    static int count(String text, String needle) {
        if (needle.isEmpty()) {
            return 0;
        }
        String t = text.toLowerCase(Locale.ROOT);
        String n = needle.toLowerCase(Locale.ROOT);
        int count = 0;
        for (int at = t.indexOf(n); at >= 0; at = t.indexOf(n, at + n.length())) {
            count++;
        }
        return count;
    }

    /** The first match at or after {@code from}, wrapping to the start; null when there is none. */
    static Hit next(String text, String needle, int from) {
        if (needle.isEmpty()) {
            return null;
        }
        String t = text.toLowerCase(Locale.ROOT);
        String n = needle.toLowerCase(Locale.ROOT);
        int at = t.indexOf(n, Math.max(0, from));
        if (at < 0) {
            at = t.indexOf(n);
        }
        if (at < 0) {
            return null;
        }
        int ordinal = 0;
        int count = 0;
        for (int i = t.indexOf(n); i >= 0; i = t.indexOf(n, i + n.length())) {
            count++;
            if (i <= at) {
                ordinal = count;
            }
        }
        return new Hit(at, ordinal, count);
    }
}
