package dev.spoon.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the terminal: each column as wide as its widest cell (header included), two spaces
 * between columns, no padding after the last one. Columns are left-aligned unless marked right-aligned
 * (numbers).
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] right;

    /** A table with these column headers; {@code rightAligned} lists the indexes of right-aligned columns. */
    TextTable(List<String> headers, int... rightAligned) {
        right = new boolean[headers.size()];
        for (int i : rightAligned) {
            right[i] = true;
        }
        rows.add(headers.toArray(String[]::new));
    }

    /** Adds a row; it must have one cell per column (null prints as empty). */
    TextTable row(String... cells) {
        if (cells.length != right.length) {
            throw new IllegalArgumentException("expected " + right.length + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    void print(PrintStream out) {
        int[] width = new int[right.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], cell(r[i]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < r.length; i++) {
                String c = cell(r[i]);
                boolean last = i == r.length - 1;
                if (right[i]) {
                    sb.append(" ".repeat(width[i] - c.length())).append(c);
                } else {
                    sb.append(c);
                    if (!last) {
                        sb.append(" ".repeat(width[i] - c.length()));
                    }
                }
                if (!last) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s;
    }
}
