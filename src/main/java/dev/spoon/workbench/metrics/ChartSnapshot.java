package dev.spoon.workbench.metrics;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a chart's snapshot (taken on the FX thread) as a PNG file. Blocking: call it from background work. */
final class ChartSnapshot {
    private ChartSnapshot() {
    }

    static Path write(Image image, Path file) throws IOException {
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
        return file;
    }
}
