package dev.spoon.workbench.request;

import dev.spoon.llm.ContentPart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Turns files and clipboard pictures into {@link ImageAttachment}s: size check, format check by the file's
 * first bytes (PNG, JPEG, GIF, WebP), base64 encoding. Blocking I/O and encoding: call it on a background
 * executor, never on the FX thread. Refusals are {@link ImageRefused} with a message naming the file and what
 * to do.
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
            long size = Files.size(file);
            refuseTooLarge(name, size);
            byte[] bytes = Files.readAllBytes(file);
            refuseTooLarge(name, bytes.length); // it grew meanwhile
            return of(name, bytes);
        } catch (NoSuchFileException e) {
            throw new ImageRefused(name + " no longer exists; attach it again from where it is now.");
        } catch (IOException e) {
            throw new ImageRefused("Could not read " + name + ": " + e.getMessage());
        }
    }

    /** An attachment of encoded image {@code bytes}; refuses data too large or in no format providers take. */
    static ImageAttachment of(String name, byte[] bytes) {
        refuseTooLarge(name, bytes.length);
        String type = mediaType(bytes);
        if (type == null) {
            throw new ImageRefused(name + " is not an image providers accept: attach a PNG, JPEG, GIF or WebP file.");
        }
        return new ImageAttachment(name, bytes.length,
                ContentPart.Image.ofBase64(type, Base64.getEncoder().encodeToString(bytes)));
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
        return of(name, out.toByteArray());
    }

    private static void refuseTooLarge(String name, long size) {
        if (size > ImageAttachment.MAX_BYTES) {
            throw new ImageRefused(name + " is " + ImageAttachment.size(size) + "; an image can be at most "
                    + ImageAttachment.size(ImageAttachment.MAX_BYTES) + ". Scale it down or save it as JPEG.");
        }
    }

    /** The media type by the first bytes, or null when it is none of PNG, JPEG, GIF, WebP. */
    static String mediaType(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
