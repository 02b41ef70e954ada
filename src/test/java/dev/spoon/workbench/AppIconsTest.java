package dev.spoon.workbench;

import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(ApplicationExtension.class)
class AppIconsTest {
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void everyShippedSizeIsASquarePngOfThatSize() throws IOException {
        for (int size : AppIcons.SIZES) {
            assertThat(AppIcons.resource(size)).as("icon %d", size).isNotNull();
            try (InputStream in = AppIcons.resource(size).openStream()) {
                BufferedImage image = ImageIO.read(in);
                assertThat(image).as("icon %d decodes as PNG", size).isNotNull();
                assertThat(image.getWidth()).as("width of icon %d", size).isEqualTo(size);
                assertThat(image.getHeight()).as("height of icon %d", size).isEqualTo(size);
                assertThat(image.getColorModel().hasAlpha()).as("icon %d has transparency", size).isTrue();
            }
        }
    }

    @Test
    void applyToPutsEverySizeOnTheStage() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> AppIcons.applyTo(stage)));
        List<Image> icons = stage.getIcons();
        assertThat(icons).hasSize(AppIcons.SIZES.size());
        await().until(() -> icons.stream().allMatch(i -> i.getProgress() >= 1.0));
        assertThat(icons).noneMatch(Image::isError);
        assertThat(icons.stream().map(i -> (int) i.getWidth()).toList()).isEqualTo(AppIcons.SIZES);
    }
}
