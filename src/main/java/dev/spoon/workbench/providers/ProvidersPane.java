package dev.spoon.workbench.providers;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

import java.util.List;

/**
 * The Providers & keys pane: {@link ProvidersViewModel} + {@link ProvidersView}. The first time it is shown it
 * looks for Ollama and LM Studio on localhost (in the background).
 */
public final class ProvidersPane implements WorkbenchPane {
    /** The built-in providers that are servers on this machine, looked for when the pane is first shown. */
    static final List<String> LOCAL_SERVERS = List.of("ollama", "lmstudio");

    private final ProvidersViewModel viewModel;
    private final ProvidersView view;
    private boolean probed;

    public ProvidersPane(WorkbenchContext context) {
        viewModel = new ProvidersViewModel(context);
        view = new ProvidersView(viewModel);
        viewModel.select(context.configuration().defaultProvider());
    }

    public ProvidersViewModel viewModel() {
        return viewModel;
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public void onShown() {
        if (!probed) {
            probed = true;
            viewModel.detectLocal(LOCAL_SERVERS);
        }
    }

    @Override
    public boolean handle(Command command) {
        if (command == Command.SEND) {
            viewModel.save();
            return true;
        }
        return false;
    }

    @Override
    public void dispose() {
        viewModel.dispose();
    }
}
