package dev.spoon.workbench.request;

import dev.spoon.llm.ContentPart;

import java.util.Locale;

/**
 * An image attached to the next message: what the request sends ({@link #part()}, inline base64 data) and what
 * the attachment strip shows (name and size). Immutable; built off the FX thread by {@link ImageFiles}
 * (the core's {@link dev.spoon.llm.ImageInput} checks).
 *
 * @param name      the file name, or "pasted image N" for one from the clipboard
 * @param sizeBytes the image's size in bytes (0 for an image by URL)
 */
public record ImageAttachment(String name, long sizeBytes, ContentPart.Image part) {

    /** "photo.png · 240 KB" ("photo.png · by URL" for an image the provider fetches). */
    public String label() {
        return name + " \u00B7 " + (part.base64Data() == null ? "by URL" : size(sizeBytes));
    }

    /** A byte count for people: "812 B", "240 KB", "3.4 MB". */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
