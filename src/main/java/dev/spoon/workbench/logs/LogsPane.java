package dev.spoon.workbench.logs;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Logs pane (debug log viewer): {@link LogsViewModel} + {@link LogsView}. */
public final class LogsPane implements WorkbenchPane {
    private final LogsViewModel viewModel;
    private final LogsView view;

    public LogsPane(WorkbenchContext context) {
        viewModel = new LogsViewModel(context);
        view = new LogsView(viewModel);
    }

    public LogsViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public String shortcutHints() {
        return "Ctrl+F filter \u00B7 Esc cancel an export";
    }

    @Override
    public boolean handle(Command command) {
        if (command == Command.FIND) {
            view.focusFilter();
            return true;
        }
        if (command == Command.STOP) {
            viewModel.cancelExport();
            return true;
        }
        return false;
    }

    @Override
    public void dispose() {
        viewModel.close();
    }
}
