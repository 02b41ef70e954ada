package dev.spoon.llm.mcp;

import java.nio.file.Path;

/**
 * A folder the client offers to servers ({@code roots/list}).
 *
 * @param uri  a {@code file://} URI
 * @param name a short name (the folder's own name)
 */
public record McpRoot(String uri, String name) {

    public static McpRoot of(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        Path last = abs.getFileName();
        return new McpRoot(abs.toUri().toString(), last == null ? abs.toString() : last.toString());
    }
}
