package dev.spoon.workbench.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request options chosen in a {@link RequestOptionsBar}, as one immutable snapshot taken when the user
 * sends: images for the new message and the request-wide options.
 *
 * @param images          images attached to the new user message, in order
 * @param format          the answer shape asked for
 * @param schema          the JSON Schema when {@code format} is {@link ResponseFormatChoice#JSON_SCHEMA}, else null
 * @param reasoningEffort {@code minimal|low|medium|high}, or null for the provider's default
 * @param extraBody       fields merged into the request body as they are, or null
 * @param headers         extra HTTP headers (their values are secrets), never null
 */
public record RequestOptions(List<ImageAttachment> images, ResponseFormatChoice format, ObjectNode schema,
                             String reasoningEffort, ObjectNode extraBody, Map<String, String> headers) {

    /** No options: a plain text request. */
    public static final RequestOptions NONE = new RequestOptions(List.of(), ResponseFormatChoice.TEXT, null, null,
            null, Map.of());

    public RequestOptions {
        images = List.copyOf(images);
        headers = Map.copyOf(headers);
    }

    /** The image parts of the new message. */
    public List<ContentPart.Image> imageParts() {
        return images.stream().map(ImageAttachment::part).toList();
    }

    /** A user message of {@code text} followed by {@code images}; a plain text message when there are none. */
    public static Message userMessage(String text, List<ContentPart.Image> images) {
        if (images == null || images.isEmpty()) {
            return Message.user(text);
        }
        List<ContentPart> parts = new ArrayList<>();
        parts.add(new ContentPart.Text(text));
        parts.addAll(images);
        return Message.user(parts);
    }

    /** Puts the request-wide options (not the images: they belong to a message) into {@code b}. */
    public ChatRequest.Builder applyTo(ChatRequest.Builder b) {
        if (extraBody != null) {
            extraBody.fields().forEachRemaining(e -> b.extra(e.getKey(), e.getValue()));
        }
        return b;
    }
}
