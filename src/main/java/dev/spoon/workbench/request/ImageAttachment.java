package dev.spoon.workbench.request;

import dev.spoon.llm.ContentPart;

import java.util.Locale;

/**
 * An image attached to the next message: what the request sends ({@link #part()}, inline base64 data) and what
 * the attachment strip shows (name and size). Immutable; built off the FX thread by {@link ImageFiles}.
 *
 * @param name      the file name, or "pasted image N" for one from the clipboard
 * @param sizeBytes the encoded image's size
 */
public record ImageAttachment(String name, long sizeBytes, ContentPart.Image part) {

    /** The largest image the workbench attaches (OpenAI's and Gemini's per-image limit). */
    public static final long MAX_BYTES = 20L * 1024 * 1024;

    /** "photo.png · 240 KB". */
    public String label() {
        return name + " \u00B7 " + size(sizeBytes);
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
