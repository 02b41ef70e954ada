package dev.spoon.workbench.metrics;

import dev.spoon.workbench.Placeholder;
import dev.spoon.workbench.TableHeadings;
import atlantafx.base.theme.Styles;
import dev.spoon.llm.metrics.MetricsWindow;
import dev.spoon.llm.metrics.PerformanceStats;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.workbench.request.UsageText;
import dev.spoon.llm.metrics.SeriesPoint;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Metrics pane's layout: window and provider choice, export and PNG snapshot, session totals, six live
 * charts (re-drawn only when the view model publishes a new snapshot, a few times a second at most), the
 * per provider/model table and the health table. A one-second tick slides the time window when idle.
 */
final class MetricsView {
    private final MetricsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Label totals = new Label();
    private final LineChart<Number, Number> requests = lineChart("Requests / s", "req/s");
    private final LineChart<Number, Number> latency = lineChart("Latency (ms)", "ms");
    private final LineChart<Number, Number> ttft = lineChart("Time to first token (ms)", "ms");
    private final LineChart<Number, Number> speed = lineChart("Generation speed (tokens / s)", "tok/s");
    private final BarChart<String, Number> errors = barChart("Errors by type (window)", "errors");
    private final BarChart<String, Number> tokens = barChart("Tokens by provider / model (window)", "tokens");
    private final TableView<ProviderStats> table = new TableView<>();
    private final TableView<HealthRow> healthTable = new TableView<>();
    private final Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
        if (root.getScene() != null && root.isVisible()) {
            vm().requestRefresh();
        }
    }));

    MetricsView(MetricsViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("metrics-pane");
        root.getStylesheets().add(MetricsView.class.getResource("metrics.css").toExternalForm());
        root.setTop(toolbar());
        GridPane charts = new GridPane();
        charts.setHgap(8);
        charts.setVgap(8);
        charts.add(requests, 0, 0);
        charts.add(latency, 1, 0);
        charts.add(ttft, 2, 0);
        charts.add(speed, 0, 1);
        charts.add(errors, 1, 1);
        charts.add(tokens, 2, 1);
        for (Node n : charts.getChildren()) {
            GridPane.setHgrow(n, Priority.ALWAYS);
            ((Region) n).setPrefHeight(230);
            ((Region) n).setMinWidth(250);
        }
        buildTable();
        buildHealth();
        totals.setId("metrics-totals");
        totals.getStyleClass().add("totals");
        totals.setWrapText(true); // the session line is long: it wraps in a narrow window instead of being cut
        Label t1 = new Label("Per provider and model, in the chosen time window");
        t1.getStyleClass().add(Styles.TEXT_BOLD);
        Label t2 = new Label("Provider health");
        t2.getStyleClass().add(Styles.TEXT_BOLD);
        Button check = new Button("Check now");
        check.setId("metrics-check-health");
        check.setOnAction(e -> vm.checkHealth());
        HBox healthHead = new HBox(8, t2, check);
        healthHead.setAlignment(Pos.CENTER_LEFT);
        table.setPrefHeight(180);
        healthTable.setPrefHeight(140);
        VBox content = new VBox(8, totals, charts, t1, table, healthHead, healthTable);
        content.getStyleClass().add("metrics-content");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        root.setCenter(scroll);
        vm.snapshotProperty().addListener((o, a, b) -> show(b));
        show(vm.snapshotProperty().get());
        tick.setCycleCount(Timeline.INDEFINITE);
    }

    private MetricsViewModel vm() {
        return vm;
    }

    Node root() {
        return root;
    }

    void start() {
        tick.play();
    }

    void stop() {
        tick.stop();
    }

    private Node toolbar() {
        ComboBox<MetricsWindow> window = new ComboBox<>();
        window.setId("metrics-window");
        window.getItems().setAll(MetricsWindow.values());
        window.setCellFactory(l -> new WindowCell());
        window.setButtonCell(new WindowCell());
        window.valueProperty().bindBidirectional(vm.windowProperty());
        ComboBox<String> provider = new ComboBox<>(vm.providers());
        provider.setId("metrics-provider");
        provider.valueProperty().bindBidirectional(vm.providerProperty());
        MenuItem csv = new MenuItem("CSV\u2026");
        csv.setOnAction(e -> export(MetricsViewModel.Format.CSV));
        MenuItem json = new MenuItem("JSON\u2026");
        json.setOnAction(e -> export(MetricsViewModel.Format.JSON));
        MenuButton export = new MenuButton("Export", null, csv, json);
        export.setId("metrics-export");
        MenuButton png = new MenuButton("Snapshot chart as PNG");
        png.setId("metrics-png");
        for (Region chart : List.of(requests, latency, ttft, speed, errors, tokens)) {
            String title = ((javafx.scene.chart.Chart) chart).getTitle();
            MenuItem item = new MenuItem(title + "\u2026");
            item.setOnAction(e -> snapshot(chart, title));
            png.getItems().add(item);
        }
        Label msg = new Label();
        msg.setId("metrics-message");
        dev.spoon.workbench.StatusStyle.bind(msg, vm.message());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(new Label("Window"), window, provider, spacer, msg, export, png);
    }

    private void export(MetricsViewModel.Format f) {
        FileChooser fc = new FileChooser();
        String ext = f.name().toLowerCase(Locale.ROOT);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.name(), "*." + ext));
        fc.setInitialFileName("spoon-metrics." + ext);
        File file = fc.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.export(file.toPath(), f);
        }
    }

    private void snapshot(Region chart, String title) {
        FileChooser fc = new FileChooser();
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        fc.setInitialFileName(title.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT) + ".png");
        File file = fc.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            saveChart(chart, file.toPath());
        }
    }

    /** Saves {@code chart} as PNG, reporting in the message line (FX thread). */
    java.util.concurrent.CompletableFuture<java.nio.file.Path> saveChart(Region chart, java.nio.file.Path file) {
        return vm.savePng(chart.snapshot(null, null), file);
    }

    Region requestsChart() {
        return requests;
    }

    private static LineChart<Number, Number> lineChart(String title, String unit) {
        NumberAxis x = new NumberAxis();
        x.setLabel("minutes ago");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.getStyleClass().add("metrics-chart");
        return c;
    }

    private static BarChart<String, Number> barChart(String title, String unit) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel(unit);
        BarChart<String, Number> c = new BarChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.getStyleClass().add("metrics-chart");
        return c;
    }

    private void show(MetricsViewModel.Snapshot s) {
        if (s == null) {
            totals.setText("No requests yet: figures appear as requests finish.");
            return;
        }
        PerformanceStats p = s.session();
        totals.setText(String.format(Locale.ROOT, "Session: %,d requests \u00B7 %,d ok \u00B7 %,d failed \u00B7 "
                        + "%,d cancelled \u00B7 success %.1f%% \u00B7 avg %s \u00B7 p95 %s \u00B7 TTFT avg %s \u00B7 %.0f tok/s"
                        + " \u00B7 tokens %s \u00B7 cost $%.4f",
                p.totalRequests(), p.successfulRequests(), p.failedRequests(), p.cancelledRequests(),
                p.successRate() * 100, ms(p.avgResponseTimeMs()), ms(p.p95Ms()), ms(p.avgTtftMs()),
                p.tokensPerSecond(), UsageText.of(p.promptTokens(), p.completionTokens(), p.cachedPromptTokens(),
                        p.cacheCreationTokens(), p.reasoningTokens()), p.costUsd()));
        List<SeriesPoint> pts = s.series();
        long now = pts.isEmpty() ? 0 : pts.get(pts.size() - 1).epochSecond();
        double span = pts.isEmpty() ? 5 : Math.max(1, Math.ceil((now - pts.get(0).epochSecond()) / 60.0));
        for (LineChart<Number, Number> c : List.of(requests, latency, ttft, speed)) {
            NumberAxis x = (NumberAxis) c.getXAxis(); // one time axis for every chart, whatever has data
            x.setAutoRanging(false);
            x.setLowerBound(-span);
            x.setUpperBound(0);
            x.setTickUnit(span <= 5 ? 0.5 : span <= 60 ? 5 : Math.ceil(span / 10));
        }
        Map<String, Function<SeriesPoint, Double>> req = new LinkedHashMap<>();
        req.put("requests/s", SeriesPoint::requestsPerSecond);
        req.put("errors/s", q -> q.seconds() == 0 ? 0 : (double) q.errors() / q.seconds());
        plot(requests, pts, now, req);
        Map<String, Function<SeriesPoint, Double>> lat = new LinkedHashMap<>();
        lat.put("p50", SeriesPoint::p50Ms);
        lat.put("p95", SeriesPoint::p95Ms);
        lat.put("p99", SeriesPoint::p99Ms);
        plot(latency, pts, now, lat);
        Map<String, Function<SeriesPoint, Double>> tt = new LinkedHashMap<>();
        tt.put("TTFT p50", SeriesPoint::ttftP50Ms);
        tt.put("TTFT p95", SeriesPoint::ttftP95Ms);
        plot(ttft, pts, now, tt);
        plot(speed, pts, now, Map.of("tokens/s", q -> q.tokensPerSecond() > 0 ? q.tokensPerSecond() : Double.NaN));
        Map<String, Long> byType = new TreeMap<>();
        for (ProviderStats ps : s.table()) {
            ps.errorsByType().forEach((k, v) -> byType.merge(k, v, Long::sum));
        }
        XYChart.Series<String, Number> es = new XYChart.Series<>();
        byType.forEach((k, v) -> es.getData().add(new XYChart.Data<>(k, v)));
        errors.getData().setAll(List.of(es));
        XYChart.Series<String, Number> ts = new XYChart.Series<>();
        for (ProviderStats ps : s.table()) {
            ts.getData().add(new XYChart.Data<>(ps.provider() + "/" + ps.model(), ps.promptTokens()
                    + ps.completionTokens()));
        }
        tokens.getData().setAll(List.of(ts));
        table.getItems().setAll(s.table());
        healthTable.getItems().setAll(s.health());
    }

    private static void plot(LineChart<Number, Number> chart, List<SeriesPoint> pts, long now,
                             Map<String, Function<SeriesPoint, Double>> lines) {
        List<XYChart.Series<Number, Number>> out = new java.util.ArrayList<>();
        for (Map.Entry<String, Function<SeriesPoint, Double>> line : lines.entrySet()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(line.getKey());
            for (SeriesPoint q : pts) {
                double v = line.getValue().apply(q);
                if (!Double.isNaN(v)) {
                    series.getData().add(new XYChart.Data<>((q.epochSecond() - now) / 60.0, v));
                }
            }
            out.add(series);
        }
        chart.getData().setAll(out);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "\u2013" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    private void buildTable() {
        table.setId("metrics-table");
        TableHeadings.keepWhole(table);
        table.setPlaceholder(Placeholder.of("No requests in this window."));
        table.getColumns().add(col("Provider", 90, ProviderStats::provider));
        table.getColumns().add(col("Model", 120, ProviderStats::model));
        table.getColumns().add(col("Requests", 75, ProviderStats::totalRequests));
        table.getColumns().add(col("OK", 50, ProviderStats::successfulRequests));
        table.getColumns().add(col("Failed", 60, ProviderStats::failedRequests));
        table.getColumns().add(col("Success", 70, s -> String.format(Locale.ROOT, "%.0f%%", s.successRate() * 100)));
        table.getColumns().add(col("Errors", 140, s -> MetricsExport.errors(s.errorsByType())));
        table.getColumns().add(col("Avg", 75, s -> ms(s.avgResponseTimeMs())));
        table.getColumns().add(col("p50", 75, s -> ms(s.p50Ms())));
        table.getColumns().add(col("p95", 75, s -> ms(s.p95Ms())));
        table.getColumns().add(col("p99", 75, s -> ms(s.p99Ms())));
        table.getColumns().add(col("TTFT", 75, s -> ms(s.avgTtftMs())));
        table.getColumns().add(col("tok/s", 55, s -> String.format(Locale.ROOT, "%.0f", s.tokensPerSecond())));
        table.getColumns().add(col("Tokens", 200, s -> UsageText.of(s.promptTokens(), s.completionTokens(),
                s.cachedPromptTokens(), s.cacheCreationTokens(), s.reasoningTokens())));
        table.getColumns().add(col("Cost", 90, s -> String.format(Locale.ROOT, "$%.4f", s.costUsd())));
    }

    private void buildHealth() {
        healthTable.setId("metrics-health");
        TableHeadings.keepWhole(healthTable);
        healthTable.setPlaceholder(Placeholder.of("No provider used or checked yet: send a request, or press Check now."));
        TableColumn<HealthRow, Object> p = new TableColumn<>("Provider");
        p.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().provider()));
        TableColumn<HealthRow, Object> st = new TableColumn<>("Status");
        st.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().state()));
        st.setPrefWidth(120); // "not running", "not checked" in full
        TableColumn<HealthRow, Object> lat = new TableColumn<>("Latency");
        lat.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().status() == null ? ""
                : cd.getValue().status().latencyMs() + " ms"));
        TableColumn<HealthRow, Object> when = new TableColumn<>("Checked");
        when.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().lastChecked()));
        TableColumn<HealthRow, Object> err = new TableColumn<>("Last error");
        err.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().lastError()));
        err.setPrefWidth(600);
        healthTable.getColumns().setAll(List.of(p, st, lat, when, err));
    }

    private static <T> TableColumn<ProviderStats, Object> col(String name, double w, Function<ProviderStats, T> f) {
        TableColumn<ProviderStats, Object> c = new TableColumn<>(name);
        c.setPrefWidth(w);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        return c;
    }

    private static final class WindowCell extends ListCell<MetricsWindow> {
        @Override
        protected void updateItem(MetricsWindow w, boolean empty) {
            super.updateItem(w, empty);
            setText(empty || w == null ? null : switch (w) {
                case LAST_5_MIN -> "Last 5 minutes";
                case LAST_HOUR -> "Last hour";
                case SESSION -> "Session";
            });
        }
    }
}
