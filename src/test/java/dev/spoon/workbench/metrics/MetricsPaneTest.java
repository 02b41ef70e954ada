package dev.spoon.workbench.metrics;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.llm.metrics.ProviderStats;
import javafx.scene.Parent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class MetricsPaneTest {
    @TempDir
    static Path dir;

    private WorkbenchContext ctx;
    private MetricsPane pane;

    @Start
    void start(Stage stage) {
        ctx = TestWorkbench.context(dir.resolve("metrics-" + System.nanoTime()), MetricsViewModelTest.TOML,
                TaskExecutor.background());
        ctx.theme().apply();
        pane = new MetricsPane(ctx);
        dev.spoon.workbench.TestStages.show(stage, (Parent) pane.view(), 1200, 740);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(pane::dispose).get();
        ctx.core().close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardCountsMatchTheRequestsMadeAndAChartSavesAsPng(FxRobot robot) throws Exception {
        MetricsViewModelTest.traffic(ctx, 4, 3);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#metrics-totals").queryAs(Label.class)
                .getText().startsWith("Session: 7 requests"));
        assertThat(robot.lookup("#metrics-totals").queryAs(Label.class).getText())
                .contains("4 ok").contains("3 failed");
        TableView<ProviderStats> table = robot.lookup("#metrics-table").queryAs(TableView.class);
        LineChart<Number, Number> requests = robot.lookup(".metrics-chart").match(n -> n instanceof LineChart)
                .queryAs(LineChart.class);
        // read on the FX thread: the dashboard keeps refreshing while the test looks
        java.util.List<ProviderStats> rows = WaitForAsyncUtils.asyncFx(() -> java.util.List.copyOf(table.getItems()))
                .get();
        assertThat(rows).extracting(ProviderStats::provider, ProviderStats::totalRequests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alpha", 4L),
                        org.assertj.core.groups.Tuple.tuple("broken", 3L));
        double sum = WaitForAsyncUtils.asyncFx(() -> requests.getData().get(0).getData().stream()
                .mapToDouble(d -> d.getYValue().doubleValue()).sum()).get();
        assertThat(sum).isEqualTo(7.0);

        Path png = dir.resolve("requests-" + System.nanoTime() + ".png");
        CompletableFuture<Path> saved = WaitForAsyncUtils.asyncFx(() -> pane.snapshotRequestsChart(png)).get();
        saved.get(10, TimeUnit.SECONDS);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(100);
        assertThat(img.getHeight()).isGreaterThan(100);
    }
}
