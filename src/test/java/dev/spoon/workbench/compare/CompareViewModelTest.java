package dev.spoon.workbench.compare;

import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.StubEndpoint;
import dev.spoon.workbench.chat.ChatViewModel;
import dev.spoon.workbench.chat.ConversationStore;
import mockwebserver3.MockWebServer;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompareViewModelTest {
    @TempDir
    Path dir;

    private CompareViewModel vm;
    private WorkbenchContext ctx;
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();

    @org.junit.jupiter.api.AfterEach
    void closeCore() {
        ctx.core().close();
    }

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, CompareFixture.TOML, executor);
        vm = new CompareViewModel(ctx);
    }

    private void targets(String... providers) {
        while (vm.columns().size() < providers.length) {
            vm.addColumn();
        }
        for (int i = 0; i < providers.length; i++) {
            vm.columns().get(i).providerProperty().set(providers[i]);
            vm.columns().get(i).modelProperty().set("sim-1");
        }
    }

    private void sendAndWait(String text) throws Exception {
        vm.promptProperty().set(text);
        executor.await(vm.send());
    }

    @Test
    void aFirstTimeUserComparesTwoSimulatorModelsNotALocalServerThatMayNotRun() {
        WorkbenchContext fresh = TestWorkbench.context(dir.resolve("fresh"), null, executor);
        try {
            assertThat(fresh.providerChoices().names()).contains("sim", "ollama", "lmstudio");
            CompareViewModel first = new CompareViewModel(fresh);
            assertThat(first.columns()).extracting(c -> c.providerProperty().get()).containsExactly("sim", "sim");
            assertThat(first.columns()).extracting(c -> c.modelProperty().get()).containsExactly("sim-1", "sim-fast");
        } finally {
            fresh.core().close();
        }
    }

    @Test
    void threeTargetsAnswerWithTheirOwnFiguresAndASummary() throws Exception {
        targets("fast", "medium", "slow");
        sendAndWait("Describe a fox.");
        assertThat(vm.columns()).extracting(c -> c.stateProperty().get()).containsOnly(CompareColumn.State.DONE);
        assertThat(vm.columns().get(0).latestAnswer()).isEqualTo(CompareFixture.FAST_ANSWER);
        assertThat(vm.columns().get(1).latestAnswer()).isEqualTo(CompareFixture.MEDIUM_ANSWER);
        assertThat(vm.columns().get(2).latestAnswer()).isEqualTo(CompareFixture.SLOW_ANSWER);
        assertThat(vm.columns().get(2).text()).startsWith("\u00BB Describe a fox.\n\n").endsWith(CompareFixture.SLOW_ANSWER);
        ColumnFigures slow = vm.columns().get(2).figuresProperty().get();
        assertThat(slow.ttftMs()).isGreaterThanOrEqualTo(60);
        assertThat(slow.completionTokens()).isEqualTo(13);
        assertThat(slow.promptTokens()).isPositive();
        assertThat(slow.costUsd()).isEqualTo((slow.promptTokens() * 1.0 + 13 * 2.0) / 1e6);
        assertThat(slow.finishReason()).isEqualTo("stop");
        assertThat(slow.tokensPerSecond()).isPositive();
        CompareSummary s = vm.summaryProperty().get();
        // the fastest by measured total time (which one that is depends on the machine's warm-up, not on this test)
        List<Long> totals = vm.columns().stream().map(c -> c.figuresProperty().get().totalMs()).toList();
        assertThat(totals.get(s.fastest())).isEqualTo(totals.stream().min(Long::compare).orElseThrow());
        assertThat(s.cheapest()).isIn(0, 1, 2);
        assertThat(vm.statusProperty().get()).isEqualTo("All 3 answers are in.");
    }

    @Test
    void aFailingTargetDoesNotStopTheOthers() throws Exception {
        targets("fast", "broken", "medium");
        sendAndWait("hello");
        assertThat(vm.columns().get(0).stateProperty().get()).isEqualTo(CompareColumn.State.DONE);
        assertThat(vm.columns().get(2).stateProperty().get()).isEqualTo(CompareColumn.State.DONE);
        CompareColumn broken = vm.columns().get(1);
        assertThat(broken.stateProperty().get()).isEqualTo(CompareColumn.State.FAILED);
        assertThat(broken.figuresProperty().get().errorType()).isEqualTo("RateLimitError");
        assertThat(broken.figuresProperty().get().error()).contains("Rate limit reached (simulated)").contains("429")
                .contains("\nRate limited: wait"); // what to do, on its own line
        assertThat(broken.text()).contains("\u26A0 RateLimitError");
        assertThat(vm.statusProperty().get()).isEqualTo("1 of 3 targets failed; the others answered.");
        assertThat(vm.summaryProperty().get().marksOf(1)).isEmpty();
    }

    @Test
    void multiTurnKeepsEachColumnsOwnAnswersAndRerunReplacesOnlyTheLatest() throws Exception {
        targets("fast", "medium");
        vm.systemProperty().set("Be brief.");
        sendAndWait("first question");
        sendAndWait("second question");
        List<Message> msgs = vm.request(vm.columns().get(1)).messages();
        assertThat(msgs).extracting(Message::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(msgs.get(2).text()).isEqualTo(CompareFixture.MEDIUM_ANSWER);
        assertThat(msgs.get(3).text()).isEqualTo("second question");
        assertThat(vm.columns().get(0).answers()).hasSize(2);

        String before = vm.columns().get(0).text();
        executor.await(vm.rerun(vm.columns().get(0)));
        assertThat(vm.columns().get(0).answers()).hasSize(2);
        assertThat(vm.columns().get(0).text()).isEqualTo(before);
        assertThat(vm.columns().get(1).answers()).hasSize(2);
    }

    @Test
    void emptyPromptAndColumnLimitsAreRefusedWithAReason() {
        vm.promptProperty().set("   ");
        assertThat(vm.send()).isNull();
        assertThat(vm.statusProperty().get()).isEqualTo("Type a prompt first.");
        assertThat(vm.removeColumn(vm.columns().get(0))).isFalse();
        while (vm.columns().size() < CompareViewModel.MAX_COLUMNS) {
            assertThat(vm.addColumn()).isTrue();
        }
        assertThat(vm.addColumn()).isFalse();
        assertThat(vm.columns()).hasSize(6);
    }

    @Test
    void diffMarksTheChangedWords() throws Exception {
        targets("fast", "medium");
        sendAndWait("fox");
        WordDiff.Result d = vm.diff(0, 1);
        assertThat(d.deletedWords()).isEqualTo(2);
        assertThat(d.insertedWords()).isEqualTo(2);
        assertThat(d.segments()).contains(new WordDiff.Segment(WordDiff.Kind.DELETED, "brown"),
                new WordDiff.Segment(WordDiff.Kind.INSERTED, "red"));
    }

    @Test
    void saveExportAndReopenKeepAnswersFiguresAndRatings() throws Exception {
        targets("fast", "broken");
        sendAndWait("Describe a fox.");
        vm.columns().get(0).ratingProperty().set(4);
        Path json = dir.resolve("c.json");
        Path md = dir.resolve("c.md");
        executor.await(vm.export(json, CompareViewModel.Format.JSON));
        executor.await(vm.export(md, CompareViewModel.Format.MARKDOWN));
        String table = Files.readString(md);
        assertThat(table).contains("| 1 | fast \u00B7 sim-1 |").contains("| 4/5 |").contains("error: RateLimitError")
                .contains(CompareFixture.FAST_ANSWER).contains("## Turn 1: Describe a fox.");
        assertThat(Files.readString(json)).contains("\"rating\" : 4").contains("\"answers\"");

        vm.newComparison();
        assertThat(vm.columns().get(0).text()).isEmpty();
        executor.await(vm.load(json));
        assertThat(vm.prompts()).containsExactly("Describe a fox.");
        assertThat(vm.columns().get(0).ratingProperty().get()).isEqualTo(4);
        assertThat(vm.columns().get(0).latestAnswer()).isEqualTo(CompareFixture.FAST_ANSWER);
        assertThat(vm.columns().get(1).figuresProperty().get().errorType()).isEqualTo("RateLimitError");
        assertThat(vm.statusProperty().get()).startsWith("Opened ");
    }

    @Test
    void aBrokenComparisonFileIsReportedNotLoaded() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"columns\": 3");
        executor.await(vm.load(bad).handle((d, e) -> null));
        assertThat(vm.statusProperty().get()).startsWith("Could not open " + bad).contains("not a saved comparison");
        assertThat(vm.columns()).hasSize(2);
    }

    @Test
    void aCustomEndpointHasTheSameModelListAsInChatReadOnce() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(ProviderFixtures.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-8b\","
                    + "\"object\":\"model\"},{\"id\":\"llama-3.2-3b\",\"object\":\"model\"}]}"));
            server.start();
            WorkbenchContext other = TestWorkbench.context(dir.resolve("other"), CompareFixture.TOML + """
                    [providers.mylocal]
                    type = "openai-compatible"
                    base_url = "%s"
                    """.formatted(server.url("/v1")), executor);
            try {
                CompareViewModel compare = new CompareViewModel(other);
                var models = compare.modelsOf("mylocal");
                executor.await(compare.loadModels("mylocal"));
                assertThat(models).containsExactly("qwen3-8b", "llama-3.2-3b");
                ChatViewModel chat = new ChatViewModel(other, new ConversationStore(dir.resolve("conversations")));
                chat.providerProperty().set("mylocal");
                executor.runPending();
                assertThat(chat.models()).containsExactlyElementsOf(models);
                assertThat(server.getRequestCount()).isEqualTo(1);
                assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/models");
            } finally {
                other.core().close();
            }
        }
    }

    @Test
    void eachColumnShowsItsRetriesLive() throws Exception {
        java.util.concurrent.BlockingQueue<Runnable> waits = new java.util.concurrent.LinkedBlockingQueue<>();
        try (StubEndpoint stub = new StubEndpoint().rateLimited(7).streams()) {
            WorkbenchContext other = TestWorkbench.context(dir.resolve("retry"),
                    stub.configFallingBackToSim(), executor, waits);
            try {
                CompareViewModel compare = new CompareViewModel(other);
                compare.columns().get(0).providerProperty().set("mystub");
                compare.columns().get(1).providerProperty().set("sim");
                compare.promptProperty().set("hi");
                var done = compare.send();
                CompareColumn retried = compare.columns().get(0);
                executor.runUntil(() -> !retried.noticeProperty().get().isEmpty());
                assertThat(retried.noticeProperty().get())
                        .isEqualTo("rate limited by mystub, retrying in 7 s (attempt 2 of 4)");
                executor.advance(java.time.Duration.ofSeconds(2));
                assertThat(retried.noticeProperty().get()).contains("retrying in 5 s");
                assertThat(compare.columns().get(1).noticeProperty().get()).isEmpty();
                waits.take().run();
                executor.await(done);
                assertThat(retried.stateProperty().get()).isEqualTo(CompareColumn.State.DONE);
                assertThat(retried.latestAnswer()).isNotEmpty();

                compare.promptProperty().set("again"); // the stub answers 500 from now on
                var again = compare.send();
                assertThat(retried.noticeProperty().get()).isEmpty(); // a new turn starts without the old line
                executor.runUntil(() -> {
                    Runnable wait = waits.poll();
                    if (wait != null) {
                        wait.run();
                    }
                    return again.isDone();
                });
                assertThat(retried.noticeProperty().get()).isEqualTo("mystub failed (ProviderError 500), falling back "
                        + "to sim");
                assertThat(retried.figuresProperty().get().answeredBy()).isEqualTo("sim");
            } finally {
                other.core().close();
            }
        }
    }
}
