package dev.spoon.workbench;

import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The application icon (a spoon in a chat bubble) in the sizes window managers and task bars pick from.
 * The PNGs are rendered from {@code assets/spoon-workbench.svg} by {@code packaging/render-icons.sh} and put
 * into the jar by the build; the installers use the same files.
 */
public final class AppIcons {
    /** Pixel sizes shipped as {@code icons/spoon-workbench-N.png} beside this class. */
    public static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256, 512);

    private AppIcons() {
    }

    /** The resource holding the icon of {@code size} pixels; {@code null} if that size is not shipped. */
    public static URL resource(int size) {
        return AppIcons.class.getResource("icons/spoon-workbench-" + size + ".png");
    }

    /**
     * Images for every shipped size, loading in the background (they never delay the first frame).
     *
     * @throws IllegalStateException if a size is missing from the jar (a broken build)
     */
    public static List<Image> images() {
        List<Image> images = new ArrayList<>(SIZES.size());
        for (int size : SIZES) {
            URL url = resource(size);
            if (url == null) {
                throw new IllegalStateException("icon resource icons/spoon-workbench-" + size
                        + ".png is missing from the jar: rebuild with `mvn package` (assets/png is a resource folder)");
            }
            images.add(new Image(url.toExternalForm(), true));
        }
        return images;
    }

    /** Sets the application icon on {@code stage}. Call on the FX thread. */
    public static void applyTo(Stage stage) {
        stage.getIcons().setAll(images());
    }
}
