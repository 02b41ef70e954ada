package dev.spoon.workbench.chat;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
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
 * Turns Markdown (complete blocks, or the open tail of a stream) into {@link StyledLine}s: headings,
 * emphasis, inline code, links, bullet and numbered lists, block quotes, rules and fenced/indented code
 * blocks (a header line naming the language, then one line per code line). Markup characters are not shown.
 * The last line of every block carries {@link #BLOCK_END}. Pure and thread-safe.
 */
final class MarkdownRenderer {
    private static final Parser PARSER = Parser.builder().build();
    /** Paragraph style of the last line of a block: chat.css gives it the gap before the next block. */
    static final String BLOCK_END = "md-block-end";

    private MarkdownRenderer() {
    }

    /** Renders {@code markdown}; an empty or blank input gives no lines. */
    static List<StyledLine> render(String markdown) {
        if (markdown.isBlank()) {
            return List.of();
        }
        Node doc = PARSER.parse(markdown);
        Emitter e = new Emitter();
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

        void block(Node block, String prefix, List<String> parStyles) {
            if (block instanceof Heading h) {
                inline(h, prefix, List.of("md-h" + Math.min(h.getLevel(), 4)), parStyles);
            } else if (block instanceof Paragraph p) {
                inline(p, prefix, List.of(), parStyles);
            } else if (block instanceof FencedCodeBlock c) {
                code(c.getInfo(), c.getLiteral());
            } else if (block instanceof IndentedCodeBlock c) {
                code("", c.getLiteral());
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
            String indent = " ".repeat(marker.length());
            boolean first = true;
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                if (first && child instanceof Paragraph p) {
                    int start = lines.size();
                    inline(p, prefix + indent, List.of(), parStyles);
                    if (lines.size() > start) {
                        StyledLine l = lines.get(start);
                        List<StyledLine.Run> runs = new ArrayList<>(l.runs());
                        StyledLine.Run r0 = runs.get(0);
                        runs.set(0, new StyledLine.Run(r0.text().substring((prefix + indent).length()), r0.styles()));
                        runs.add(0, new StyledLine.Run(prefix + marker, List.of("md-bullet")));
                        lines.set(start, new StyledLine(runs, l.parStyles()));
                    }
                } else {
                    block(child, prefix + indent, parStyles);
                }
                first = false;
            }
            if (first) {
                lines.add(StyledLine.of(prefix + marker, List.of("md-bullet"), parStyles));
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
