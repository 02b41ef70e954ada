package dev.spoon.workbench.tools;

import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.mcp.McpSampling;
import dev.spoon.llm.mcp.McpSamplingHandler;
import dev.spoon.llm.mcp.SamplingRequest;
import dev.spoon.llm.mcp.SamplingResult;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.WorkbenchContext;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Servers' {@code sampling/createMessage} requests, shown to the user: each waits in {@link #pending()} until
 * the user approves it (it is then answered by the chosen provider through the manager) or declines it (the
 * server gets the spec's "user rejected" error). With {@link #autoApproveProperty()} on, requests are answered
 * as they come. Nothing waits on a thread meanwhile.
 *
 * <p>Thread rules: {@link #sample} is called on transport threads; everything else on the FX thread.
 */
final class McpSamplingInbox implements McpSamplingHandler {

    /** One request waiting for the user. */
    record Pending(SamplingRequest request, CompletableFuture<SamplingResult> answer) {
        /** "everything asks: …" */
        String summary() {
            String text = request.messages().isEmpty() ? "" : request.messages()
                    .get(request.messages().size() - 1).text();
            return request.server() + " asks the model: " + (text.length() > 200 ? text.substring(0, 200) + "\u2026"
                    : text);
        }
    }

    private final WorkbenchContext context;
    private final TaskExecutor executor;
    private final Supplier<String> defaultProvider;
    private final ObservableList<Pending> pending = FXCollections.observableArrayList();
    private final BooleanProperty autoApprove = new SimpleBooleanProperty(this, "autoApprove", false);
    private final StringProperty provider = new SimpleStringProperty(this, "provider");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");

    /** @param defaultProvider the provider used when none is chosen here (the Tools pane's) */
    McpSamplingInbox(WorkbenchContext context, Supplier<String> defaultProvider) {
        this.context = context;
        this.executor = context.executor();
        this.defaultProvider = defaultProvider;
    }

    @Override
    public CompletableFuture<SamplingResult> sample(SamplingRequest request) {
        CompletableFuture<SamplingResult> answer = new CompletableFuture<>();
        Pending p = new Pending(request, answer);
        executor.ui(() -> {
            if (autoApprove.get()) {
                answer(p);
            } else {
                pending.add(p);
                status.set("MCP server '" + request.server() + "' asks for a completion: approve or decline it "
                        + "under MCP servers.");
            }
        });
        return answer;
    }

    /** Answers {@code p} with the chosen provider. */
    void approve(Pending p) {
        if (pending.remove(p) || !p.answer().isDone()) {
            answer(p);
        }
    }

    /** Refuses {@code p}: the server gets the "user rejected" error. */
    void decline(Pending p) {
        pending.remove(p);
        p.answer().completeExceptionally(new Declined("declined in Spoon Workbench"));
        status.set("Declined the sampling request of '" + p.request().server() + "'.");
    }

    private void answer(Pending p) {
        String target = provider.get() == null || provider.get().isBlank() ? defaultProvider.get() : provider.get();
        status.set("Answering the sampling request of '" + p.request().server() + "' with " + target + "\u2026");
        McpSampling.answer(context.manager(), target, null, p.request()).whenComplete((r, e) -> {
            if (e != null) {
                p.answer().completeExceptionally(e);
            } else {
                p.answer().complete(r);
            }
            executor.ui(() -> {
                if (e == null) {
                    status.set("Answered the sampling request of '" + p.request().server() + "' with " + r.model()
                            + ".");
                } else {
                    LlmException le = LlmProvider.unwrap(e);
                    status.set("Sampling for '" + p.request().server() + "' failed: " + le.displayLine());
                }
            });
        });
    }

    /** Declines every request still waiting (the pane is closing). */
    void declineAll() {
        for (Pending p : java.util.List.copyOf(pending)) {
            decline(p);
        }
    }

    ObservableList<Pending> pending() {
        return pending;
    }

    BooleanProperty autoApproveProperty() {
        return autoApprove;
    }

    /** The provider that answers (blank: the Tools pane's provider). */
    StringProperty providerProperty() {
        return provider;
    }

    StringProperty statusProperty() {
        return status;
    }
}
