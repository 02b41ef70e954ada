package dev.spoon.llm;

/** One block of a multi-part message: text or an image (by URL or inline base64 data). */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

    record Text(String text) implements ContentPart {
    }

    /**
     * An image, either by {@code url} (http(s) or a {@code data:} URL) or as {@code base64Data} with its
     * {@code mediaType}. Exactly one of {@code url} and {@code base64Data} is set.
     */
    record Image(String url, String mediaType, String base64Data) implements ContentPart {
        public static Image ofUrl(String url) {
            if (url.startsWith("data:")) {
                int semi = url.indexOf(';');
                int comma = url.indexOf(',');
                if (semi > 5 && comma > semi) {
                    return new Image(null, url.substring(5, semi), url.substring(comma + 1));
                }
            }
            return new Image(url, null, null);
        }

        public static Image ofBase64(String mediaType, String data) {
            return new Image(null, mediaType, data);
        }

        /** This image as a URL: the original one, or a {@code data:} URL built from the inline data. */
        public String asUrl() {
            return url != null ? url : "data:" + mediaType + ";base64," + base64Data;
        }
    }
}
