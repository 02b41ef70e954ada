package dev.spoon.workbench.compare;

import dev.spoon.llm.Message;
import dev.spoon.workbench.StreamBuffer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One column of a comparison: its target (provider, model, parameters), its transcript (every prompt and
 * this column's answers), the figures of its latest answer and the user's rating.
 *
 * <p>Thread rules: streamed text arrives on transport threads through {@link #offer}, which only appends to the
 * column's {@link StreamBuffer}; {@link #drain} (FX thread, once per frame for all columns) moves it into the
 * transcript. Everything else is FX-thread only. The transcript grows by appending; when it is rewritten
 * (re-run, load) {@link #documentVersionProperty()} changes so a view re-reads it whole.
 */
public final class CompareColumn {

    /** What the column is doing. */
    public enum State { IDLE, RUNNING, DONE, FAILED }

    /** Rating scale: 0 = not rated, 1–5 stars. */
    public static final int MAX_RATING = 5;

    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StringProperty model = new SimpleStringProperty(this, "model", "");
    private final ObjectProperty<Double> temperature = new SimpleObjectProperty<>(this, "temperature");
    private final ObjectProperty<Integer> maxTokens = new SimpleObjectProperty<>(this, "maxTokens");
    private final IntegerProperty rating = new SimpleIntegerProperty(this, "rating", 0);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyObjectWrapper<ColumnFigures> figures = new ReadOnlyObjectWrapper<>(this, "figures");
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(this, "length", 0);
    private final ReadOnlyIntegerWrapper documentVersion = new ReadOnlyIntegerWrapper(this, "documentVersion", 0);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");

    private final StringBuilder transcript = new StringBuilder();
    private int answerStart;
    /** This column's answer to each turn (the partial text when it failed); FX thread. */
    private final List<String> answers = new ArrayList<>();
    /** The figures of each answer, parallel to {@link #answers}. */
    private final List<ColumnFigures> answerFigures = new ArrayList<>();

    private final StreamBuffer pending = new StreamBuffer();
    private final AtomicLong generation = new AtomicLong();
    private volatile CompletableFuture<?> call;
    private long startNanos;

    public CompareColumn(String provider, String model) {
        this.provider.set(provider);
        this.model.set(model == null ? "" : model);
    }

    // ------------------------------------------------------------------ streaming (any thread)

    /** Appends streamed text of run {@code gen}; text of an older run is dropped. Any thread. */
    void offer(long gen, String text) {
        if (gen == generation.get()) {
            pending.offer(text, null);
        }
    }

    /** Moves pending text into the transcript (FX thread). Returns whether anything moved. */
    boolean drain() {
        StreamBuffer.Delta d = pending.drain();
        if (d.isEmpty()) {
            return false;
        }
        transcript.append(d.content());
        length.set(transcript.length());
        return true;
    }

    // ------------------------------------------------------------------ run lifecycle (FX thread)

    /** Starts a new answer: a prompt header in the transcript, state RUNNING. Returns the run's generation. */
    long begin(String prompt) {
        long gen = generation.incrementAndGet();
        pending.clear();
        if (transcript.length() > 0) {
            transcript.append("\n\n");
        }
        transcript.append("\u00BB ").append(prompt.strip()).append("\n\n");
        answerStart = transcript.length();
        length.set(transcript.length());
        state.set(State.RUNNING);
        figures.set(null);
        notice.set("");
        startNanos = System.nanoTime();
        return gen;
    }

    /** Drops the latest answer so it can be asked again (re-run); returns the run's generation. */
    long restartLatest() {
        long gen = generation.incrementAndGet();
        pending.clear();
        if (!answers.isEmpty()) {
            answers.remove(answers.size() - 1);
            answerFigures.remove(answerFigures.size() - 1);
        }
        transcript.setLength(answerStart);
        length.set(transcript.length());
        documentVersion.set(documentVersion.get() + 1);
        state.set(State.RUNNING);
        figures.set(null);
        notice.set("");
        startNanos = System.nanoTime();
        return gen;
    }

    /**
     * Ends run {@code gen} (ignored when a newer run started): the transcript's answer becomes
     * {@code finalText} (the full answer, or the partial one) and the figures are shown.
     */
    void finish(long gen, String finalText, ColumnFigures f) {
        if (gen != generation.get()) {
            return;
        }
        drain();
        String shown = transcript.substring(answerStart);
        if (finalText != null && !finalText.equals(shown)) {
            if (finalText.startsWith(shown)) {
                transcript.append(finalText, shown.length(), finalText.length());
            } else {
                transcript.setLength(answerStart);
                transcript.append(finalText);
                documentVersion.set(documentVersion.get() + 1);
            }
        }
        if (f.failed()) {
            transcript.append("\n\n\u26A0 ").append(f.error());
        }
        length.set(transcript.length());
        answers.add(finalText == null ? "" : finalText);
        answerFigures.add(f);
        figures.set(f);
        call = null;
        state.set(f.failed() ? State.FAILED : State.DONE);
    }

    /** Shows {@code line} (a retry or fallback of run {@code gen}); ignored when a newer run started. */
    void notice(long gen, String line) {
        if (gen == generation.get()) {
            notice.set(line);
        }
    }

    void setCall(CompletableFuture<?> c) {
        this.call = c;
    }

    /** Cancels a running answer; returns whether one was running. */
    boolean cancel() {
        CompletableFuture<?> c = call;
        if (c != null && !c.isDone()) {
            c.cancel(true);
            return true;
        }
        return false;
    }

    /** Milliseconds since the current run began. */
    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Forgets everything (new comparison). */
    void reset() {
        generation.incrementAndGet();
        cancel();
        pending.clear();
        transcript.setLength(0);
        answerStart = 0;
        answers.clear();
        answerFigures.clear();
        figures.set(null);
        rating.set(0);
        length.set(0);
        documentVersion.set(documentVersion.get() + 1);
        state.set(State.IDLE);
    }

    /** Replaces the whole history (loading a saved comparison). */
    void restore(List<String> prompts, List<String> savedAnswers, List<ColumnFigures> savedFigures) {
        reset();
        for (int i = 0; i < prompts.size(); i++) {
            begin(prompts.get(i));
            String a = i < savedAnswers.size() ? savedAnswers.get(i) : "";
            ColumnFigures f = i < savedFigures.size() && savedFigures.get(i) != null ? savedFigures.get(i)
                    : ColumnFigures.of(null, null, null, null, null);
            finish(generation.get(), a, f);
        }
        documentVersion.set(documentVersion.get() + 1);
    }

    // ------------------------------------------------------------------ history for the next request

    /** The assistant messages of this column, one per earlier turn (null where it had no text). */
    List<Message> assistantTurns() {
        List<Message> out = new ArrayList<>();
        for (String a : answers) {
            out.add(a == null || a.isBlank() ? null : Message.assistant(a));
        }
        return out;
    }

    // ------------------------------------------------------------------ read access

    /** The whole transcript as shown (FX thread). */
    public String text() {
        return transcript.toString();
    }

    /** The transcript from {@code from} on (FX thread); what a view appends after a length change. */
    public String textSince(int from) {
        return transcript.substring(Math.min(from, transcript.length()));
    }

    /** The latest answer's text so far (FX thread). */
    public String latestAnswer() {
        if (state.get() == State.RUNNING) {
            return transcript.substring(answerStart);
        }
        return answers.isEmpty() ? "" : answers.get(answers.size() - 1);
    }

    /** Every answer of this column, one per turn. */
    public List<String> answers() {
        return List.copyOf(answers);
    }

    /** The figures of every answer, one per turn. */
    public List<ColumnFigures> answerFigures() {
        return List.copyOf(answerFigures);
    }

    /** "provider · model" (or just the provider when no model is set). */
    public String label() {
        String m = model.get();
        return provider.get() + (m == null || m.isBlank() ? "" : " \u00B7 " + m);
    }

    public StringProperty providerProperty() {
        return provider;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public ObjectProperty<Double> temperatureProperty() {
        return temperature;
    }

    public ObjectProperty<Integer> maxTokensProperty() {
        return maxTokens;
    }

    /** 0 (not rated) to {@value #MAX_RATING}. */
    public IntegerProperty ratingProperty() {
        return rating;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The latest answer's figures, or null while it runs / before the first answer. */
    public ReadOnlyObjectProperty<ColumnFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** The latest retry or fallback of the running (or last) answer, "" when there was none. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The transcript's length; grows as text is drained. */
    public ReadOnlyIntegerProperty lengthProperty() {
        return length.getReadOnlyProperty();
    }

    /** Changes when the transcript was rewritten rather than appended to. */
    public ReadOnlyIntegerProperty documentVersionProperty() {
        return documentVersion.getReadOnlyProperty();
    }
}
