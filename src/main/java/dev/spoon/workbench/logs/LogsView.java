package dev.spoon.workbench.logs;

import dev.spoon.workbench.Placeholder;
import dev.spoon.workbench.TableHeadings;
import dev.spoon.workbench.code.ViewCodeDialog;
import atlantafx.base.theme.Styles;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.code.CodeRequest;
import dev.spoon.llm.debug.DebugRecord;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Logs pane's layout: filters and export on top, the virtualized table of records, and below it the
 * selected record's detail (request, response, chunk timeline, error) and the replay editor with the new
 * record beside the original.
 */
final class LogsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final LogsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<DebugRecord> table = new TableView<>();
    private final TextField filter = new TextField();
    private final TabPane detail = new TabPane();
    private final Tab replayTab = new Tab("Replay");
    private final TextArea summary = area();
    private final TextArea reqHeaders = area();
    private final TextArea reqBody = area();
    private final TextArea respHeaders = area();
    private final TextArea respBody = area();
    private final TableView<RecordDetail.TimelineRow> timeline = new TableView<>();

    LogsView(LogsViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("logs-pane");
        root.getStylesheets().add(LogsView.class.getResource("logs.css").toExternalForm());
        root.setTop(toolbar());
        buildTable();
        buildDetail();
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        vm.selectedProperty().addListener((o, a, b) -> showDetail(b));
    }

    Node root() {
        return root;
    }

    void focusFilter() {
        filter.requestFocus();
    }

    private Node toolbar() {
        ComboBox<String> provider = new ComboBox<>(vm.providers());
        provider.setId("logs-provider");
        provider.setPrefWidth(150); // a long provider name in the list does not widen the toolbar past 1024 px
        provider.valueProperty().bindBidirectional(vm.providerProperty());
        ComboBox<String> source = sourceFilter();
        ComboBox<LogsViewModel.StatusFilter> status = new ComboBox<>();
        status.setId("logs-status");
        status.getItems().setAll(LogsViewModel.StatusFilter.values());
        status.valueProperty().bindBidirectional(vm.statusProperty());
        ComboBox<LogsViewModel.KindFilter> kind = new ComboBox<>();
        kind.setId("logs-kind");
        kind.getItems().setAll(LogsViewModel.KindFilter.values());
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        kind.setTooltip(new Tooltip("Provider calls (LLM), MCP JSON-RPC traffic, or both"));
        filter.setId("logs-filter");
        filter.setPromptText("Filter records (Ctrl+F)");
        filter.setTooltip(new Tooltip("Shows the records whose id, model, error or body text contains this"));
        filter.setPrefColumnCount(18);
        filter.setMinWidth(160);
        HBox.setHgrow(filter, Priority.SOMETIMES);
        filter.textProperty().bindBidirectional(vm.textProperty());
        Label count = new Label();
        count.setId("logs-count");
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "%,d of %,d records", vm.filtered().size(), vm.records().size()), vm.filtered(), vm.records()));
        Tooltip revision = new Tooltip();
        revision.textProperty().bind(Bindings.createStringBinding(() -> "Debug log revision "
                + vm.revisionProperty().get(), vm.revisionProperty()));
        count.setTooltip(revision);
        count.getStyleClass().add(Styles.TEXT_MUTED);
        MenuButton export = new MenuButton("Export");
        export.setId("logs-export");
        export.setTooltip(new Tooltip("Export the records the filters show, as JSONL, CSV or HAR"));
        for (DebugExporter.Format f : DebugExporter.Format.values()) {
            MenuItem item = new MenuItem(f.name() + "\u2026");
            item.setOnAction(e -> export(f));
            export.getItems().add(item);
        }
        ProgressBar progress = new ProgressBar();
        progress.setId("logs-export-progress");
        progress.progressProperty().bind(vm.exportProgressProperty());
        progress.visibleProperty().bind(vm.exportProgressProperty().greaterThanOrEqualTo(0));
        progress.managedProperty().bind(progress.visibleProperty());
        Button cancel = new Button("Cancel export");
        cancel.visibleProperty().bind(progress.visibleProperty());
        cancel.managedProperty().bind(progress.visibleProperty());
        cancel.setOnAction(e -> vm.cancelExport());
        Button clear = new Button("Clear");
        clear.setOnAction(e -> vm.clear());
        Label msg = new Label();
        msg.setId("logs-message");
        dev.spoon.workbench.StatusStyle.bind(msg, vm.message());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // the kind filter and the record count sit here, not in the toolbar, so the toolbar's filters fit 1024 px
        HBox statusLine = new HBox(10, kind, count, msg, progress, cancel);
        statusLine.setAlignment(Pos.CENTER_LEFT);
        statusLine.getStyleClass().add("logs-status-line");
        root.setBottom(statusLine);
        return new ToolBar(provider, source, status, filter, spacer, export, clear);
    }

    /**
     * One combo for the origin and the client filters ("origin: gateway", "client: OpenAI/Python 1.99"), so the
     * toolbar fits a 1024 px window: a client is a gateway caller, so choosing one implies origin gateway.
     */
    private ComboBox<String> sourceFilter() {
        String all = "All sources";
        ComboBox<String> source = new ComboBox<>();
        source.setId("logs-source");
        source.setPrefWidth(170); // long origins and gateway clients ("client: openai-java/4.105.0") stay in the list
        source.setTooltip(new Tooltip("Filter by origin (chat, compare, gateway\u2026) or by gateway client"));
        Runnable rebuild = () -> {
            String chosen = source.getValue();
            java.util.List<String> items = new java.util.ArrayList<>(java.util.List.of(all));
            vm.origins().stream().skip(1).forEach(o -> items.add("origin: " + o));
            vm.clients().stream().skip(1).forEach(c -> items.add("client: " + c));
            source.getItems().setAll(items);
            source.setValue(chosen == null || !items.contains(chosen) ? all : chosen);
        };
        vm.origins().addListener((javafx.collections.ListChangeListener<String>) c -> rebuild.run());
        vm.clients().addListener((javafx.collections.ListChangeListener<String>) c -> rebuild.run());
        rebuild.run();
        source.valueProperty().addListener((o, a, b) -> {
            boolean origin = b != null && b.startsWith("origin: ");
            boolean client = b != null && b.startsWith("client: ");
            vm.originProperty().set(origin ? b.substring(8) : LogsViewModel.ALL_ORIGINS);
            vm.clientProperty().set(client ? b.substring(8) : LogsViewModel.ALL_CLIENTS);
        });
        return source;
    }

    private void export(DebugExporter.Format f) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + vm.filtered().size() + " records as " + f.name());
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.name(), "*." + f.extension()));
        fc.setInitialFileName("spoon-debug." + f.extension());
        File file = fc.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.export(file.toPath(), f);
        }
    }

    private void buildTable() {
        table.setId("logs-table");
        table.setPlaceholder(Placeholder.of("No requests yet: every request from every pane appears here live."));
        table.getColumns().add(column("Time", 115, r -> TIME.format(r.ts())));
        table.getColumns().add(column("Provider", 100, DebugRecord::provider));
        table.getColumns().add(column("Model", 150, r -> r.kind() == DebugRecord.Kind.MCP ? "MCP " + r.method() : r.model()));
        table.getColumns().add(column("Status", 190, RecordDetail::status));
        table.getColumns().add(column("ms", 70, DebugRecord::durationMs));
        table.getColumns().add(column("TTFT", 70, DebugRecord::ttftMs));
        table.getColumns().add(column("Tokens", 90, r -> r.usage() == null ? null
                : r.usage().promptTokens() + " + " + r.usage().completionTokens()));
        table.getColumns().add(column("Try", 70, r -> {
            String fb = r.tags().get("fallback_index");
            return r.attempt() == null ? null : r.attempt() + (fb == null || fb.equals("0") ? "" : " (fb " + fb + ")");
        }));
        table.getColumns().add(column("Cache", 65, r -> r.cacheHit() ? "hit" : ""));
        table.getColumns().add(column("Stream", 65, r -> r.stream() ? "yes" : ""));
        table.getColumns().add(column("Origin", 110, r -> r.tags().get("origin")));
        table.getColumns().add(column("Client", 150, DebugRecord::userAgent));
        table.getColumns().add(column("Request id", 170, DebugRecord::requestId));
        TableHeadings.keepWhole(table);
        table.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(DebugRecord r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"),
                        !empty && r != null && r.error() != null && !r.cancelled());
            }
        });
        SortedList<DebugRecord> sorted = new SortedList<>(vm.filtered());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> TableColumn<DebugRecord, T> column(String name, double width, Function<DebugRecord, T> f) {
        TableColumn<DebugRecord, T> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setComparator((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1
                : a instanceof Comparable ca ? ca.compareTo(b) : a.toString().compareTo(b.toString()));
        return c;
    }

    private void buildDetail() {
        detail.setId("logs-detail");
        TableColumn<RecordDetail.TimelineRow, Object> idx = new TableColumn<>("#");
        idx.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().index()));
        idx.setPrefWidth(50);
        TableColumn<RecordDetail.TimelineRow, Object> at = new TableColumn<>("Arrived (ms)");
        at.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(RecordDetail.ms(cd.getValue().offsetMs())));
        at.setPrefWidth(100);
        TableColumn<RecordDetail.TimelineRow, Object> gap = new TableColumn<>("+ gap (ms)");
        gap.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(RecordDetail.ms(cd.getValue().gapMs())));
        gap.setPrefWidth(90);
        TableColumn<RecordDetail.TimelineRow, Object> delta = new TableColumn<>("Delta");
        delta.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().delta()));
        delta.setPrefWidth(220);
        TableColumn<RecordDetail.TimelineRow, Object> ev = new TableColumn<>("Event as received");
        ev.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().event()));
        ev.setPrefWidth(800);
        timeline.getColumns().setAll(java.util.List.of(idx, at, gap, delta, ev));
        timeline.setId("logs-timeline");
        TableHeadings.keepWhole(timeline);
        timeline.setPlaceholder(Placeholder.of("Not streamed (or no chunks recorded)."));
        detail.getTabs().addAll(tab("Summary", summary), tab("Request", split(reqHeaders, reqBody)),
                tab("Response", split(respHeaders, respBody)), tab("Chunks", timeline), replayTab);
        replayTab.setContent(new ReplayView(vm).root());
        replayTab.setClosable(false);
        Button openReplay = new Button("Replay this request\u2026");
        openReplay.setId("logs-open-replay");
        openReplay.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || vm.selectedProperty().get().kind() == DebugRecord.Kind.MCP, vm.selectedProperty()));
        openReplay.setOnAction(e -> {
            vm.replay().open(vm.selectedProperty().get());
            detail.getSelectionModel().select(replayTab);
        });
        Button viewCode = new Button("View code\u2026");
        viewCode.setId("logs-view-code");
        viewCode.setTooltip(new javafx.scene.control.Tooltip("This request as curl, Python, TypeScript, Java or a "
                + "spoon command (keys as environment variables)"));
        viewCode.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !CodeRequest.canShow(vm.selectedProperty().get()), vm.selectedProperty()));
        viewCode.setOnAction(e -> ViewCodeDialog.open(viewCode.getScene().getWindow(), "Code: request "
                + vm.selectedProperty().get().requestId(), () -> CodeRequest.fromRecord(vm.selectedProperty().get())));
        VBox box = new VBox(6, new javafx.scene.layout.HBox(8, openReplay, viewCode), summary);
        VBox.setVgrow(summary, Priority.ALWAYS);
        box.setAlignment(Pos.TOP_LEFT);
        detail.getTabs().get(0).setContent(box);
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        return t;
    }

    private static Node split(TextArea headers, TextArea body) {
        SplitPane s = new SplitPane(headers, body);
        s.setDividerPositions(0.3);
        return s;
    }

    static TextArea area() {
        TextArea a = new TextArea();
        a.setEditable(false);
        a.setWrapText(true);
        a.getStyleClass().add("code");
        return a;
    }

    private void showDetail(DebugRecord r) {
        if (r == null) {
            for (TextArea a : new TextArea[]{summary, reqHeaders, reqBody, respHeaders, respBody}) {
                a.clear();
            }
            timeline.getItems().clear();
            return;
        }
        summary.setText(RecordDetail.summary(r));
        reqHeaders.setText(RecordDetail.headers(r.requestHeaders()));
        reqBody.setText(RecordDetail.body(r.requestBody()));
        respHeaders.setText(RecordDetail.headers(r.responseHeaders()));
        respBody.setText(r.responseBody() != null ? RecordDetail.body(r.responseBody()) : r.chunks().isEmpty()
                ? "(no body recorded)" : "Streamed in " + r.chunks().size() + " chunks (see the Chunks tab); the text:\n\n"
                + RecordDetail.streamedText(r.chunks(), vm.wireFormatOf(r.provider())));
        timeline.getItems().setAll(RecordDetail.timeline(r.chunks(), vm.wireFormatOf(r.provider())));
    }
}
