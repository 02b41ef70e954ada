package dev.spoon.workbench.metrics;

import dev.spoon.workbench.WorkbenchContext;
import dev.spoon.workbench.WorkbenchPane;
import javafx.scene.Node;

/** The Metrics pane (live dashboard): {@link MetricsViewModel} + {@link MetricsView}. */
public final class MetricsPane implements WorkbenchPane {
    private final MetricsViewModel viewModel;
    private final MetricsView view;

    public MetricsPane(WorkbenchContext context) {
        viewModel = new MetricsViewModel(context);
        view = new MetricsView(viewModel);
        view.start();
    }

    public MetricsViewModel viewModel() {
        return viewModel;
    }

    /** Saves the requests/s chart as PNG (tests). FX thread. */
    public java.util.concurrent.CompletableFuture<java.nio.file.Path> snapshotRequestsChart(java.nio.file.Path file) {
        return view.saveChart(view.requestsChart(), file);
    }

    @Override
    public Node view() {
        return view.root();
    }

    @Override
    public void onShown() {
        viewModel.requestRefresh();
    }

    @Override
    public void dispose() {
        view.stop();
        viewModel.close();
    }
}
