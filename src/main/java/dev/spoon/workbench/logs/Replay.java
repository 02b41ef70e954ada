package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.WireFormat;
import dev.spoon.llm.WireRequest;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.workbench.FailureText;
import dev.spoon.workbench.StatusLine;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Replaying a logged request: its body opened in an editor, the target provider, and once resent, the new
 * record (found in the log by its {@value #TAG} tag) shown beside the original. The body is read by the wire
 * format of the provider that sent it ({@link WireFormat}, the core's reader), so tool calls, tool results
 * and images survive; sent to a provider of another format, the original format's extra fields are left out.
 * FX thread only.
 */
public final class Replay {
    /** The tag a replayed request carries: the request id of the record it replays. */
    public static final String TAG = "replay_of";

    private final LogsViewModel logs;
    private final ObjectProperty<DebugRecord> original = new SimpleObjectProperty<>(this, "original");
    private final ObjectProperty<DebugRecord> result = new SimpleObjectProperty<>(this, "result");
    private final StringProperty body = new SimpleStringProperty(this, "body", "");
    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StatusLine status = new StatusLine();
    /** The body as last opened, to tell whether the user edited it. */
    private String opened = "";

    Replay(LogsViewModel logs) {
        this.logs = logs;
        status.info("Select a request in the list: it opens here to edit and send again.");
    }

    /**
     * Follows the record selected in the log: opens it, unless the user has edited the request now in the
     * editor (their edits are kept; {@link #open} replaces them on request).
     */
    public void follow(DebugRecord selected) {
        if (selected == null || selected == original.get()) {
            return;
        }
        if (original.get() != null && !opened.equals(body.get())) {
            status.info("Your edited request for " + original.get().requestId() + " is kept; use \u201CReplay this "
                    + "request\u2026\u201D to replay the selected one instead.");
            return;
        }
        open(selected);
    }

    /** Opens {@code record}'s request in the editor, aimed at its own provider. */
    public void open(DebugRecord record) {
        original.set(record);
        result.set(null);
        opened = RecordDetail.body(record.requestBody());
        body.set(opened);
        provider.set(record.provider());
        if (record.requestBody() == null) {
            status.error("This record has no request body (the log keeps bodies only with debug.log_bodies = true).");
        } else {
            status.info("Edit the request, choose a provider, then Send.");
        }
    }

    /**
     * Sends the edited request. Returns null (with the reason in the status) when the body cannot be read.
     */
    public CompletableFuture<?> send() {
        DebugRecord o = original.get();
        if (o == null) {
            status.error("Select a record and open it for replay first.");
            return null;
        }
        Optional<WireFormat> format = logs.wireFormatOf(o.provider());
        if (format.isEmpty()) {
            status.error("Cannot read this request: " + o.provider() + ", which sent it, is not configured now.");
            return null;
        }
        WireRequest parsed;
        try {
            parsed = format.get().parseRequest(body.get(), o.endpoint());
        } catch (IllegalArgumentException e) {
            status.error("Cannot send: " + e.getMessage() + ". Fix the request and try again.");
            return null;
        }
        String target = provider.get() == null ? o.provider() : provider.get();
        ChatRequest req = parsed.request();
        if (!target.equals(o.provider())) {
            req = req.withModel(null); // another provider: its own default model
        } else if (ProviderConfig.Api.ofEndpoint(o.endpoint()) != null) {
            // the same provider: through the API the record was sent with, whatever its configuration says now
            req = req.withTag(ProviderConfig.Api.TAG, ProviderConfig.Api.ofEndpoint(o.endpoint()).key());
        }
        if (!logs.wireFormatOf(target).map(WireFormat::name).equals(format.map(WireFormat::name))) {
            // fields of the original format (top_p, thinking, safetySettings…) mean nothing in another one
            req = new ChatRequest(req.messages(), req.model(), req.maxTokens(), req.temperature(), req.tools(),
                    req.toolChoice(), req.timeout(), null, req.tags(), req.options());
        }
        result.set(null);
        status.busy("Sending to " + target + "\u2026");
        return logs.send(req, target, parsed.stream(), o.requestId())
                .whenComplete((r, e) -> logs.executor().ui(() -> {
                    if (e == null) {
                        status.info("Replayed on " + target + ": " + r.durationMs() + " ms; the new record is beside"
                                + " the original.");
                    } else {
                        status.error("Replay on " + target + " failed: " + FailureText.of(e));
                    }
                }));
    }

    /** Called for every record the viewer receives; picks up the replay's record. */
    void seen(DebugRecord r) {
        DebugRecord o = original.get();
        if (o != null && o.requestId().equals(r.tags().get(TAG))) {
            result.set(r);
        }
    }

    public ObjectProperty<DebugRecord> originalProperty() {
        return original;
    }

    /** The record of the replayed request once the log has it, else null. */
    public ObjectProperty<DebugRecord> resultProperty() {
        return result;
    }

    public StringProperty bodyProperty() {
        return body;
    }

    public StringProperty providerProperty() {
        return provider;
    }

    /** The replay's status line. */
    public StatusLine status() {
        return status;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.textProperty();
    }
}
