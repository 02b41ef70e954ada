package dev.spoon.workbench.request;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.tokens.TokenCount;
import dev.spoon.llm.tokens.TokenCounter;
import dev.spoon.workbench.TaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class DraftTokensTest {
    /** Background work waits until the test runs it; UI actions run at once. */
    static final class HeldExecutor implements TaskExecutor {
        final Deque<Runnable> held = new ArrayDeque<>();

        @Override
        public <T> CompletableFuture<T> submit(Supplier<T> work) {
            CompletableFuture<T> f = new CompletableFuture<>();
            held.add(() -> f.complete(work.get()));
            return f;
        }

        @Override
        public void ui(Runnable action) {
            action.run();
        }

        @Override
        public Scheduled schedule(java.time.Duration delay, Runnable action) {
            return () -> { }; // no timers in these tests
        }

        @Override
        public long nanoTime() {
            return 0;
        }

        void runNext() {
            held.removeFirst().run();
        }
    }

    private static ProviderConfig provider(String type) {
        return ProviderConfig.minimal("p", type);
    }

    @Test
    void anExactCountFillsTheContextMeter() {
        ChatRequest r = ChatRequest.ofUser("hello");
        DraftTokens t = new DraftTokens(TaskExecutor.direct(), () -> new DraftTokens.Draft(r, provider("sim"), 8192,
                "sim-1"));
        t.draftChanged();
        int expected = TokenCounter.simPromptTokens(r.messages());
        assertThat(t.countProperty().get().method()).isEqualTo(TokenCount.Method.EXACT);
        assertThat(t.textBinding().get()).isEqualTo(expected + " / 8,192 tokens");
        assertThat(t.fillBinding().get()).isEqualTo(expected / 8192.0);
        assertThat(t.explanation()).contains("exact (sim)").contains("sim-1 takes 8,192 tokens");
    }

    @Test
    void anEstimateIsMarkedAndAnUnknownWindowSaysHowToSetIt() {
        DraftTokens t = new DraftTokens(TaskExecutor.direct(), () -> new DraftTokens.Draft(
                ChatRequest.ofUser("Bonjour, comment ça va ?"), provider("anthropic"), 0, "claude-x"));
        t.draftChanged();
        assertThat(t.textBinding().get()).startsWith("\u2248 ").endsWith(" tokens").doesNotContain("/");
        assertThat(t.fillBinding().get()).isZero();
        assertThat(t.explanation()).contains("an estimate").contains("context window of claude-x is unknown");
    }

    @Test
    void changesWhileACountRunsAreCountedOnceTogetherAfterIt() {
        HeldExecutor ex = new HeldExecutor();
        AtomicInteger drafts = new AtomicInteger();
        StringBuilder text = new StringBuilder("a");
        DraftTokens t = new DraftTokens(ex, () -> {
            drafts.incrementAndGet();
            return new DraftTokens.Draft(ChatRequest.ofUser(text.toString()), provider("sim"), 100, "sim-1");
        });
        t.draftChanged();
        text.append(" much longer text now");
        t.draftChanged();
        t.draftChanged();
        t.draftChanged();
        assertThat(ex.held).hasSize(1);
        ex.runNext(); // the first count ends: the three changes are counted as one
        assertThat(ex.held).hasSize(1);
        assertThat(drafts.get()).isEqualTo(2);
        ex.runNext();
        assertThat(ex.held).isEmpty();
        assertThat(t.countProperty().get().promptTokens())
                .isEqualTo(TokenCounter.simPromptTokens(ChatRequest.ofUser(text.toString()).messages()));
    }

    @Test
    void nothingToCountShowsNothing() {
        DraftTokens t = new DraftTokens(TaskExecutor.direct(), () -> null);
        t.draftChanged();
        assertThat(t.textBinding().get()).isEmpty();
        assertThat(t.countProperty().get()).isNull();
    }
}
