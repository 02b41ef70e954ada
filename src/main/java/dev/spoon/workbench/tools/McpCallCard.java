package dev.spoon.workbench.tools;

import javafx.scene.control.TitledPane;
import javafx.scene.layout.VBox;

/** The MCP part of a paused call's card: the content blocks the server answered with, once it has. */
final class McpCallCard {
    private McpCallCard() {
    }

    /** Adds a collapsed "Server's content blocks" pane to {@code box} that follows the item's last MCP result. */
    static void addBlocks(ToolCallItem item, VBox box) {
        if (item.mcp().isEmpty()) {
            return;
        }
        TitledPane blocks = new TitledPane("Server's content blocks", new VBox());
        blocks.setExpanded(false);
        blocks.setVisible(false);
        blocks.setManaged(false);
        Runnable show = () -> {
            if (item.mcpResultProperty().get() != null) {
                blocks.setContent(McpContentView.of(item.mcpResultProperty().get()));
                blocks.setVisible(true);
                blocks.setManaged(true);
            }
        };
        item.mcpResultProperty().addListener((o, a, b) -> show.run());
        show.run();
        box.getChildren().add(blocks);
    }
}
