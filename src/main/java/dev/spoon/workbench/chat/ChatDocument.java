package dev.spoon.workbench.chat;

import dev.spoon.workbench.StreamBuffer;
import atlantafx.base.theme.Styles;
import dev.spoon.llm.ToolCall;
import dev.spoon.llm.json.Json;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import dev.spoon.workbench.markdown.LineDocument;
import dev.spoon.workbench.markdown.MarkdownRenderer;
import dev.spoon.workbench.request.StructuredText;
import dev.spoon.workbench.markdown.StyledLine;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The conversation as one virtualized, read-only RichTextFX document ({@link LineDocument}). Each turn is a
 * header line, its text (Markdown rendered for answers), reasoning, tool-call cards and a figures line. While an
 * answer streams, only the open tail is re-rendered: complete Markdown blocks are styled once. Action buttons
 * (edit, retry, copy code, show reasoning) live in a gutter beside their line, created only for visible lines.
 * FX thread only.
 */
final class ChatDocument {
    /** What the gutter buttons do. */
    interface Actions {
        /** Actions that do nothing (a document nobody interacts with: the warm-up, tests). */
        Actions NONE = new Actions() {
            @Override
            public void edit(int turn) {
            }

            @Override
            public void retry(int turn) {
            }

            @Override
            public void toggleReasoning(int turn) {
            }

            @Override
            public void copy(int turn) {
            }
        };

        void edit(int turn);

        void retry(int turn);

        void toggleReasoning(int turn);

        /** Copies the answer's text (its Markdown source) to the clipboard. */
        void copy(int turn);

        /** Shows the request of answer {@code turn} as code ("View code"). */
        default void viewCode(int turn) {
        }
    }

    private static final int GUTTER = 76;
    /** Separates notices in the notice section's text (never a line break: the line stays open). */
    private static final char NOTICE_SEPARATOR = '\u001E';

    private final StyleClassedTextArea area = new StyleClassedTextArea();
    /** The gutter, the document's right padding and a table's own padding (chat.css, markdown.css). */
    private final LineDocument doc = new LineDocument(area, GUTTER + 16 + 16);
    private final Actions actions;

    private ChatTurn live;
    private int liveIndex;
    private LineDocument.Section reasoning;
    private LineDocument.Section answer;
    /** The live answer's retry/fallback line: a section whose last notice is shown (see {@link #notice}). */
    private LineDocument.Section notice;
    private long maxLagNanos;
    private long lastRenderNanos;
    private long cellsCreated;

    ChatDocument(Actions actions) {
        this.actions = actions;
        area.getStyleClass().add("chat-document");
        area.setParagraphGraphicFactory(this::gutter);
    }

    StyleClassedTextArea area() {
        return area;
    }

    /** How many monospaced characters a table line may have (tests). */
    int tableChars() {
        return doc.tableChars();
    }

    /** Called when the document holds a table and the width for tables changed: render everything again. */
    void setOnTableWidthChanged(Runnable r) {
        doc.setOnTableWidthChanged(r);
    }

    /** Longest wait between a token's arrival and its display so far (benchmarks). */
    long maxLagNanos() {
        return maxLagNanos;
    }

    /** How many paragraph cells the view has created so far (benchmarks: the main cost of a frame). */
    long cellsCreated() {
        return cellsCreated;
    }

    /** {@link System#nanoTime()} of the last streamed render. */
    long lastRenderNanos() {
        return lastRenderNanos;
    }

    // ------------------------------------------------------------------ whole-document rendering

    void reset(List<ChatTurn> turns) {
        live = null;
        doc.clear();
        for (int i = 0; i < turns.size(); i++) {
            ChatTurn t = turns.get(i);
            if (t.status() == ChatTurn.Status.STREAMING) {
                begin(t, i);
                if (t.notice() != null) {
                    notice(t);
                }
                StreamBuffer.Delta d = new StreamBuffer.Delta(t.content(), t.reasoning(), System.nanoTime());
                delta(t, d);
            } else {
                append(renderTurn(t, i));
            }
        }
        area.showParagraphAtBottom(area.getParagraphs().size() - 1);
    }

