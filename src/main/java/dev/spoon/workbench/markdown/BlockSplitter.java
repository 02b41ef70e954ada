package dev.spoon.workbench.markdown;

/**
 * Finds where complete Markdown blocks end in a growing text, so a stream can render finished blocks once
 * and re-render only the open tail. A block ends after a blank line outside a code fence, or after a closing
 * fence. A very long open paragraph is cut at a space after {@link #MAX_OPEN} characters, so the tail stays
 * small even for text without blank lines; a table is never cut (its columns are laid out over all its rows).
 * Incremental: each call scans only new complete lines. Not thread-safe (one per streamed section).
 */
final class BlockSplitter {
    /** Longest open block (outside code fences) before it is cut at a space. */
    static final int MAX_OPEN = 2000;

    private final boolean plainLines;
    private int scanPos;
    private int committed;
    private boolean inFence;
    private char fenceChar;
    /** Complete lines of the open block so far, and whether its second line made it a table. */
    private int openLines;
    private boolean openTable;

    /** @param plainLines true to end a block at every newline (reasoning text), false for Markdown */
    BlockSplitter(boolean plainLines) {
        this.plainLines = plainLines;
    }

    /** Source offset up to which blocks are complete. */
    int committed() {
        return committed;
    }

    /**
     * Advances over {@code text} (which only ever grows) and returns the new committed offset: the end of
     * the last complete block.
     */
    int advance(CharSequence text) {
        int len = text.length();
        int lineStart = scanPos;
        for (int i = scanPos; i < len; i++) {
            if (text.charAt(i) != '\n') {
                continue;
            }
            if (plainLines) {
                commit(i + 1);
            } else {
                line(text, lineStart, i);
            }
            lineStart = i + 1;
        }
        scanPos = lineStart;
        if (!inFence && !openTable && len - committed > MAX_OPEN) {
            for (int i = len - 1; i > committed + MAX_OPEN / 2; i--) {
                if (text.charAt(i) == ' ') {
                    commit(i + 1);
                    scanPos = Math.max(scanPos, committed);
                    break;
                }
            }
        }
        return committed;
    }

    private void line(CharSequence text, int start, int end) {
        int i = start;
        while (i < end && i - start < 4 && text.charAt(i) == ' ') {
            i++;
        }
        boolean fence = end - i >= 3 && (text.charAt(i) == '`' || text.charAt(i) == '~')
                && text.charAt(i + 1) == text.charAt(i) && text.charAt(i + 2) == text.charAt(i);
        if (inFence) {
            if (fence && text.charAt(i) == fenceChar) {
                inFence = false;
                commit(end + 1);
            }
            return;
        }
        if (fence) {
            inFence = true;
            fenceChar = text.charAt(i);
            return;
        }
        boolean blank = true;
        for (int k = start; k < end; k++) {
            if (!Character.isWhitespace(text.charAt(k))) {
                blank = false;
                break;
            }
        }
        if (blank) {
            commit(end + 1);
            return;
        }
        openLines++;
        if (openLines == 2 && isDelimiterRow(text, start, end)) {
            openTable = true;
        }
    }

    private void commit(int at) {
        committed = at;
        openLines = 0;
        openTable = false;
    }

    /** A GitHub table's second line: cells of dashes with optional alignment colons, e.g. {@code |---|:--:|}. */
    static boolean isDelimiterRow(CharSequence text, int start, int end) {
        boolean dash = false;
        boolean pipe = false;
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (c == '-') {
                dash = true;
            } else if (c == '|') {
                pipe = true;
            } else if (c != ':' && c != ' ' && c != '\t') {
                return false;
            }
        }
        return dash && pipe;
    }
}
