package dev.spoon.workbench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.request.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Compare column sends the shared request options, and shows cached and reasoning tokens. */
class CompareRequestOptionsTest {
    static final String STREAM = ProviderFixtures.fixture("openai-chat-stream-text-include-usage.sse")
            .replace("\"cached_tokens\":0", "\"cached_tokens\":16")
            .replace("\"reasoning_tokens\":0", "\"reasoning_tokens\":1");

    @TempDir
    Path dir;

    private final MockWebServer server = new MockWebServer();
    private WorkbenchContext ctx;
    private CompareViewModel vm;

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
        vm = new CompareViewModel(ctx);
        for (CompareColumn c : vm.columns()) {
            c.providerProperty().set("ollama");
            c.modelProperty().set("gpt-4o-mini");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        ctx.core().close();
        server.close();
    }

    @Test
    void everyColumnSendsTheImagesAndExtraBodyAndShowsCachedAndReasoningTokens() throws Exception {
        Path png = Files.write(dir.resolve("chart.png"), TestImages.PNG);
        vm.requestOptions().attach(List.of(png)).join();
        vm.requestOptions().extraBodyTextProperty().set("{\"seed\": 3}");
        server.enqueue(ProviderFixtures.sse(STREAM));
        server.enqueue(ProviderFixtures.sse(STREAM));
        vm.promptProperty().set("Describe the chart");
        vm.send().get(10, TimeUnit.SECONDS);

        for (int i = 0; i < 2; i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            JsonNode body = Json.MAPPER.readTree(r.getBody().utf8());
            assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("Describe the chart");
            assertThat(body.at("/messages/0/content/1/image_url/url").asText()).startsWith("data:image/png;base64,");
            assertThat(body.get("seed").asInt()).isEqualTo(3);
        }
        assertThat(vm.requestOptions().images()).isEmpty();
        ColumnFigures f = vm.columns().get(0).figuresProperty().get();
        assertThat(f.cachedPromptTokens()).isEqualTo(16);
        assertThat(f.reasoningTokens()).isEqualTo(1);
        assertThat(f.costUsd()).isCloseTo((4 * 0.15 + 16 * 0.075 + 2 * 0.60) / 1e6,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theDraftIsCountedForColumnOnesTargetAndRecountedWhenItChanges() {
        vm.columns().get(0).providerProperty().set("ollama");
        vm.promptProperty().set("How many tokens is this?");
        var first = vm.draftTokens().countProperty().get();
        assertThat(first).isNotNull();
        assertThat(vm.draftTokens().contextWindowProperty().get()).isEqualTo(128_000); // gpt-4o-mini, bundled table
        vm.columns().get(0).modelProperty().set("no-such-model");
        assertThat(vm.draftTokens().contextWindowProperty().get()).isZero();
        assertThat(vm.draftTokens().textBinding().get()).startsWith("\u2248 ");
    }

    @Test
    void aWrongExtraBodyKeepsThePromptAndSaysWhatToFix() {
        vm.requestOptions().extraBodyTextProperty().set("seed=3");
        vm.promptProperty().set("Describe the chart");
        assertThat(vm.send()).isNull();
        assertThat(vm.promptProperty().get()).isEqualTo("Describe the chart");
        assertThat(vm.statusProperty().get()).startsWith("Extra body is not valid JSON");
        assertThat(server.getRequestCount()).isZero();
    }
}
