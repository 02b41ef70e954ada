package dev.spoon.workbench.tools;

import dev.spoon.llm.Message;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * One tool conversation on one provider: the neutral {@link Message} list that is sent (each provider
 * translates it to its own wire format) and the transcript cards shown for it. FX thread only.
 */
public final class ToolRun {

    /** Where the run stands. */
    public enum State { RUNNING, AWAITING_RESULTS, DONE, FAILED, STOPPED }

    private final int number;
    private final String provider;
    private final String model;
    private final List<Message> messages = new ArrayList<>();
    private final ObservableList<TranscriptEntry> entries = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private int rounds;

    ToolRun(int number, String provider, String model, List<Message> start) {
        this.number = number;
        this.provider = provider;
        this.model = model;
        for (Message m : start) {
            add(m, m.role() == dev.spoon.llm.Role.SYSTEM ? TranscriptEntry.of(TranscriptEntry.Kind.SYSTEM, "System",
                    m.text()) : TranscriptEntry.of(TranscriptEntry.Kind.USER, "User", m.text()));
        }
    }

    void add(Message m, TranscriptEntry... cards) {
        if (m != null) {
            messages.add(m);
        }
        entries.addAll(cards);
    }

    void note(TranscriptEntry card) {
        entries.add(card);
    }

    /** Puts {@code now} where {@code was} is in the transcript (nothing when it is not there). */
    void replace(TranscriptEntry was, TranscriptEntry now) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == was) {
                entries.set(i, now);
                return;
            }
        }
    }

    void setState(State s) {
        state.set(s);
    }

    int nextRound() {
        return ++rounds;
    }

    /** The messages before the first assistant turn (what a replay starts from). */
    List<Message> opening() {
        List<Message> out = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == dev.spoon.llm.Role.ASSISTANT) {
                break;
            }
            out.add(m);
        }
        return out;
    }

    public int number() {
        return number;
    }

    public String provider() {
        return provider;
    }

    /** The model asked for, or null for the provider's default. */
    public String model() {
        return model;
    }

    /** The conversation so far, as sent. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public ObservableList<TranscriptEntry> entries() {
        return entries;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "#2 anthropic · claude-…" */
    public String label() {
        return "#" + number + " " + provider + (model == null ? "" : " \u00B7 " + model);
    }
}
