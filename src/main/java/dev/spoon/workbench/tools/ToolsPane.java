package dev.spoon.workbench.tools;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Tools pane (tool-call inspector): {@link ToolInspectorViewModel} + {@link ToolInspectorView}. */
public final class ToolsPane implements WorkbenchPane {
    private final ToolInspectorViewModel viewModel;
    private final McpServersViewModel mcp;
    private final ToolInspectorView view;

    public ToolsPane(WorkbenchContext context) {
        viewModel = new ToolInspectorViewModel(context);
        mcp = new McpServersViewModel(context, viewModel.providerProperty()::get);
        viewModel.useMcp(mcp);
        view = new ToolInspectorView(viewModel, new McpServersView(mcp, context.executor(), viewModel.providers()));
    }

    public ToolInspectorViewModel viewModel() {
        return viewModel;
    }

    /** The MCP servers section's state. */
    public McpServersViewModel mcp() {
        return mcp;
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public String shortcutHints() {
        return "Ctrl+Enter run or continue \u00B7 Esc stop";
    }

    @Override
    public void onShown() {
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
        try {
            viewModel.close();
        } finally {
            mcp.close(); // ends the MCP servers' processes
        }
    }
}
