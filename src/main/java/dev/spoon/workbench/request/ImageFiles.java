package dev.spoon.workbench.request;

import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ImageInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Turns files, URLs and clipboard pictures into {@link ImageAttachment}s with the core's {@link ImageInput}
 * (its size limit and formats). Blocking I/O and encoding: call it on a background executor, never on the FX
 * thread. Refusals are {@link ImageRefused} with a message naming the file and what to do.
 */
final class ImageFiles {

    /** An image that cannot be attached; the message is meant for the user. */
    static final class ImageRefused extends RuntimeException {
        ImageRefused(String message) {
            super(message);
        }
    }

    private ImageFiles() {
    }

    /** Reads {@code file} as an attachment; refuses a missing, too large or non-image file. */
    static ImageAttachment read(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            ContentPart.Image part = ImageInput.load(file);
            return new ImageAttachment(name, decodedSize(part.base64Data()), part);
        } catch (IllegalArgumentException e) {
            throw new ImageRefused(capitalized(e.getMessage()) + ".");
        }
    }

    /** An image by {@code url} (dropped from a browser): sent as the URL, read by the provider. */
    static ImageAttachment url(String url) {
        ContentPart.Image part = ImageInput.load(url);
        String tail = url.replaceAll("[?#].*$", "");
        String name = tail.substring(tail.lastIndexOf('/') + 1);
        return new ImageAttachment(name.isEmpty() ? url : name, 0, part);
    }

    /**
     * A clipboard picture as a PNG attachment. {@code image} must not change meanwhile (clipboard images do
     * not): its pixels are read here, on the calling background thread.
     */
    static ImageAttachment png(String name, javafx.scene.image.Image image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            java.awt.image.BufferedImage buffered = javafx.embed.swing.SwingFXUtils.fromFXImage(image, null);
            if (buffered == null || !javax.imageio.ImageIO.write(buffered, "png", out)) {
                throw new ImageRefused("The pasted picture could not be encoded as PNG; save it to a file and attach"
                        + " that.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() > ImageInput.MAX_BYTES) {
            throw new ImageRefused(name + " is " + ImageAttachment.size(out.size()) + " as PNG; the limit is "
                    + ImageInput.MAX_BYTES_MB + " MB. Paste a smaller picture, or save it as JPEG and attach the file.");
        }
        return new ImageAttachment(name, out.size(), ContentPart.Image.ofBase64("image/png",
                Base64.getEncoder().encodeToString(out.toByteArray())));
    }

    private static long decodedSize(String base64) {
        if (base64 == null) {
            return 0;
        }
        int pad = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return base64.length() / 4L * 3 - pad;
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? "The image cannot be attached" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
