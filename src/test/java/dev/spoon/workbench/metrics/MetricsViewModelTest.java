package dev.spoon.workbench.metrics;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.metrics.MetricsWindow;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.llm.metrics.SeriesPoint;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsViewModelTest {
    static final String TOML = """
            default_provider = "alpha"
            retry_attempts = 0
            [providers.alpha]
            type = "sim"
            answer = "four words right here"
            ttft_ms = 0
            tokens_per_s = 0
            [providers.broken]
            type = "sim"
            fail_type = "rate_limit"
            [prices."sim-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            """;

    @TempDir
    Path dir;
    private WorkbenchContext ctx;
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();
    private MetricsViewModel vm;

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, TOML, executor);
        vm = new MetricsViewModel(ctx);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.core().close();
    }

    static void traffic(WorkbenchContext ctx, int ok, int failed) {
        for (int i = 0; i < ok; i++) {
            LlmProvider.await(ctx.manager().chatStream(ChatRequest.ofUser("q" + i).withModel("sim-1"), "alpha", null));
        }
        for (int i = 0; i < failed; i++) {
            try {
                LlmProvider.await(ctx.manager().chat(ChatRequest.ofUser("x"), "broken"));
            } catch (RuntimeException expected) {
                // counted as an error
            }
        }
    }

    private MetricsViewModel.Snapshot awaitRequests(long n) {
        executor.runUntil(() -> vm.snapshotProperty().get() != null
                && vm.snapshotProperty().get().session().totalRequests() == n);
        return vm.snapshotProperty().get();
    }

    @Test
    void countsMatchTheRequestsMade() {
        traffic(ctx, 3, 2);
        MetricsViewModel.Snapshot s = awaitRequests(5);
        assertThat(s.session().successfulRequests()).isEqualTo(3);
        assertThat(s.session().failedRequests()).isEqualTo(2);
        ProviderStats alpha = s.table().stream().filter(p -> p.provider().equals("alpha")).findFirst().orElseThrow();
        assertThat(alpha.totalRequests()).isEqualTo(3);
        assertThat(alpha.completionTokens()).isEqualTo(12);
        assertThat(alpha.costUsd()).isPositive();
        ProviderStats broken = s.table().stream().filter(p -> p.provider().equals("broken")).findFirst().orElseThrow();
        assertThat(broken.errorsByType()).containsEntry("RateLimitError", 2L);
        assertThat(s.series()).hasSize(300);
        assertThat(s.series().stream().mapToLong(SeriesPoint::requests).sum()).isEqualTo(5);
        assertThat(vm.providers()).contains("alpha", "broken");

        vm.providerProperty().set("alpha");
        executor.runUntil(() -> vm.snapshotProperty().get().table().size() == 1);
        assertThat(vm.snapshotProperty().get().series().stream().mapToLong(SeriesPoint::requests).sum()).isEqualTo(3);
        vm.windowProperty().set(MetricsWindow.LAST_HOUR);
        executor.runUntil(() -> vm.snapshotProperty().get().series().size() == 60);
    }

    @Test
    void exportsCsvAndJsonWithoutNaN() throws Exception {
        traffic(ctx, 2, 1);
        awaitRequests(3);
        Path csv = dir.resolve("m.csv");
        executor.await(vm.export(csv, MetricsViewModel.Format.CSV));
        String text = Files.readString(csv);
        assertThat(text).startsWith(MetricsExport.SERIES_HEADER).contains(MetricsExport.TABLE_HEADER)
                .contains("alpha,sim-1,2,2,0").contains("RateLimitError=1").doesNotContain("NaN");
        Path json = dir.resolve("m.json");
        executor.await(vm.export(json, MetricsViewModel.Format.JSON));
        String j = Files.readString(json);
        assertThat(j).contains("\"window\" : \"last_5_min\"").contains("\"totalRequests\" : 3")
                .doesNotContain("NaN");
        assertThat(dev.spoon.llm.json.Json.tryParse(j)).isNotNull();
        assertThat(vm.messageProperty().get()).isEqualTo("Exported metrics to " + json);
    }

    @Test
    void healthShowsEachProviderWithItsLastError() throws Exception {
        executor.await(vm.checkHealth());
        executor.runUntil(() -> vm.snapshotProperty().get().health().size() >= 2);
        HealthRow broken = vm.snapshotProperty().get().health().stream().filter(h -> h.provider().equals("broken"))
                .findFirst().orElseThrow();
        assertThat(broken.state()).isEqualTo("unhealthy");
        assertThat(broken.lastError()).isEqualTo("RateLimitError: Rate limit reached (simulated)");
        HealthRow alpha = vm.snapshotProperty().get().health().stream().filter(h -> h.provider().equals("alpha"))
                .findFirst().orElseThrow();
        assertThat(alpha.state()).isEqualTo("healthy");
        assertThat(alpha.lastError()).isEmpty();
    }
}
