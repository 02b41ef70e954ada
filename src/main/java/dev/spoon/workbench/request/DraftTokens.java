package dev.spoon.workbench.request;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.tokens.TokenCount;
import dev.spoon.llm.tokens.TokenCounter;
import dev.spoon.workbench.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live token count of a draft: the prompt tokens the request would have if it were sent now (the core's
 * {@link TokenCounter}, exact or a labelled estimate), and the share of the model's context window it fills.
 * Counting runs on the injected executor, one count at a time: changes that arrive meanwhile are counted
 * together once it ends, so fast typing never queues a count per keystroke.
 *
 * <p>Thread rules: call {@link #draftChanged} on the UI thread; results arrive there.
 */
public final class DraftTokens {

    /** What to count: the request as it would be sent, its provider, and the model's context window (0: unknown). */
    public record Draft(ChatRequest request, ProviderConfig provider, int contextWindow, String model) {
    }

    private final TaskExecutor executor;
    private final Supplier<Draft> drafts;
    private final ReadOnlyObjectWrapper<TokenCount> count = new ReadOnlyObjectWrapper<>(this, "count");
    private final ReadOnlyIntegerWrapper contextWindow = new ReadOnlyIntegerWrapper(this, "contextWindow", 0);
    private final ReadOnlyObjectWrapper<String> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final StringBinding text;
    private final DoubleBinding fill;
    private boolean counting;
    private boolean dirty;

    /** Counts what {@code drafts} gives (called on the UI thread; null: nothing to count). */
    public DraftTokens(TaskExecutor executor, Supplier<Draft> drafts) {
        this.executor = executor;
        this.drafts = drafts;
        text = Bindings.createStringBinding(this::describe, count, contextWindow);
        fill = Bindings.createDoubleBinding(() -> count.get() == null || contextWindow.get() <= 0 ? 0
                : Math.min(1.0, count.get().promptTokens() / (double) contextWindow.get()), count, contextWindow);
    }

    /** The draft changed: counts it again (now, or once the running count ends). */
    public void draftChanged() {
        if (counting) {
            dirty = true;
            return;
        }
        Draft d = drafts.get();
        if (d == null || d.provider() == null) {
            count.set(null);
            contextWindow.set(0);
            return;
        }
        counting = true;
        dirty = false;
        executor.submit(() -> TokenCounter.shared().count(d.request(), d.provider()))
                .whenComplete((c, e) -> executor.ui(() -> {
                    counting = false;
                    if (e == null) {
                        count.set(c);
                        contextWindow.set(d.contextWindow());
                        model.set(d.model());
                    }
                    if (dirty) {
                        draftChanged();
                    }
                }));
    }

    /** "1,234 / 8,192 tokens", "≈ 1,234 tokens" (an estimate, no known window); "" before the first count. */
    private String describe() {
        TokenCount c = count.get();
        if (c == null) {
            return "";
        }
        String n = (c.exact() ? "" : "\u2248 ") + String.format(Locale.ROOT, "%,d", c.promptTokens());
        return contextWindow.get() > 0 ? n + " / " + String.format(Locale.ROOT, "%,d", contextWindow.get()) + " tokens"
                : n + " tokens";
    }

    /** A sentence for a tooltip: what was counted and how. */
    public String explanation() {
        TokenCount c = count.get();
        if (c == null) {
            return "Tokens of the next request: shown once there is something to send";
        }
        String how = c.exact() ? "exact (" + c.basis() + ")" : "an estimate (" + c.basis()
                + "; this model's own tokenizer is not available here)";
        String window = contextWindow.get() > 0 ? "; " + model.get() + " takes "
                + String.format(Locale.ROOT, "%,d", contextWindow.get()) + " tokens in all (prompt and answer)"
                : "; the context window of " + (model.get() == null ? "this model" : model.get())
                + " is unknown (set [models.\"MODEL\"] context_window in the config)";
        return "Prompt tokens of the next request, the whole conversation with this draft: " + how + window;
    }

    public ReadOnlyObjectProperty<TokenCount> countProperty() {
        return count.getReadOnlyProperty();
    }

    /** The model's context window in tokens, 0 when unknown. */
    public ReadOnlyIntegerProperty contextWindowProperty() {
        return contextWindow.getReadOnlyProperty();
    }

    /** The count in words for the bar. */
    public StringBinding textBinding() {
        return text;
    }

    /** How full the context window is, 0–1 (0 when the window is unknown). */
    public DoubleBinding fillBinding() {
        return fill;
    }
}
