package dev.spoon.workbench.compare;

import atlantafx.base.theme.Styles;
import dev.spoon.workbench.FramePacer;
import dev.spoon.workbench.request.RequestOptionsBar;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Compare pane's layout: toolbar, the columns side by side, an optional word-diff panel, the summary and
 * the shared prompt. One {@link AnimationTimer} moves one column's streamed text to the model and lays out
 * one changed column per frame (fewer frames when drawing overruns, see {@link FramePacer}), so thousands of
 * tokens per second never queue thousands of UI updates or one long frame.
 */
final class CompareView {
    private final CompareViewModel vm;
    private final BorderPane root = new BorderPane();
    private final HBox columnsBox = new HBox(8);
    private final List<ColumnView> columnViews = new ArrayList<>();
    private final SplitPane split = new SplitPane();
    private final VBox diffPane = new VBox(6);
    private final StyleClassedTextArea diffArea = new StyleClassedTextArea();
    private final ComboBox<Integer> diffLeft = new ComboBox<>();
    private final ComboBox<Integer> diffRight = new ComboBox<>();
    private final Label diffInfo = new Label();
    private final ToggleButton diffToggle = new ToggleButton("Diff");
    private final TextArea prompt = new TextArea();
    private final Label summary = new Label();
    private final AnimationTimer frames;
    private final FramePacer pacer = new FramePacer();
    private int lastSynced = -1;
    private final FileChooser chooser = new FileChooser();

