package dev.spoon.workbench.compare;

import atlantafx.base.theme.Styles;
import dev.spoon.workbench.request.UsageText;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import dev.spoon.workbench.code.ViewCodeDialog;
import dev.spoon.workbench.markdown.LineDocument;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One column on screen: its target controls, the streamed transcript rendered as Markdown (the chat's renderer,
 * in a virtualized RichTextFX area: while text streams only the open tail is rendered again), the figures, the
 * summary marks and the rating stars.
 */
final class ColumnView {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("danger");

    private final CompareColumn column;
    private final VBox root = new VBox(6);
    private final StyleClassedTextArea area = new StyleClassedTextArea();
    /** A table's own padding and the area's (markdown.css, compare.css). */
    private final LineDocument doc = new LineDocument(area, 16 + 8);
    /** The streamed part of the transcript: from the last full render, or the last finished answer, on. */
    private LineDocument.Section section;
    private final Label state = new Label();
    private final FlowPane figures = new FlowPane(10, 4);
    /** The failed answer's error, under the figures: a wrapped label of its own, as wide as the column. */
    private final Label error = new Label();
    /** A JSON answer's check (parsed, schema errors), under the figures. */
    private final Label jsonCheck = new Label();
    private final FlowPane marks = new FlowPane(4, 4);
    private final List<ToggleButton> stars = new ArrayList<>();
    private final ChangeListener<Number> lengthListener = (o, a, b) -> markDirty();
    private final ChangeListener<Number> versionListener = (o, a, b) -> markDirty();
    private final Runnable onDirty;
    private boolean dirty;
    private int shown;
    private int shownVersion;

