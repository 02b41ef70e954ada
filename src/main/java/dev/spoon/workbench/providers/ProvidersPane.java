package dev.spoon.workbench.providers;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

import java.time.Duration;
import java.util.Map;

/**
 * The Providers & keys pane: {@link ProvidersViewModel} + {@link ProvidersView}. The first time it is shown it
 * looks for Ollama and LM Studio on localhost (in the background).
 */
public final class ProvidersPane implements WorkbenchPane {
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
            viewModel.detectLocal(new LocalServerProbe(Duration.ofMillis(800)),
                    Map.of("ollama", LocalServerProbe.OLLAMA, "lmstudio", LocalServerProbe.LM_STUDIO));
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
