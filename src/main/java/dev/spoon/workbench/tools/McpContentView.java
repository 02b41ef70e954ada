package dev.spoon.workbench.tools;

import atlantafx.base.theme.Styles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.mcp.McpCallResult;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

import java.io.ByteArrayInputStream;
import java.util.Base64;

/**
 * Renders a tool result's MCP content blocks: text as selectable text, images as pictures (with type and
 * size), audio as its type and size, embedded resources with their URI and text, resource links by URI, and
 * the structured content as JSON. A result the tool marked {@code isError} is framed as an error.
 */
final class McpContentView {
    /** Images taller than this are scaled down (the pane must fit 1024×700). */
    static final double MAX_IMAGE_HEIGHT = 240;

    private McpContentView() {
    }

    static Node of(McpCallResult r) {
        VBox box = new VBox(6);
        box.getStyleClass().add("mcp-content");
        if (r.isError()) {
            box.getStyleClass().add("mcp-content-error");
            Label l = new Label("\u26A0 The tool reported an error (isError)");
            l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
            box.getChildren().add(l);
        }
        int i = 0;
        for (JsonNode b : r.content()) {
            Node n = block(b);
            n.setId("mcp-block-" + i++);
            box.getChildren().add(n);
        }
        if (r.structuredContent() != null && !r.structuredContent().isNull()) {
            box.getChildren().addAll(caption("structured content"), text(r.structuredContent().toPrettyString(),
                    true));
        }
        if (box.getChildren().isEmpty()) {
            box.getChildren().add(caption("(no content)"));
        }
        return box;
    }

    private static Node block(JsonNode b) {
        String type = b.path("type").asText();
        return switch (type) {
            case "text" -> text(b.path("text").asText(), false);
            case "image" -> image(b.path("data").asText(), b.path("mimeType").asText());
            case "audio" -> caption("audio " + b.path("mimeType").asText() + ", "
                    + b.path("data").asText().length() * 3 / 4 + " bytes");
            case "resource" -> {
                JsonNode res = b.path("resource");
                VBox v = new VBox(2, caption("resource " + res.path("uri").asText() + "  "
                        + res.path("mimeType").asText("")));
                if (res.has("text")) {
                    v.getChildren().add(text(res.path("text").asText(), false));
                } else if (res.has("blob")) {
                    v.getChildren().add(caption(res.path("blob").asText().length() * 3 / 4 + " bytes of binary data"));
                }
                yield v;
            }
            case "resource_link" -> caption("\u2197 resource link " + b.path("uri").asText()
                    + (b.has("name") ? " (" + b.path("name").asText() + ")" : ""));
            default -> text(b.toPrettyString(), true);
        };
    }

    private static Node image(String base64, String mime) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(base64);
            Image img = new Image(new ByteArrayInputStream(bytes));
            if (img.isError()) {
                return caption("image " + mime + ", " + bytes.length + " bytes (cannot be shown)");
            }
            ImageView v = new ImageView(img);
            v.setPreserveRatio(true);
            v.setFitHeight(Math.min(MAX_IMAGE_HEIGHT, Math.max(16, img.getHeight())));
            v.getStyleClass().add("mcp-image");
            return new VBox(2, caption("image " + mime + ", " + bytes.length + " bytes, " + (int) img.getWidth() + "\u00D7"
                    + (int) img.getHeight()), v);
        } catch (IllegalArgumentException e) {
            return caption("image " + mime + " with invalid base64 data");
        }
    }

    private static Label caption(String s) {
        Label l = new Label(s);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setWrapText(true);
        return l;
    }

    private static Node text(String s, boolean code) {
        TextArea t = new TextArea(s);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount((int) Math.min(8, Math.max(1, s.lines().count())));
        if (code) {
            t.getStyleClass().add("code");
        }
        return t;
    }
}
