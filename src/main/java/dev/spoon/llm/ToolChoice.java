package dev.spoon.llm;

/** How the model may use the tools: {@code auto}, {@code none}, {@code required}, or one named tool. */
public record ToolChoice(Mode mode, String toolName) {
    public enum Mode { AUTO, NONE, REQUIRED, NAMED }

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    /** Parses the CLI word: auto, none, required, or else a tool's name. */
    public static ToolChoice parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "none" -> NONE;
            case "required", "any" -> REQUIRED;
            default -> new ToolChoice(Mode.NAMED, value.trim());
        };
    }
}