    CompareView(CompareViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("compare-pane");
        root.getStylesheets().add(CompareView.class.getResource("compare.css").toExternalForm());
        root.setTop(toolbar());
        columnsBox.getStyleClass().add("compare-columns");
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.getItems().add(columnsBox);
        buildDiffPane();
        root.setCenter(split);
        root.setBottom(bottom());
        vm.columns().addListener((ListChangeListener<CompareColumn>) c -> rebuildColumns());
        rebuildColumns();
        vm.summaryProperty().addListener((o, a, b) -> showSummary());
        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (!pacer.beginFrame(System.nanoTime())) {
                    return;
                }
                vm.drainNext();
                if (!syncNextView() && vm.runningProperty().get() == 0) {
                    frames.stop(); // nothing streams and every column shows its text
                }
            }
        };
        vm.runningProperty().addListener((o, a, b) -> {
            if (b.intValue() > 0) {
                pacer.reset();
                frames.start();
            } else {
                vm.drainAll(); // the views catch up on the next frames, one column each
                if (diffToggle.isSelected()) {
                    showDiff();
                }
            }
        });
    }

    Node root() {
        return root;
    }

    void focusPrompt() {
        prompt.requestFocus();
    }

    /** A column's text changed: the frame timer shows it on a coming frame. */
    private void showChangesSoon() {
        frames.start();
    }

    /** Lays out the next column (after the last one) whose text changed. Returns whether there was one. */
    private boolean syncNextView() {
        int n = columnViews.size();
        for (int i = 1; i <= n; i++) {
            int k = (lastSynced + i) % n;
            if (columnViews.get(k).syncIfDirty()) {
                lastSynced = k;
                return true;
            }
        }
        return false;
    }

    /** Whether every column shows all of its text (tests wait for this after a run). */
    boolean allColumnsShown() {
        return columnViews.stream().noneMatch(ColumnView::isDirty);
    }

    void dispose() {
        frames.stop();
        columnViews.forEach(ColumnView::dispose);
    }

    private Node toolbar() {
        Button add = new Button("+ Column");
        add.setId("add-column");
        add.disableProperty().bind(Bindings.size(vm.columns()).greaterThanOrEqualTo(CompareViewModel.MAX_COLUMNS));
        add.setOnAction(e -> vm.addColumn());
        Button fresh = new Button("New");
        fresh.setOnAction(e -> vm.newComparison());
        Button open = new Button("Open\u2026");
        open.setOnAction(e -> {
            File f = choose("Open comparison", "JSON", "*.json", false);
            if (f != null) {
                vm.load(f.toPath());
            }
        });
        MenuItem md = new MenuItem("Markdown table\u2026");
        md.setOnAction(e -> export(CompareViewModel.Format.MARKDOWN));
        MenuItem json = new MenuItem("JSON\u2026");
        json.setOnAction(e -> export(CompareViewModel.Format.JSON));
        MenuButton exportMenu = new MenuButton("Save / Export", null, json, md);
        exportMenu.setId("export-menu");
        diffToggle.setId("diff-toggle");
        diffToggle.setOnAction(e -> {
            if (diffToggle.isSelected()) {
                split.getItems().add(diffPane);
                split.setDividerPositions(0.6);
                showDiff();
            } else {
                split.getItems().remove(diffPane);
            }
        });
        Label status = new Label();
        status.setId("compare-status");
        dev.spoon.workbench.StatusStyle.bind(status, vm.status());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(add, fresh, new Separator(), open, exportMenu, new Separator(), diffToggle, spacer, status);
    }

    private void export(CompareViewModel.Format format) {
        boolean json = format == CompareViewModel.Format.JSON;
        File f = choose(json ? "Save comparison as JSON" : "Export comparison as Markdown", json ? "JSON" : "Markdown",
                json ? "*.json" : "*.md", true);
        if (f != null) {
            vm.export(f.toPath(), format);
        }
    }

    private File choose(String title, String kind, String glob, boolean save) {
        chooser.setTitle(title);
        chooser.getExtensionFilters().setAll(new FileChooser.ExtensionFilter(kind, glob));
        chooser.setInitialFileName(save ? "comparison" + glob.substring(1) : null);
        var window = root.getScene() == null ? null : root.getScene().getWindow();
        return save ? chooser.showSaveDialog(window) : chooser.showOpenDialog(window);
    }

    private void buildDiffPane() {
        diffPane.getStyleClass().add("diff-pane");
        for (ComboBox<Integer> box : List.of(diffLeft, diffRight)) {
            box.setCellFactory(l -> new ColumnCell());
            box.setButtonCell(new ColumnCell());
            box.valueProperty().addListener((o, a, b) -> showDiff());
        }
        diffLeft.setId("diff-left");
        diffRight.setId("diff-right");
        diffInfo.setId("diff-info");
        Label legend = new Label("removed");
        legend.getStyleClass().add("legend-deleted");
        Label legend2 = new Label("added");
        legend2.getStyleClass().add("legend-inserted");
        HBox bar = new HBox(8, new Label("Word diff of the latest answers:"), diffLeft, new Label("\u2192"), diffRight,
                legend, legend2, diffInfo);
        bar.setAlignment(Pos.CENTER_LEFT);
        diffArea.setEditable(false);
        diffArea.setWrapText(true);
        diffArea.setId("diff-area");
        diffArea.getStyleClass().add("compare-answer");
        VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(diffArea);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        scroll.setPrefSize(300, 150); // see ColumnView: never size a virtual flow by its content
        diffPane.getChildren().addAll(bar, scroll);
    }

    private final class ColumnCell extends ListCell<Integer> {
        @Override
        protected void updateItem(Integer i, boolean empty) {
            super.updateItem(i, empty);
            setText(empty || i == null || i >= vm.columns().size() ? null
                    : "#" + (i + 1) + " " + vm.columns().get(i).label());
        }
    }

    private void showDiff() {
        Integer l = diffLeft.getValue();
        Integer r = diffRight.getValue();
        if (l == null || r == null || l >= vm.columns().size() || r >= vm.columns().size()) {
            diffArea.replaceText("Choose two columns.");
            diffInfo.setText("");
            return;
        }
        WordDiff.Result d = vm.diff(l, r);
        diffArea.clear();
        for (WordDiff.Segment s : d.segments()) {
            String style = switch (s.kind()) {
                case EQUAL -> "diff-equal";
                case DELETED -> "diff-deleted";
                case INSERTED -> "diff-inserted";
            };
            diffArea.append(s.text(), Set.of(style));
        }
        diffInfo.setText(d.identical() ? "identical" : d.deletedWords() + " words removed, " + d.insertedWords()
                + " added");
    }

    private Node bottom() {
        summary.setId("compare-summary");
        summary.getStyleClass().add("summary");
        // without prices it also says how to add them: too long for one line at 1024 px, so it wraps
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        TextField system = new TextField();
        system.setId("compare-system");
        system.setPromptText("System prompt (optional, shared by all columns)");
        system.textProperty().bindBidirectional(vm.systemProperty());
        prompt.setId("compare-prompt");
        prompt.setPromptText("Prompt sent to every column at once (Ctrl+Enter). Later prompts continue each "
                + "column's conversation.");
        prompt.setPrefRowCount(3);
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        HBox.setHgrow(prompt, Priority.ALWAYS);
        Button send = new Button("Send to all");
        send.setId("compare-send");
        send.getStyleClass().add(Styles.ACCENT);
        send.setDefaultButton(false);
        send.disableProperty().bind(vm.runningProperty().greaterThan(0));
        send.setOnAction(e -> vm.send());
        send.setMaxWidth(Double.MAX_VALUE);
        Button stop = new Button("Stop");
        stop.setId("compare-stop");
        stop.disableProperty().bind(vm.runningProperty().isEqualTo(0));
        stop.setOnAction(e -> vm.stopAll());
        stop.setMaxWidth(Double.MAX_VALUE);
        VBox buttons = new VBox(6, send, stop);
        HBox input = new HBox(8, prompt, buttons);
        RequestOptionsBar options = new RequestOptionsBar(vm.requestOptions(), "compare");
        options.acceptImages(root, prompt);
        options.setLeading(system);
        options.showTokens(vm.draftTokens());
        VBox box = new VBox(6, summary, options.root(), input);
        box.getStyleClass().add("compare-input");
        showSummary();
        return box;
    }

    private void rebuildColumns() {
        columnViews.forEach(ColumnView::dispose);
        columnViews.clear();
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < vm.columns().size(); i++) {
            ColumnView v = new ColumnView(vm, vm.columns().get(i), i, this::showChangesSoon);
            HBox.setHgrow(v.root(), Priority.ALWAYS);
            v.root().setMinWidth(200);
            v.root().setPrefWidth(400);
            columnViews.add(v);
            nodes.add(v.root());
        }
        columnsBox.getChildren().setAll(nodes);
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < vm.columns().size(); i++) {
            idx.add(i);
        }
        Integer l = diffLeft.getValue();
        Integer r = diffRight.getValue();
        diffLeft.getItems().setAll(idx);
        diffRight.getItems().setAll(idx);
        diffLeft.setValue(l != null && l < idx.size() ? l : 0);
        diffRight.setValue(r != null && r < idx.size() ? r : Math.min(1, idx.size() - 1));
        showSummary();
    }

    private void showSummary() {
        CompareSummary s = vm.summaryProperty().get();
        for (int i = 0; i < columnViews.size(); i++) {
            columnViews.get(i).showMarks(s.marksOf(i));
        }
        if (s.fastest() < 0) {
            summary.setText(vm.columns().size() + " columns \u00B7 the summary (fastest, cheapest, longest) appears "
                    + "when answers are in");
            return;
        }
        summary.setText("Fastest: " + name(s.fastest()) + "   \u00B7   Cheapest: "
                + (s.cheapest() < 0 ? "unknown (no prices configured: add [prices.\"MODEL\"] to the config)"
                : name(s.cheapest())) + "   \u00B7   Longest: " + name(s.longest()));
    }

    private String name(int i) {
        return i < 0 || i >= vm.columns().size() ? "\u2013" : "#" + (i + 1) + " " + vm.columns().get(i).label();
    }
}
