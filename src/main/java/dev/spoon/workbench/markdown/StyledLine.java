package dev.spoon.workbench.markdown;

import java.util.List;

/**
 * One rendered line of a document: text runs with style classes, and the paragraph's own style classes.
 */
public record StyledLine(List<Run> runs, List<String> parStyles) {

    /** A piece of text and its style classes. */
    public record Run(String text, List<String> styles) {
    }

    public StyledLine {
        runs = List.copyOf(runs);
        parStyles = List.copyOf(parStyles);
    }

    public static StyledLine of(String text, List<String> styles, List<String> parStyles) {
        return new StyledLine(List.of(new Run(text, styles)), parStyles);
    }

    public static StyledLine blank() {
        return new StyledLine(List.of(), List.of());
    }

    /** The line's text without styles. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        runs.forEach(r -> sb.append(r.text()));
        return sb.toString();
    }
}