    /**
     * @param onDirty called when the column's text changed: the pane then calls {@link #syncIfDirty} on a
     *                later frame, one column per frame, so columns that change together (four runs ending at
     *                once) are laid out over several frames instead of in one long one
     */
    ColumnView(CompareViewModel vm, CompareColumn column, int index, Runnable onDirty) {
        this.column = column;
        this.onDirty = onDirty;
        root.getStyleClass().add("compare-column");
        root.setId("compare-column-" + index);

        Label number = new Label("#" + (index + 1));
        number.getStyleClass().addAll(Styles.TEXT_BOLD, "column-number");
        ComboBox<String> provider = new ComboBox<>(vm.providers());
        provider.getStyleClass().add(Styles.SMALL);
        dev.spoon.workbench.ChoiceBinding.bind(provider, column.providerProperty());
        provider.setTooltip(new Tooltip("Provider"));
        ComboBox<String> model = new ComboBox<>();
        model.setEditable(true);
        model.getStyleClass().add(Styles.SMALL);
        model.setPromptText("default model");
        model.setItems(vm.modelsOf(column.providerProperty().get()));
        column.providerProperty().addListener((o, a, b) -> model.setItems(vm.modelsOf(b)));
        model.valueProperty().bindBidirectional(column.modelProperty());
        model.setOnShowing(e -> vm.loadModels(column.providerProperty().get()));
        model.setTooltip(new Tooltip("Model (free text allowed)"));
        model.setPrefWidth(150);
        Button rerun = new Button("\u21BB");
        rerun.setId("rerun-" + index);
        rerun.getStyleClass().addAll(Styles.FLAT, Styles.SMALL); // text buttons: BUTTON_ICON shows a graphic only
        rerun.setTooltip(new Tooltip("Re-run this column's latest turn"));
        rerun.disableProperty().bind(column.stateProperty().isEqualTo(CompareColumn.State.RUNNING)
                .or(column.stateProperty().isEqualTo(CompareColumn.State.IDLE)));
        rerun.setOnAction(e -> vm.rerun(column));
        Button code = new Button("</>");
        code.setId("code-" + index);
        code.getStyleClass().addAll(Styles.FLAT, Styles.SMALL); // text buttons: BUTTON_ICON shows a graphic only
        code.setTooltip(new Tooltip("View code: this column's request as curl, Python, TypeScript, Java or a spoon "
                + "command"));
        code.disableProperty().bind(column.providerProperty().isNull());
        code.setOnAction(e -> ViewCodeDialog.open(code.getScene().getWindow(), "Code: Compare column " + index,
                () -> vm.code(column)));
        Button remove = new Button("\u2715");
        remove.getStyleClass().addAll(Styles.FLAT, Styles.SMALL); // text buttons: BUTTON_ICON shows a graphic only
        remove.setTooltip(new Tooltip("Remove this column"));
        remove.setOnAction(e -> vm.removeColumn(column));
        // rows that wrap instead of squeezing: three or more columns in a small window are narrow
        FlowPane head = new FlowPane(6, 4, number, provider, model, state, rerun, remove);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setId("column-head-" + index);

        TextField temperature = numberField("T", "Temperature: a number from 0 to 2 (empty = provider default)",
                column.temperatureProperty().get(), s -> {
                    double t = Double.parseDouble(s);
                    if (t < 0 || t > 2) {
                        throw new NumberFormatException();
                    }
                    return t;
                }, v -> column.temperatureProperty().set((Double) v));
        TextField maxTokens = numberField("max tokens", "Max tokens: a whole number from 1 (empty = provider default)",
                column.maxTokensProperty().get(), s -> {
                    int n = Integer.parseInt(s);
                    if (n < 1) {
                        throw new NumberFormatException();
                    }
                    return n;
                }, v -> column.maxTokensProperty().set((Integer) v));
        HBox rating = new HBox(0);
        rating.getStyleClass().add("rating");
        for (int i = 1; i <= CompareColumn.MAX_RATING; i++) {
            int value = i;
            ToggleButton star = new ToggleButton("\u2605");
            star.setId("rate-" + index + "-" + i);
            star.getStyleClass().addAll(Styles.FLAT, "star");
            star.setTooltip(new Tooltip("Rate " + i + " of 5 (click again to clear)"));
            star.setOnAction(e -> column.ratingProperty().set(column.ratingProperty().get() == value ? 0 : value));
            stars.add(star);
            rating.getChildren().add(star);
        }
        column.ratingProperty().addListener((o, a, b) -> showRating());
        showRating();
        FlowPane params = new FlowPane(6, 4, temperature, maxTokens, rating, code);
        params.setAlignment(Pos.CENTER_LEFT);

        area.getStyleClass().add("compare-answer");
        doc.setOnTableWidthChanged(() -> {
            shownVersion = -1; // lay the tables out again for the new width
            markDirty();
        });
        area.setId("answer-" + index);
        VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(area);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // a fixed preferred size: otherwise every layout asks the virtual flow for its content's size, which
        // measures every paragraph and turns each streamed append into O(length) work
        scroll.setPrefSize(300, 200);
        scroll.setMinSize(100, 80);
        figures.getStyleClass().add("figures");
        figures.setId("figures-" + index);
        error.setWrapText(true);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // the answer shrinks, not the error and its advice
        error.getStyleClass().addAll(Styles.DANGER, "column-error");
        error.setId("error-" + index);
        error.managedProperty().bind(error.visibleProperty());
        error.setVisible(false);
        jsonCheck.setWrapText(true);
        jsonCheck.setId("json-check-" + index);
        jsonCheck.getStyleClass().add(Styles.TEXT_SMALL);
        jsonCheck.managedProperty().bind(jsonCheck.visibleProperty());
        jsonCheck.setVisible(false);
        
        Label notice = new Label();
        notice.setId("notice-" + index);
        notice.setWrapText(true);
        notice.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING, "column-notice");
        notice.textProperty().bind(column.noticeProperty().map(s -> s.isEmpty() ? "" : "\u21BB " + s));
        notice.visibleProperty().bind(column.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        root.getChildren().addAll(head, params, notice, scroll, marks, figures, jsonCheck, error);

        column.lengthProperty().addListener(lengthListener);
        column.documentVersionProperty().addListener(versionListener);
        column.stateProperty().addListener((o, a, b) -> {
            showState();
            if (a == CompareColumn.State.RUNNING) {
                markDirty(); // the answer ended: its tail is rendered for good
            }
        });
        column.figuresProperty().addListener((o, a, b) -> showFigures());
        sync();
        showState();
        showFigures();
    }

    VBox root() {
        return root;
    }

    CompareColumn column() {
        return column;
    }

    void dispose() {
        column.lengthProperty().removeListener(lengthListener);
        column.documentVersionProperty().removeListener(versionListener);
    }

    /** Shows the summary marks of this column (fastest, cheapest, longest). */
    void showMarks(List<String> names) {
        marks.getChildren().clear();
        for (String n : names) {
            Label l = new Label(n);
            l.getStyleClass().addAll("mark", "mark-" + n);
            marks.getChildren().add(l);
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            onDirty.run();
        }
    }

    /** Whether the text shown lags the column's text. */
    boolean isDirty() {
        return dirty;
    }

