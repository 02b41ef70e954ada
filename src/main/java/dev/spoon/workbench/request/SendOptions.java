package dev.spoon.workbench.request;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.Message;
import dev.spoon.llm.RequestOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a send takes from a {@link RequestOptionsBar}, as one immutable snapshot: the images for the new message,
 * the core's {@link RequestOptions} (answer format, reasoning effort, prompt caching, headers) and the extra body.
 *
 * @param images    images attached to the new user message, in order
 * @param options   the request-wide options, never null
 * @param extraBody fields merged into the request body as they are, or null
 */
public record SendOptions(List<ImageAttachment> images, RequestOptions options, ObjectNode extraBody) {

    /** No options: a plain text request. */
    public static final SendOptions NONE = new SendOptions(List.of(), RequestOptions.NONE, null);

    public SendOptions {
        images = List.copyOf(images);
        options = options == null ? RequestOptions.NONE : options;
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

    /** Puts the request-wide options and the extra body (not the images: they belong to a message) into {@code b}. */
    public ChatRequest.Builder applyTo(ChatRequest.Builder b) {
        return b.extraBody(extraBody).options(options);
    }
}
