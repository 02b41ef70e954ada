package dev.spoon.workbench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundTaskTest {
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();
    private final StatusLine status = new StatusLine();

    @Test
    void blockingWorkRunsInTheBackgroundAndItsResultReachesTheUi() {
        List<String> seen = new ArrayList<>();
        BackgroundTask<String> task = BackgroundTask.run("read a file", p -> "text").onSuccess(seen::add)
                .onFinished(() -> seen.add("finished")).showFailureIn(status);
        CompletableFuture<String> done = executor.execute(task);
        assertThat(task.runningProperty().get()).isTrue();
        assertThat(seen).isEmpty(); // nothing ran yet: the test drains the queue
        assertThat(executor.await(done)).isEqualTo("text");
        assertThat(seen).containsExactly("text", "finished");
        assertThat(task.runningProperty().get()).isFalse();
        assertThat(status.get()).isEqualTo(StatusLine.Message.EMPTY);
    }

    @Test
    void aFailureIsShownInTheStatusLineAsCouldNotTitle() {
        List<Throwable> failures = new ArrayList<>();
        CompletableFuture<Object> done = executor.execute(BackgroundTask.run("open chat.json", p -> {
            throw new NoSuchFileException("/tmp/chat.json");
        }).onFailure(failures::add).showFailureIn(status));
        assertThatThrownBy(() -> executor.await(done)).hasCauseInstanceOf(NoSuchFileException.class);
        assertThat(failures).singleElement().isInstanceOf(NoSuchFileException.class);
        assertThat(status.get()).isEqualTo(new StatusLine.Message(StatusLine.Kind.ERROR,
                "Could not open chat.json: no such file or folder: /tmp/chat.json"));
    }

    @Test
    void aCheckedExceptionOfTheWorkIsTheFailure() {
        CompletableFuture<Object> done = executor.execute(BackgroundTask.run("write", p -> {
            throw new IOException("disk full");
        }).showFailureIn(status));
        assertThatThrownBy(() -> executor.await(done)).hasCauseInstanceOf(IOException.class);
        assertThat(status.get().text()).isEqualTo("Could not write: disk full");
    }

    @Test
    void anAsynchronousCallThatNeverAnswersTimesOutOnTheExecutorsClockAndIsCancelled() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> done = executor.execute(BackgroundTask.call("list the models of x", () -> call)
                .timeout(Duration.ofSeconds(15)).showFailureIn(status));
        executor.advance(Duration.ofSeconds(14));
        assertThat(done).isNotDone();
        executor.advance(Duration.ofSeconds(1));
        assertThat(done).isCompletedExceptionally();
        assertThatThrownBy(done::join).hasCauseInstanceOf(TimeoutException.class);
        assertThat(call).isCancelled(); // the work is stopped, not left running
        assertThat(status.get().text()).isEqualTo("Could not list the models of x: no answer within 15 s");
    }

    @Test
    void anAnswerBeforeTheTimeLimitCancelsTheTimer() {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletableFuture<String> done = executor.execute(BackgroundTask.call("ask", () -> call)
                .timeout(Duration.ofSeconds(5)));
        call.complete("ok");
        assertThat(executor.await(done)).isEqualTo("ok");
        assertThat(executor.hasTimers()).isFalse();
    }

    @Test
    void aCallThatThrowsAtOnceFailsTheTask() {
        CompletableFuture<String> done = executor.execute(BackgroundTask.<String>call("ask", () -> {
            throw new IllegalStateException("provider 'x' not configured");
        }).showFailureIn(status));
        assertThat(done).isCompletedExceptionally();
        assertThat(status.get().text()).isEqualTo("Could not ask: provider 'x' not configured");
    }

    @Test
    void cancelStopsTheWorkAndIsNotShownAsAnError() {
        AtomicInteger steps = new AtomicInteger();
        BackgroundTask<Integer> task = BackgroundTask.run("export", p -> {
            while (!p.isCancelled()) {
                p.update(steps.incrementAndGet() / 100.0, "step " + steps.get());
                if (steps.get() == 3) {
                    throw new CancellationException(); // stops as a cancelled exporter does
                }
            }
            return steps.get();
        }).showFailureIn(status);
        CompletableFuture<Integer> done = executor.execute(task);
        task.cancel();
        assertThatThrownBy(() -> executor.await(done)).isInstanceOf(CancellationException.class);
        assertThat(steps).hasValue(0); // cancelled before it started
        assertThat(status.get()).isEqualTo(StatusLine.Message.EMPTY);
        assertThat(task.isCancelled()).isTrue();
    }

    @Test
    void progressReachesTheUiCoalescedToTheLatest() throws Exception {
        BackgroundTask<String> task = BackgroundTask.run("encode", p -> {
            for (int i = 1; i <= 100; i++) {
                p.update(i / 100.0, "chunk " + i);
            }
            return "done";
        });
        List<Double> seen = new ArrayList<>();
        task.progressProperty().addListener((o, a, b) -> seen.add(b.doubleValue()));
        CompletableFuture<String> done = executor.execute(task);
        executor.runPending(); // runs the work (100 updates) and then the one queued UI update
        assertThat(done).isDone();
        assertThat(seen).containsExactly(1.0, -1.0); // one update for a hundred, then idle
        assertThat(task.messageProperty().get()).isEqualTo("chunk 100");
    }

    @Test
    void aTaskRunsOnce() {
        BackgroundTask<String> task = BackgroundTask.run("x", p -> "y");
        executor.execute(task);
        assertThatThrownBy(() -> executor.execute(task)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void debounceRunsOnceAfterTheBurstIsQuiet() {
        AtomicInteger runs = new AtomicInteger();
        Debouncer d = executor.debounce(Duration.ofMillis(300), runs::incrementAndGet);
        d.trigger();
        executor.advance(Duration.ofMillis(200));
        d.trigger();
        executor.advance(Duration.ofMillis(200));
        d.trigger();
        assertThat(runs).hasValue(0);
        executor.advance(Duration.ofMillis(300));
        assertThat(runs).hasValue(1);
        assertThat(d.isPending()).isFalse();
        d.trigger();
        d.flush();
        assertThat(runs).hasValue(2);
        executor.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(2);
    }

    @Test
    void eachStatusMessageCarriesItsOwnKind() {
        status.error("Could not save: disk full");
        status.info("Saved to /tmp/x.json");
        assertThat(status.get().kind()).isEqualTo(StatusLine.Kind.INFO);
        assertThat(status.kindBinding().get()).isEqualTo(StatusLine.Kind.INFO);
        assertThat(status.textProperty().get()).isEqualTo("Saved to /tmp/x.json");
    }
}
