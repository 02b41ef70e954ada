package dev.spoon.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * An image for a message from what a user gives ({@code --image FILE_OR_URL}, the workbench's attach button):
 * an {@code http(s)} or {@code data:} URL is taken as it is; a file is read and sent inline (a {@code data:} URL
 * for OpenAI-style providers, base64 data for Anthropic and Gemini), its type read from its first bytes. Files
 * are limited to
 * {@value #MAX_BYTES_MB} MB (the smallest limit of the providers: Anthropic's 5 MB per image).
 */
public final class ImageInput {
    /** The largest image file sent inline, in MB. */
    public static final int MAX_BYTES_MB = 5;
    /** The largest image file sent inline, in bytes. */
    public static final long MAX_BYTES = MAX_BYTES_MB * 1024L * 1024L;

    private ImageInput() {
    }

    /**
     * The image {@code fileOrUrl} names.
     *
     * @throws IllegalArgumentException naming the file and what is wrong: missing, unreadable, not a PNG,
     *                                  JPEG, GIF or WebP image, or larger than {@value #MAX_BYTES_MB} MB
     */
    public static ContentPart.Image load(String fileOrUrl) {
        String s = fileOrUrl == null ? "" : fileOrUrl.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("no image given: name a PNG, JPEG, GIF or WebP file, or an http(s) URL");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:")) {
            return ContentPart.Image.ofUrl(s);
        }
        return load(Path.of(s));
    }

    /** The image in {@code file}, as base64 data; the same checks as {@link #load(String)}. */
    public static ContentPart.Image load(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("image file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read image file " + file + ": " + e.getMessage());
        }
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("image file " + file + " is " + megabytes(size) + " MB; the limit is "
                    + MAX_BYTES_MB + " MB (make it smaller, or give an http(s) URL instead)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read image file " + file + ": " + e.getMessage());
        }
        String type = mediaType(bytes);
        if (type == null) {
            throw new IllegalArgumentException("image file " + file + " is not a PNG, JPEG, GIF or WebP image");
        }
        return ContentPart.Image.ofBase64(type, Base64.getEncoder().encodeToString(bytes));
    }

    /** The media type from the file's first bytes (its signature), or null when it is none of the four. */
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
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
