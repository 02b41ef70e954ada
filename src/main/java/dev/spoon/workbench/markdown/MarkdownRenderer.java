package dev.spoon.workbench.markdown;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns Markdown (complete blocks, or the open tail of a stream) into {@link StyledLine}s, the one renderer of
 * the chat and the compare columns: headings, emphasis, inline code, links, bullet and numbered lists, block
 * quotes, rules, fenced/indented code blocks (a header line naming the language, then one line per code line),
 * and GitHub's extensions: tables (aligned columns in a monospaced font, see {@link TableLayout}), strikethrough,
 * task lists and autolinks. Markup characters are not shown. The last line of every block carries
 * {@link #BLOCK_END}. Pure and thread-safe.
 */
public final class MarkdownRenderer {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.create(), TaskListItemsExtension.create(), AutolinkExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    /** Paragraph style of the last line of a block: markdown.css gives it the gap before the next block. */
    public static final String BLOCK_END = "md-block-end";
    /** Paragraph style of every line of a table. */
    public static final String TABLE = "md-table";
    /** Table width when the view's width is not known, in characters. */
    public static final int DEFAULT_TABLE_CHARS = 100;

    private MarkdownRenderer() {
    }

    /** Renders {@code markdown} with tables at most {@link #DEFAULT_TABLE_CHARS} wide. */
    public static List<StyledLine> render(String markdown) {
        return render(markdown, DEFAULT_TABLE_CHARS);
    }

    /**
     * Renders {@code markdown}; an empty or blank input gives no lines.
     *
     * @param tableChars how many monospaced characters fit on a line: wider tables wrap their cells' text
     */
    public static List<StyledLine> render(String markdown, int tableChars) {
        if (markdown.isBlank()) {
            return List.of();
        }
        Node doc = PARSER.parse(markdown);
        Emitter e = new Emitter(tableChars);
        for (Node block = doc.getFirstChild(); block != null; block = block.getNext()) {
            int start = e.lines.size();
            e.block(block, "", List.of());
            if (e.lines.size() > start) {
                // the gap after a block is the last line's bottom padding, not a blank line: a streamed answer
                // then has a third fewer lines to lay out, and each line is a cell the view must build
                StyledLine last = e.lines.get(e.lines.size() - 1);
                List<String> ps = new ArrayList<>(last.parStyles());
                ps.add(BLOCK_END);
                e.lines.set(e.lines.size() - 1, new StyledLine(last.runs(), ps));
            }
        }
        return e.lines;
    }

    private static final class Emitter {
        final List<StyledLine> lines = new ArrayList<>();
        final int tableChars;

        Emitter(int tableChars) {
            this.tableChars = tableChars;
        }

        void block(Node block, String prefix, List<String> parStyles) {
            if (block instanceof Heading h) {
                inline(h, prefix, List.of("md-h" + Math.min(h.getLevel(), 4)), parStyles);
            } else if (block instanceof Paragraph p) {
                inline(p, prefix, List.of(), parStyles);
            } else if (block instanceof FencedCodeBlock c) {
                code(c.getInfo(), c.getLiteral());
            } else if (block instanceof IndentedCodeBlock c) {
                code("", c.getLiteral());
            } else if (block instanceof TableBlock t) {
                lines.addAll(TableLayout.render(t, tableChars, parStyles));
            } else if (block instanceof BulletList || block instanceof OrderedList) {
                int n = block instanceof OrderedList o && o.getMarkerStartNumber() != null
                        ? o.getMarkerStartNumber() : 1;
                for (Node item = block.getFirstChild(); item != null; item = item.getNext()) {
                    String marker = block instanceof OrderedList ? (n++) + ". " : "\u2022 ";
                    listItem((ListItem) item, prefix, marker, parStyles);
                }
            } else if (block instanceof BlockQuote q) {
                List<String> ps = new ArrayList<>(parStyles);
                ps.add("md-quote");
                for (Node child = q.getFirstChild(); child != null; child = child.getNext()) {
                    block(child, prefix, ps);
                }
            } else if (block instanceof ThematicBreak) {
                lines.add(StyledLine.of("\u2500".repeat(24), List.of("md-rule"), parStyles));
            } else if (block instanceof HtmlBlock html) {
                for (String l : html.getLiteral().split("\n", -1)) {
                    if (!l.isEmpty()) {
                        lines.add(StyledLine.of(prefix + l, List.of(), parStyles));
                    }
                }
            } else {
                for (Node child = block.getFirstChild(); child != null; child = child.getNext()) {
                    block(child, prefix, parStyles);
                }
            }
        }

        void listItem(ListItem item, String prefix, String marker, List<String> parStyles) {
            Node child = item.getFirstChild();
            List<String> markerStyles = List.of("md-bullet");
            if (child instanceof TaskListItemMarker task) {
                // "- [x] done": a check box instead of the bullet
                marker = task.isChecked() ? "\u2611 " : "\u2610 ";
                markerStyles = List.of("md-bullet", task.isChecked() ? "md-task-done" : "md-task");
                child = child.getNext();
            }
            String indent = " ".repeat(marker.length());
            boolean first = true;
            for (; child != null; child = child.getNext()) {
                if (first && child instanceof Paragraph p) {
                    int start = lines.size();
                    inline(p, prefix + indent, List.of(), parStyles);
                    if (lines.size() > start) {
                        StyledLine l = lines.get(start);
                        List<StyledLine.Run> runs = new ArrayList<>(l.runs());
                        StyledLine.Run r0 = runs.get(0);
                        runs.set(0, new StyledLine.Run(r0.text().substring((prefix + indent).length()), r0.styles()));
                        runs.add(0, new StyledLine.Run(prefix + marker, markerStyles));
                        lines.set(start, new StyledLine(runs, l.parStyles()));
                    }
                } else {
                    block(child, prefix + indent, parStyles);
                }
                first = false;
            }
            if (first) {
                lines.add(StyledLine.of(prefix + marker, markerStyles, parStyles));
            }
        }

        void code(String info, String literal) {
            String lang = info == null ? "" : info.trim().split("\\s+")[0];
            String body = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
            lines.add(new StyledLine(List.of(new StyledLine.Run(lang.isEmpty() ? "code" : lang,
                    List.of("md-code-lang"))), List.of("md-code-header")));
            for (String l : body.split("\n", -1)) {
                lines.add(StyledLine.of(l, List.of("md-code"), List.of("md-code-block")));
            }
        }

        /** Inline content of {@code block}, split into lines at soft and hard breaks. */
        void inline(Node block, String prefix, List<String> base, List<String> parStyles) {
            List<StyledLine.Run> runs = new ArrayList<>();
            runs.add(new StyledLine.Run(prefix, base));
            InlineVisitor v = new InlineVisitor(base, runs, () -> {
                lines.add(new StyledLine(List.copyOf(runs), parStyles));
                runs.clear();
                runs.add(new StyledLine.Run(prefix, base));
            });
            for (Node child = block.getFirstChild(); child != null; child = child.getNext()) {
                child.accept(v);
            }
            lines.add(new StyledLine(List.copyOf(runs), parStyles));
        }
    }

    /**
     * The runs of inline content ({@code node}'s children) on one line: soft and hard breaks become spaces.
     * Used for table cells, which are one logical line each.
     */
    static List<StyledLine.Run> inlineRuns(Node node, List<String> base) {
        List<StyledLine.Run> runs = new ArrayList<>();
        InlineVisitor v = new InlineVisitor(base, runs, () -> runs.add(new StyledLine.Run(" ", base)));
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            child.accept(v);
        }
        return runs;
    }

    private static final class InlineVisitor extends AbstractVisitor {
        private final List<String> styles;
        private final List<StyledLine.Run> runs;
        private final Runnable newLine;

        InlineVisitor(List<String> base, List<StyledLine.Run> runs, Runnable newLine) {
            this.styles = new ArrayList<>(base);
            this.runs = runs;
            this.newLine = newLine;
        }

        private void styled(String style, Node node) {
            styles.add(style);
            visitChildren(node);
            styles.remove(styles.size() - 1);
        }

        @Override
        public void visit(Text text) {
            runs.add(new StyledLine.Run(text.getLiteral(), List.copyOf(styles)));
        }

        @Override
        public void visit(Emphasis emphasis) {
            styled("md-em", emphasis);
        }

        @Override
        public void visit(StrongEmphasis strong) {
            styled("md-strong", strong);
        }

        @Override
        public void visit(Code code) {
            List<String> s = new ArrayList<>(styles);
            s.add("md-inline-code");
            runs.add(new StyledLine.Run(code.getLiteral(), s));
        }

        @Override
        public void visit(Link link) {
            styled("md-link", link);
        }

        @Override
        public void visit(CustomNode node) {
            if (node instanceof Strikethrough) {
                styled("md-strike", node);
            } else {
                visitChildren(node);
            }
        }

        @Override
        public void visit(HtmlInline html) {
            runs.add(new StyledLine.Run(html.getLiteral(), List.copyOf(styles)));
        }

        @Override
        public void visit(SoftLineBreak softLineBreak) {
            newLine.run();
        }

        @Override
        public void visit(HardLineBreak hardLineBreak) {
            newLine.run();
        }
    }
}
