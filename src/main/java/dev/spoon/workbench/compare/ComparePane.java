package dev.spoon.workbench.compare;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Compare pane: {@link CompareViewModel} + {@link CompareView}. */
public final class ComparePane implements WorkbenchPane {
    private final CompareViewModel viewModel;
    private final CompareView view;

    public ComparePane(WorkbenchContext context) {
        viewModel = new CompareViewModel(context);
        view = new CompareView(viewModel);
    }

    /** Whether every column shows all of its text (the columns catch up one per frame). */
    public boolean allColumnsShown() {
        return view.allColumnsShown();
    }

    public CompareViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public String shortcutHints() {
        return "Ctrl+Enter send to all \u00B7 Esc stop \u00B7 Ctrl+N new comparison";
    }

    @Override
    public void onShown() {
        view.focusPrompt();
    }

    @Override
    public boolean handle(Command command) {
        switch (command) {
            case SEND -> viewModel.send();
            case NEW -> viewModel.newComparison();
            case FIND -> {
                return false;
            }
            case STOP -> {
                return viewModel.stopAll();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    @Override
    public void dispose() {
        viewModel.stopAll();
        view.dispose();
    }
}
