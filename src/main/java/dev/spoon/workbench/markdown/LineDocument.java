package dev.spoon.workbench.markdown;

import javafx.animation.PauseTransition;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.ReadOnlyStyledDocumentBuilder;
import org.fxmisc.richtext.model.SegmentOps;
import org.fxmisc.richtext.model.StyledSegment;
import org.fxmisc.richtext.model.TwoDimensional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A read-only RichTextFX area written a whole {@link StyledLine} at a time, with streamed {@link Section}s:
 * text that grows (an answer arriving) is rendered block by block, complete Markdown blocks once and only the
 * open tail again on each growth ({@link BlockSplitter}), and an edit replaces only the lines that changed, so a
 * frame re-creates just the growing last line and the new ones. The area always ends with one empty paragraph.
 *
 * <p>Tables are laid out for the area's width in monospaced characters ({@link #tableChars()}); when that
 * changes (the window was resized) and the document holds a table, the owner's {@link #onTableWidthChanged}
 * hook is called (once the resizing pauses) to render again. FX thread only.
 */
public final class LineDocument {
    private static final double SCROLL_BAR = 16;

    private final StyleClassedTextArea area;
    private final double reservedPx;
    private final PauseTransition resized = new PauseTransition(Duration.millis(150));
    private double charWidth;
    private int tableChars = MarkdownRenderer.DEFAULT_TABLE_CHARS;
    private boolean hasTables;
    private Runnable onTableWidthChanged = () -> { };

    /**
     * @param area       the area to write into (made read-only, wrapped, without undo history)
     * @param reservedPx horizontal pixels of each line that text cannot use (paddings, a gutter)
     */
    public LineDocument(StyleClassedTextArea area, double reservedPx) {
        this.area = area;
        this.reservedPx = reservedPx;
        area.setEditable(false);
        area.setUndoManager(org.fxmisc.richtext.util.UndoUtils.noOpUndoManager()); // read-only: keep no history
        area.setWrapText(true);
        area.getStyleClass().add("markdown");
        area.getStylesheets().add(LineDocument.class.getResource("markdown.css").toExternalForm());
        resized.setOnFinished(e -> {
            if (hasTables) {
                onTableWidthChanged.run();
            }
        });
        area.widthProperty().addListener((o, a, w) -> {
            // the scroll pane's width, not the area's: the area narrows when the vertical scroll bar appears, which
            // must not lay the tables out again (a scroll bar's width is reserved for them anyway)
            int chars = charsFor(area.getParent() instanceof Region r ? r.getWidth() : w.doubleValue());
            if (chars != tableChars) {
                tableChars = chars;
                resized.playFromStart();
            }
        });
    }

    public StyleClassedTextArea area() {
        return area;
    }

    /** How many monospaced characters a table line may have to fit the area's width without wrapping. */
    public int tableChars() {
        return tableChars;
    }

    /** Called (on the FX thread) when {@link #tableChars()} changed and the document holds a table. */
    public void setOnTableWidthChanged(Runnable r) {
        onTableWidthChanged = r;
    }

    private int charsFor(double width) {
        if (width <= 0) {
            return tableChars;
        }
        if (charWidth == 0) {
            Text probe = new Text("0".repeat(40));
            probe.setFont(Font.font("Monospaced", 14));
            charWidth = probe.getLayoutBounds().getWidth() / 40;
        }
        return Math.max(20, (int) ((width - reservedPx - SCROLL_BAR) / charWidth));
    }

    /** Empties the document. */
    public void clear() {
        area.clear();
        area.setParagraphStyle(0, List.of());
        hasTables = false;
    }

    /** The document's length in characters. */
    public int length() {
        return area.getLength();
    }

    /** Appends {@code lines} at the end. */
    public void append(List<StyledLine> lines) {
        replaceFrom(area.getLength(), lines);
    }

    /** Opens a streamed Markdown section at the end of the document. */
    public Section openMarkdown() {
        return new Section(true, null);
    }

