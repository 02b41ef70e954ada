package dev.spoon.workbench.markdown;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Lays out a GitHub table as lines of monospaced text: columns padded to a common width and aligned as the
 * table's delimiter row says ({@code :--}, {@code :-:}, {@code --:}), separated by {@value #SEPARATOR}, the
 * header row in bold with a rule under it (a border, style {@code md-table-head-end}). When the columns do not fit {@code maxChars}, the narrow ones keep their
 * width and the wide ones share the rest, their text wrapped onto more lines within the column; cells keep
 * their inline styles (bold, code, links…). Every line has the paragraph style {@link MarkdownRenderer#TABLE}.
 */
final class TableLayout {
    static final String SEPARATOR = " \u2502 ";
    /** Narrowest a wrapped column gets (a column whose content is narrower keeps its own width). */
    private static final int MIN_COLUMN = 6;
    private static final List<String> CELL = List.of("md-table-cell");
    private static final List<String> BORDER = List.of("md-table-cell", "md-table-border");

    private record Cell(List<StyledLine.Run> runs, TableCell.Alignment alignment) {
        int length() {
            return runs.stream().mapToInt(r -> r.text().length()).sum();
        }
    }

    private TableLayout() {
    }

    static List<StyledLine> render(TableBlock table, int maxChars, List<String> parStyles) {
        List<List<Cell>> rows = new ArrayList<>();
        List<Boolean> header = new ArrayList<>();
        collect(table, rows, header);
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        if (columns == 0) {
            return List.of();
        }
        int[] natural = new int[columns];
        for (List<Cell> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                natural[c] = Math.max(natural[c], Math.max(1, row.get(c).length()));
            }
        }
        int[] widths = fit(natural, maxChars - SEPARATOR.length() * (columns - 1));
        List<String> rowStyles = with(parStyles, MarkdownRenderer.TABLE);
        List<String> headStyles = with(rowStyles, "md-table-head");
        List<StyledLine> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            boolean head = header.get(r);
            row(rows.get(r), widths, head ? headStyles : rowStyles, out);
            if (head && (r + 1 == rows.size() || !header.get(r + 1))) {
                // the rule under the header is the last header line's bottom border (markdown.css): box-drawing
                // characters come from a fallback font on some systems and do not line up
                StyledLine last = out.get(out.size() - 1);
                out.set(out.size() - 1, new StyledLine(last.runs(), with(last.parStyles(), "md-table-head-end")));
            }
        }
        return out;
    }

    private static void collect(Node node, List<List<Cell>> rows, List<Boolean> header) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof TableRow row) {
                List<Cell> cells = new ArrayList<>();
                boolean head = false;
                for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                    if (c instanceof TableCell cell) {
                        head |= cell.isHeader();
                        List<String> base = cell.isHeader() ? List.of("md-table-cell", "md-strong") : CELL;
                        cells.add(new Cell(MarkdownRenderer.inlineRuns(cell, base), cell.getAlignment()));
                    }
                }
                rows.add(cells);
                header.add(head);
            } else {
                collect(child, rows, header); // TableHead, TableBody
            }
        }
    }

    /**
     * Column widths for {@code natural} widths in {@code available} characters: all natural when they fit;
     * otherwise columns from the narrowest up take their natural width or an equal share of what is left,
     * whichever is smaller (never under {@link #MIN_COLUMN} unless the content is narrower).
     */
    static int[] fit(int[] natural, int available) {
        int n = natural.length;
        if (Arrays.stream(natural).sum() <= available) {
            return natural.clone();
        }
        int[] widths = new int[n];
        Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(i -> natural[i]))
                .toArray(Integer[]::new);
        int remaining = available;
        int left = n;
        for (int i : order) {
            int share = Math.max(MIN_COLUMN, remaining / left);
            widths[i] = Math.min(natural[i], share);
            remaining -= widths[i];
            left--;
        }
        return widths;
    }

    private static void row(List<Cell> cells, int[] widths, List<String> styles, List<StyledLine> out) {
        List<List<List<StyledLine.Run>>> wrapped = new ArrayList<>();
        int height = 1;
        for (int c = 0; c < widths.length; c++) {
            List<List<StyledLine.Run>> lines = c < cells.size() ? wrap(cells.get(c).runs(), widths[c]) : List.of();
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int i = 0; i < height; i++) {
            List<StyledLine.Run> runs = new ArrayList<>();
            for (int c = 0; c < widths.length; c++) {
                if (c > 0) {
                    runs.add(new StyledLine.Run(SEPARATOR, BORDER));
                }
                List<StyledLine.Run> part = i < wrapped.get(c).size() ? wrapped.get(c).get(i) : List.of();
                int len = part.stream().mapToInt(r -> r.text().length()).sum();
                int pad = Math.max(0, widths[c] - len);
                TableCell.Alignment a = c < cells.size() ? cells.get(c).alignment() : null;
                int before = a == TableCell.Alignment.RIGHT ? pad : a == TableCell.Alignment.CENTER ? pad / 2 : 0;
                if (before > 0) {
                    runs.add(new StyledLine.Run(" ".repeat(before), CELL));
                }
                runs.addAll(part);
                if (pad - before > 0) {
                    runs.add(new StyledLine.Run(" ".repeat(pad - before), CELL));
                }
            }
            out.add(new StyledLine(runs, styles));
        }
    }

    /** Word-wraps styled runs into lines of at most {@code width} characters; longer words are cut. */
    static List<List<StyledLine.Run>> wrap(List<StyledLine.Run> runs, int width) {
        List<List<StyledLine.Run>> lines = new ArrayList<>();
        List<StyledLine.Run> line = new ArrayList<>();
        int len = 0;
        for (StyledLine.Run run : runs) {
            String t = run.text();
            int i = 0;
            while (i < t.length()) {
                boolean space = t.charAt(i) == ' ';
                int j = i;
                while (j < t.length() && (t.charAt(j) == ' ') == space) {
                    j++;
                }
                String piece = t.substring(i, j);
                i = j;
                if (space) {
                    if (len > 0 && len + piece.length() <= width) {
                        len = add(line, piece, run.styles(), len);
                    }
                    continue;
                }
                while (!piece.isEmpty()) {
                    if (len + piece.length() <= width) {
                        len = add(line, piece, run.styles(), len);
                        piece = "";
                    } else if (len > 0 && piece.length() <= width) {
                        lines.add(line);
                        line = new ArrayList<>();
                        len = 0;
                    } else {
                        int room = width - len;
                        if (room > 0) {
                            len = add(line, piece.substring(0, room), run.styles(), len);
                            piece = piece.substring(room);
                        }
                        lines.add(line);
                        line = new ArrayList<>();
                        len = 0;
                    }
                }
            }
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    private static int add(List<StyledLine.Run> line, String text, List<String> styles, int len) {
        StyledLine.Run last = line.isEmpty() ? null : line.get(line.size() - 1);
        if (last != null && last.styles().equals(styles)) {
            line.set(line.size() - 1, new StyledLine.Run(last.text() + text, styles));
        } else {
            line.add(new StyledLine.Run(text, styles));
        }
        return len + text.length();
    }

    private static List<String> with(List<String> styles, String extra) {
        List<String> out = new ArrayList<>(styles);
        out.add(extra);
        return List.copyOf(out);
    }
}