    private List<StyledLine> renderTurn(ChatTurn t, int index) {
        List<StyledLine> out = new ArrayList<>(header(t, index));
        if (t.role() == ChatTurn.Role.USER) {
            for (String l : t.content().split("\n", -1)) {
                out.add(StyledLine.of(l, List.of(), List.of("user-text")));
            }
            if (!t.images().isEmpty()) {
                out.add(StyledLine.of("\uD83D\uDDBC " + t.images().size() + (t.images().size() == 1 ? " image" : " images")
                        + " attached", List.of("figures"), List.of("user-text")));
            }
            out.add(StyledLine.blank());
            return out;
        }
        if (t.notice() != null) {
            out.addAll(noticeLines(t.notice()));
        }
        if (!t.reasoning().isEmpty()) {
            out.add(reasoningHeader(t, index));
            if (!t.reasoningCollapsed()) {
                out.addAll(plain(t.reasoning(), List.of("reasoning")));
            }
            out.add(StyledLine.blank());
        }
        out.addAll(MarkdownRenderer.render(t.content(), doc.tableChars()));
        out.addAll(footer(t, index));
        return out;
    }

    /** The retry/fallback line of an answer: the last of the notices in {@code src}. */
    private static List<StyledLine> noticeLines(String src) {
        String last = src.substring(src.lastIndexOf(NOTICE_SEPARATOR) + 1);
        return last.isEmpty() ? List.of() : List.of(StyledLine.of("\u21BB " + last, List.of("figures"),
                List.of("turn-notice")));
    }

    private List<StyledLine> header(ChatTurn t, int index) {
        List<String> ps = List.of("turn-header", t.role() == ChatTurn.Role.USER ? "user" : "assistant",
                "turn-" + index);
        String text = t.role() == ChatTurn.Role.USER ? "You"
                : "Assistant \u00B7 " + t.provider() + (t.model() == null ? "" : " \u00B7 " + t.model());
        return List.of(StyledLine.of(text, List.of("turn-title"), ps));
    }

    private StyledLine reasoningHeader(ChatTurn t, int index) {
        String label = t.status() == ChatTurn.Status.STREAMING ? "Reasoning"
                : t.reasoningCollapsed() ? "Reasoning (" + t.reasoning().length() + " characters, hidden)"
                : "Reasoning";
        return StyledLine.of(label, List.of("reasoning-title"), List.of("reasoning-header", "turn-" + index,
                t.reasoningCollapsed() ? "collapsed" : "expanded"));
    }

