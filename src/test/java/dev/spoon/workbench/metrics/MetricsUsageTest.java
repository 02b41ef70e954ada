package dev.spoon.workbench.metrics;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.metrics.ProviderStats;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Metrics pane counts cached and reasoning tokens and prices cached tokens at the cache price. */
class MetricsUsageTest {
    static final String STREAM = ProviderFixtures.fixture("openai-chat-stream-text-include-usage.sse")
            .replace("\"cached_tokens\":0", "\"cached_tokens\":16")
            .replace("\"reasoning_tokens\":0", "\"reasoning_tokens\":1");

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private WorkbenchContext ctx;
    private MetricsViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        ctx = TestWorkbench.context(dir, """
                default_provider = "ollama"
                retry_attempts = 0
                [providers.ollama]
                base_url = "%s"
                model = "gpt-4o-mini"
                [prices."gpt-4o-mini"]
                input_per_mtok = 0.15
                output_per_mtok = 0.60
                cached_input_per_mtok = 0.075
                """.formatted(server.url("/v1")), TaskExecutor.direct());
        vm = new MetricsViewModel(ctx);
    }

    @AfterEach
    void tearDown() throws Exception {
        vm.close();
        ctx.core().close();
        server.close();
    }

    @Test
    void cachedAndReasoningTokensAreSummedAndCachedTokensPricedAtTheCachePrice() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(ProviderFixtures.sse(STREAM));
            LlmProvider.await(ctx.manager().chatStream(ChatRequest.ofUser("hi " + i), "ollama", null));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> vm.snapshotProperty().get() != null
                && vm.snapshotProperty().get().session().totalRequests() == 2);
        MetricsViewModel.Snapshot s = vm.snapshotProperty().get();
        ProviderStats p = s.table().get(0);
        assertThat(p.promptTokens()).isEqualTo(40);
        assertThat(p.cachedPromptTokens()).isEqualTo(32);
        assertThat(p.reasoningTokens()).isEqualTo(2);
        assertThat(p.costUsd()).isCloseTo((8 * 0.15 + 32 * 0.075 + 4 * 0.60) / 1e6,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.session().cachedPromptTokens()).isEqualTo(32);
        assertThat(s.session().reasoningTokens()).isEqualTo(2);
        String csv = MetricsExport.csv(s.series(), s.table());
        assertThat(csv).contains("completion_tokens,cached_prompt_tokens,cache_creation_tokens,reasoning_tokens,cost_usd")
                .contains(",40,4,32,0,2,");
    }
}