    /** Opens a streamed plain-text section at the end: each complete line is rendered by {@code render}. */
    public Section openPlain(Function<String, List<StyledLine>> render) {
        return new Section(false, render);
    }

    /**
     * A streamed part of the document: its source text, what is committed, and where its open tail begins.
     * Nothing may be appended to the document after a section while it is open.
     */
    public final class Section {
        private final StringBuilder src = new StringBuilder();
        private final BlockSplitter splitter;
        private final Function<String, List<StyledLine>> plain;
        private int committedSrc;
        private int tailDoc;
        /** The lines of the open tail as they are in the document now, from {@link #tailDoc}. */
        private List<StyledLine> tailShown = List.of();

        private Section(boolean markdown, Function<String, List<StyledLine>> plain) {
            this.splitter = new BlockSplitter(!markdown);
            this.plain = plain;
            this.tailDoc = area.getLength();
        }

        /** Adds {@code text}: complete blocks are rendered for good, the open tail again. */
        public void grow(String text) {
            src.append(text);
            int newCommitted = splitter.advance(src);
            List<StyledLine> committed = List.of();
            if (newCommitted > committedSrc) {
                committed = render(src.substring(committedSrc, newCommitted));
                committedSrc = newCommitted;
            }
            show(committed, render(src.substring(committedSrc)));
        }

        /** Renders the open tail for good (the stream ended); the document may grow after it again. */
        public void close() {
            List<StyledLine> lines = render(src.substring(committedSrc));
            committedSrc = src.length();
            show(lines, List.of());
        }

        private List<StyledLine> render(String text) {
            return plain != null ? plain.apply(text) : MarkdownRenderer.render(text, tableChars);
        }

        /**
         * Puts newly committed lines and the new open tail where the old tail was, touching only the lines that
         * changed: a line that is already shown keeps its cell.
         */
        private void show(List<StyledLine> committed, List<StyledLine> tail) {
            List<StyledLine> lines = new ArrayList<>(committed.size() + tail.size());
            lines.addAll(committed);
            lines.addAll(tail);
            int same = 0;
            int offset = tailDoc;
            while (same < lines.size() && same < tailShown.size() && lines.get(same).equals(tailShown.get(same))) {
                offset += tailShown.get(same).text().length() + 1;
                same++;
            }
            if (same < lines.size() || same < tailShown.size()) {
                replaceFrom(offset, lines.subList(same, lines.size()));
            }
            for (StyledLine l : committed) {
                tailDoc += l.text().length() + 1;
            }
            tailShown = List.copyOf(tail);
        }
    }

    /** Replaces everything from {@code from} (a line start) to the end with {@code lines}. */
    private void replaceFrom(int from, List<StyledLine> lines) {
        int firstPar = area.offsetToPosition(from, TwoDimensional.Bias.Forward).getMajor();
        area.replace(from, area.getLength(), document(lines));
        List<String> first = lines.isEmpty() ? List.of() : lines.get(0).parStyles();
        if (!area.getParagraph(firstPar).getParagraphStyle().equals(first)) {
            area.setParagraphStyle(firstPar, first);
        }
    }

    private ReadOnlyStyledDocument<Collection<String>, String, Collection<String>> document(List<StyledLine> lines) {
        ReadOnlyStyledDocumentBuilder<Collection<String>, String, Collection<String>> b =
                new ReadOnlyStyledDocumentBuilder<>(SegmentOps.styledTextOps(), List.of());
        for (StyledLine l : lines) {
            List<StyledSegment<String, Collection<String>>> segs = new ArrayList<>();
            for (StyledLine.Run r : l.runs()) {
                if (!r.text().isEmpty()) {
                    segs.add(new StyledSegment<>(r.text(), r.styles()));
                }
            }
            if (segs.isEmpty()) {
                segs.add(new StyledSegment<>("", List.of()));
            }
            b.addParagraph(segs, l.parStyles());
            hasTables |= l.parStyles().contains(MarkdownRenderer.TABLE);
        }
        b.addParagraph(List.of(new StyledSegment<>("", List.of())), List.of());
        return b.build();
    }
}