    private List<StyledLine> footer(ChatTurn t, int index) {
        List<StyledLine> out = new ArrayList<>();
        for (ToolCall c : t.toolCalls()) {
            out.add(StyledLine.of("\u2692 tool call: " + c.name() + (c.id() == null ? "" : "  (" + c.id() + ")"),
                    List.of("tool-name"), List.of("tool-card", "tool-card-top")));
            String args = c.arguments();
            try {
                args = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(args));
            } catch (Exception ignored) {
                // show the arguments as they came
            }
            for (String l : args.split("\n", -1)) {
                out.add(StyledLine.of(l, List.of("md-code"), List.of("tool-card")));
            }
            out.add(StyledLine.blank());
        }
        if (t.errorMessage() != null) {
            out.add(StyledLine.of("\u26A0 " + t.errorType() + ": " + t.errorMessage(), List.of("error-text"),
                    List.of("turn-error")));
            if (t.errorHint() != null) {
                out.add(StyledLine.of("What to do: " + t.errorHint(), List.of(), List.of("turn-hint")));
            }
        } else if (t.status() == ChatTurn.Status.FAILED || t.status() == ChatTurn.Status.CANCELLED) {
            out.add(StyledLine.of(t.status() == ChatTurn.Status.CANCELLED ? "\u25A0 Stopped \u2014 partial answer"
                    : "\u26A0 Failed", List.of("error-text"), List.of("turn-error")));
        }
        List<String> check = StructuredText.lines(t.structured(), t.structuredWithSchema());
        for (String l : check) {
            out.add(StyledLine.of(l, List.of(t.structured().valid() ? "figures" : "error-text"),
                    List.of("turn-structured")));
        }
                out.add(StyledLine.of(ChatFigures.describe(t), List.of("figures"), List.of("turn-footer", "turn-" + index)));
        out.add(StyledLine.blank());
        return out;
    }

    private static List<StyledLine> plain(String text, List<String> parStyles) {
        List<StyledLine> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            out.add(StyledLine.of(lines[i], List.of("reasoning-text"), parStyles));
        }
        return out;
    }

    // ------------------------------------------------------------------ streaming

    /** Appends a new turn: a finished user turn, or the header of an answer about to stream. */
    void begin(ChatTurn t, int index) {
        if (t.role() == ChatTurn.Role.USER || t.status() != ChatTurn.Status.STREAMING) {
            append(renderTurn(t, index));
        } else {
            append(header(t, index));
            live = t;
            liveIndex = index;
            reasoning = null;
            answer = null;
            notice = null;
        }
        area.showParagraphAtBottom(area.getParagraphs().size() - 1);
    }

    /**
     * Shows the live answer's retry/fallback line under its header ({@link ChatTurn#notice()}), replacing the
     * one shown; once the answer's text begins the line stays as it is.
     */
    void notice(ChatTurn t) {
        if (t != live || reasoning != null || answer != null || t.notice() == null) {
            return;
        }
        if (notice == null) {
            notice = doc.openPlain(ChatDocument::noticeLines);
        }
        notice.grow(NOTICE_SEPARATOR + t.notice());
    }

    private void closeNotice() {
        if (notice != null) {
            notice.close();
            notice = null;
        }
    }

    /** Renders new text of the live answer; only its open tail is re-styled. */
    void delta(ChatTurn t, StreamBuffer.Delta d) {
        if (t != live) {
            return;
        }
        if (!d.isEmpty()) {
            closeNotice();
        }
        boolean follow = atBottom();
        if (!d.reasoning().isEmpty() && answer == null) {
            if (reasoning == null) {
                append(List.of(reasoningHeader(t, liveIndex)));
                reasoning = doc.openPlain(text -> plain(text, List.of("reasoning")));
            }
            reasoning.grow(d.reasoning());
        }
        if (!d.content().isEmpty()) {
            if (answer == null) {
                if (reasoning != null) {
                    reasoning.close();
                    append(List.of(StyledLine.blank()));
                }
                answer = doc.openMarkdown();
            }
            answer.grow(d.content());
        }
        long now = System.nanoTime();
        lastRenderNanos = now;
        if (d.firstArrivalNanos() > 0) {
            maxLagNanos = Math.max(maxLagNanos, now - d.firstArrivalNanos());
        }
        if (follow) {
            area.showParagraphAtBottom(area.getParagraphs().size() - 1);
        }
    }

    /** Closes the live answer: commits its tail and appends tool cards, error and figures. */
    void finish(ChatTurn t) {
        if (t != live) {
            return;
        }
        boolean follow = atBottom();
        closeNotice();
        if (reasoning != null && answer == null) {
            reasoning.close();
        }
        if (answer != null) {
            answer.close();
        }
        append(footer(t, liveIndex));
        live = null;
        if (follow) {
            area.showParagraphAtBottom(area.getParagraphs().size() - 1);
        }
    }

    private boolean atBottom() {
        Double total = area.totalHeightEstimateProperty().getValue();
        Double y = area.estimatedScrollYProperty().getValue();
        return total == null || y == null || total - y - area.getHeight() < 40;
    }

    // ------------------------------------------------------------------ document edits

    private void append(List<StyledLine> lines) {
        doc.append(lines);
    }

    private static boolean hasActions(Collection<String> ps) {
        return ps.contains("turn-header") || ps.contains("turn-footer")
                || ps.contains("reasoning-header") || ps.contains("md-code-header");
    }

    /** The code of the block whose header is paragraph {@code header}: the code lines that follow it. */
    private String codeAfter(int header) {
        StringBuilder sb = new StringBuilder();
        for (int i = header + 1; i < area.getParagraphs().size()
                && area.getParagraph(i).getParagraphStyle().contains("md-code-block"); i++) {
            if (i > header + 1) {
                sb.append('\n');
            }
            sb.append(area.getParagraph(i).getText());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ gutter

    /**
     * The paragraph graphic: null for plain lines (the gutter is the paragraph box's left padding, set in
     * chat.css, so a plain line costs no extra node), and a small button bar for lines with actions. The bar is
     * unmanaged, so the text does not move; it sits in the padding and follows the line's height.
     */
    private Node gutter(int paragraph) {
        cellsCreated++;
        Collection<String> ps = paragraph < area.getParagraphs().size()
                ? area.getParagraph(paragraph).getParagraphStyle() : List.of();
        if (!hasActions(ps)) {
            return null;
        }
        HBox box = new HBox(2);
        box.setManaged(false);
        box.setAlignment(Pos.BOTTOM_RIGHT); // a line's text sits at the bottom of its padded box
        box.getStyleClass().add("chat-gutter");
        box.parentProperty().addListener((o, was, parent) -> {
            if (parent instanceof Region r) {
                Runnable place = () -> box.resizeRelocate(0, 0, GUTTER - 4, r.getHeight());
                r.heightProperty().addListener(h -> place.run());
                place.run();
            }
        });
        int turn = -1;
        for (String s : ps) {
            if (s.startsWith("turn-") && s.length() > 5 && Character.isDigit(s.charAt(5))) {
                turn = Integer.parseInt(s.substring(5));
            }
        }
        final int t = turn;
        if (ps.contains("turn-header") && ps.contains("user")) {
            box.getChildren().addAll(button("\u270E", "Edit and resend", "edit-" + t, () -> actions.edit(t)),
                    button("\u21BB", "Retry: ask again", "retry-" + t, () -> actions.retry(t)));
        } else if (ps.contains("turn-header")) {
            box.getChildren().add(button("</>", "View code: this answer's request as curl, Python, TypeScript, Java "
                    + "or a spoon command", "code-answer-" + t, () -> actions.viewCode(t)));
        } else if (ps.contains("turn-footer")) {
            box.getChildren().addAll(
                    button("Copy", "Copy this answer (Markdown)", "copy-answer-" + t, () -> actions.copy(t)),
                    button("\u21BB", "Retry this answer", "retry-answer-" + t, () -> actions.retry(t)));
        } else if (ps.contains("reasoning-header")) {
            box.getChildren().add(button(ps.contains("collapsed") ? "\u25B8" : "\u25BE", "Show or hide reasoning",
                    "reasoning-" + t,
                    () -> actions.toggleReasoning(t)));
        } else if (ps.contains("md-code-header")) {
            box.getChildren().add(button("Copy", "Copy this code", "copy-code-" + paragraph, () -> {
                ClipboardContent c = new ClipboardContent();
                c.putString(codeAfter(paragraph));
                Clipboard.getSystemClipboard().setContent(c);
            }));
        }
        return box;
    }

    private static Button button(String text, String tip, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, "gutter-button");
        b.setAccessibleHelp(tip);
        // a Tooltip is a popup window with its own scene and CSS pass: made for every gutter cell, it took about 4%
        // of the UI thread during a fast stream (JFR). Made when the pointer first reaches the button, it shows as
        // before.
        b.setOnMouseEntered(e -> {
            if (b.getTooltip() == null) {
                b.setTooltip(new Tooltip(tip));
            }
        });
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    /** The plain text of the document (find, tests). */
    String text() {
        return area.getText();
    }
}
