package dev.spoon.workbench.chat;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Chat pane: {@link ChatViewModel} + {@link ChatView}. */
public final class ChatPane implements WorkbenchPane {
    private final ChatViewModel viewModel;
    private final ChatView view;

    public ChatPane(WorkbenchContext context) {
        viewModel = new ChatViewModel(context);
        view = new ChatView(viewModel);
    }

    public ChatViewModel viewModel() {
        return viewModel;
    }

    /** Longest time a streamed token waited before it was shown, in nanoseconds (benchmarks). */
    public long maxRenderLagNanos() {
        return view.document().maxLagNanos();
    }

    /** {@link System#nanoTime()} of the last streamed text rendered (benchmarks). */
    public long lastRenderNanos() {
        return view.document().lastRenderNanos();
    }

    /** Completes when the background warm-up of the streaming view has run (benchmarks). */
    public java.util.concurrent.CompletableFuture<Integer> warmupDone() {
        return view.warmupDone();
    }

    /** How many paragraph cells the conversation view has created (benchmarks). */
    public long cellsCreated() {
        return view.document().cellsCreated();
    }

    /** Whether the conversation shows everything: the end of an answer is drawn on the frames after it ends. */
    public boolean drawn() {
        return view.drawn();
    }

    /** The conversation's text as shown (tests). */
    public String documentText() {
        return view.document().text();
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public String shortcutHints() {
        return "Ctrl+Enter send \u00B7 Esc stop \u00B7 Ctrl+N new chat \u00B7 Ctrl+F find";
    }

    @Override
    public void onShown() {
        view.focusInput();
    }

    @Override
    public boolean handle(Command command) {
        switch (command) {
            case SEND -> viewModel.send();
            case NEW -> viewModel.newChat();
            case FIND -> view.showFind();
            case STOP -> {
                if (viewModel.editingProperty().get() >= 0) {
                    viewModel.cancelEdit();
                    return true;
                }
                return viewModel.stop();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public void dispose() {
        viewModel.stop();
        view.dispose();
    }
}
