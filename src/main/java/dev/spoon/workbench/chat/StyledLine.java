package dev.spoon.workbench.chat;

import java.util.List;

/** One rendered line of the chat document: text runs with style classes, and the paragraph's own style classes. */
record StyledLine(List<Run> runs, List<String> parStyles) {

    /** A piece of text and its style classes. */
    record Run(String text, List<String> styles) {
    }

    StyledLine {
        runs = List.copyOf(runs);
        parStyles = List.copyOf(parStyles);
    }

    static StyledLine of(String text, List<String> styles, List<String> parStyles) {
        return new StyledLine(List.of(new Run(text, styles)), parStyles);
    }

    static StyledLine blank() {
        return new StyledLine(List.of(), List.of());
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        runs.forEach(r -> sb.append(r.text()));
        return sb.toString();
    }
}
