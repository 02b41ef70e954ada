package dev.spoon.workbench.tools;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Tools pane (tool-call inspector): {@link ToolInspectorViewModel} + {@link ToolInspectorView}. */
public final class ToolsPane implements WorkbenchPane {
    private final ToolInspectorViewModel viewModel;
    private final ToolInspectorView view;

    public ToolsPane(WorkbenchContext context) {
        viewModel = new ToolInspectorViewModel(context);
        view = new ToolInspectorView(viewModel);
    }

    public ToolInspectorViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public void onShown() {
        viewModel.refreshProviders();
        view.focusPrompt();
    }

    @Override
    public boolean handle(Command command) {
        return switch (command) {
            case SEND -> viewModel.isBusy() ? viewModel.continueRun() : viewModel.start();
            case STOP -> viewModel.stop();
            default -> false;
        };
    }

    @Override
    public void dispose() {
        viewModel.close();
    }
}