    /** Shows the column's new text, if any. Returns whether there was any. */
    boolean syncIfDirty() {
        if (!dirty) {
            return false;
        }
        dirty = false;
        sync();
        return true;
    }

    private void sync() {
        int len = column.lengthProperty().get();
        int version = column.documentVersionProperty().get();
        boolean running = column.stateProperty().get() == CompareColumn.State.RUNNING;
        if (version != shownVersion || len < shown) {
            doc.clear();
            section = doc.openMarkdown();
            section.grow(column.text());
            shownVersion = version;
        } else if (len > shown) {
            if (section == null) {
                section = doc.openMarkdown();
            }
            section.grow(column.textSince(shown));
        } else if (running || section == null) {
            return;
        }
        shown = len;
        if (running) {
            area.moveTo(area.getLength());
            area.requestFollowCaret();
        } else {
            // the answer is complete: render its tail for good, so an unclosed code block ends with it
            section.close();
            section = null;
        }
    }

    private void showRating() {
        int r = column.ratingProperty().get();
        for (int i = 0; i < stars.size(); i++) {
            stars.get(i).setSelected(i < r);
        }
    }

    private void showState() {
        CompareColumn.State s = column.stateProperty().get();
        state.setText(switch (s) {
            case IDLE -> "";
            case RUNNING -> "streaming\u2026";
            case DONE -> "done";
            case FAILED -> "failed";
        });
        state.getStyleClass().setAll("label", "column-state", "state-" + s.name().toLowerCase(Locale.ROOT));
    }

    private void showFigures() {
        figures.getChildren().clear();
        ColumnFigures f = column.figuresProperty().get();
        error.setVisible(f != null && f.failed());
        jsonCheck.setVisible(f != null && f.jsonCheck() != null);
        if (f == null) {
            return;
        }
        if (f.jsonCheck() != null) {
            jsonCheck.setText(String.join("\n", f.jsonCheck()));
            jsonCheck.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
            jsonCheck.getStyleClass().add(Boolean.TRUE.equals(f.jsonValid()) ? Styles.SUCCESS : Styles.DANGER);
        }
        add("TTFT", f.ttftMs() == null ? "\u2013" : f.ttftMs() + " ms");
        add("total", f.totalMs() == null ? "\u2013" : seconds(f.totalMs()));
        add("tok/s", f.tokensPerSecond() == null ? "\u2013" : String.format(Locale.ROOT, "%.0f", f.tokensPerSecond()));
        add("tokens", f.promptTokens() == null ? "not reported" : UsageText.of(f.promptTokens(), f.completionTokens(),
                f.cachedPromptTokens(), f.cacheCreationTokens(), f.reasoningTokens()));
        add("cost", f.costUsd() == null ? "no price" : String.format(Locale.ROOT, "$%.5f", f.costUsd()));
        add("finish", f.finishReason() == null ? "\u2013" : f.finishReason());
        if (f.answeredBy() != null && !f.answeredBy().equals(column.providerProperty().get())) {
            add("answered by", f.answeredBy() + " (fallback)");
        }
        if (f.failed()) {
            error.setText(f.error());
        }
    }

    private void add(String name, String value) {
        Label l = new Label(name + " " + value);
        l.getStyleClass().add("figure");
        figures.getChildren().add(l);
    }

    private static String seconds(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    private static TextField numberField(String prompt, String help, Object initial, Function<String, Object> parse,
                                         java.util.function.Consumer<Object> set) {
        TextField f = new TextField(initial == null ? "" : initial.toString());
        f.setPromptText(prompt);
        f.setPrefColumnCount(prompt.length() > 2 ? 6 : 3);
        f.getStyleClass().add(Styles.SMALL);
        Tooltip tip = new Tooltip(help);
        f.setTooltip(tip);
        f.textProperty().addListener((o, a, b) -> {
            String s = b == null ? "" : b.strip();
            if (s.isEmpty()) {
                set.accept(null);
                f.pseudoClassStateChanged(INVALID, false);
                tip.setText(help);
                return;
            }
            try {
                set.accept(parse.apply(s));
                f.pseudoClassStateChanged(INVALID, false);
                tip.setText(help);
            } catch (NumberFormatException e) {
                set.accept(null);
                f.pseudoClassStateChanged(INVALID, true);
                tip.setText("'" + s + "' is not valid. " + help + ". The default is used until it is fixed.");
            }
        });
        return f;
    }
}
