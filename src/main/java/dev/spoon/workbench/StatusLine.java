package dev.spoon.workbench;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Objects;

/**
 * A pane's one-line status: the last thing that happened, and what kind of thing it was. The kind travels
 * with the text, so a view styles each message by its own kind: an error is red until the next message
 * replaces it, and a later "Saved to …" is never drawn in an earlier error's colour.
 *
 * <p>Thread rules: UI thread only (background work reports through {@link BackgroundTask}).
 */
public final class StatusLine {

    /** What a message reports. */
    public enum Kind {
        /** Something finished or changed as asked. */
        INFO,
        /** Work is running ("Streaming from sim…"). */
        BUSY,
        /** Something failed; the text says what and, where it can, what to do. */
        ERROR
    }

    /** One status message; {@link #EMPTY} when there is nothing to say. */
    public record Message(Kind kind, String text) {
        public static final Message EMPTY = new Message(Kind.INFO, "");

        public Message {
            Objects.requireNonNull(kind);
            text = text == null ? "" : text;
        }
    }

    private final ReadOnlyObjectWrapper<Message> message = new ReadOnlyObjectWrapper<>(this, "message", Message.EMPTY);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");

    public StatusLine() {
        message.addListener((o, a, b) -> text.set(b.text()));
    }

    /** Shows {@code text} as plain information. */
    public void info(String text) {
        message.set(new Message(Kind.INFO, text));
    }

    /** Shows {@code text} as work in progress. */
    public void busy(String text) {
        message.set(new Message(Kind.BUSY, text));
    }

    /** Shows {@code text} as an error. */
    public void error(String text) {
        message.set(new Message(Kind.ERROR, text));
    }

    /** Shows nothing. */
    public void clear() {
        message.set(Message.EMPTY);
    }

    /** The current message (never null). */
    public Message get() {
        return message.get();
    }

    public ReadOnlyObjectProperty<Message> messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The current message's text. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** The current message's kind, for a view's style binding. */
    public ObjectBinding<Kind> kindBinding() {
        return Bindings.createObjectBinding(() -> message.get().kind(), message);
    }
}
