package dev.spoon.workbench.metrics;

import dev.spoon.workbench.TaskExecutor;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Saves a node (a chart) as a PNG: the snapshot is taken on the FX thread, encoded and written in the background. */
final class ChartSnapshot {
    private ChartSnapshot() {
    }

    /** Must be called on the FX thread. */
    static CompletableFuture<Path> save(Node node, Path file, TaskExecutor executor) {
        WritableImage image = node.snapshot(null, null);
        return executor.submit(() -> {
            try {
                if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
