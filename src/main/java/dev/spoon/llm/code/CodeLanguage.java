package dev.spoon.llm.code;

/** The forms "View code" writes a request in. */
public enum CodeLanguage {
    CURL("curl"),
    PYTHON("Python"),
    TYPESCRIPT("TypeScript"),
    JAVA("Java"),
    SPOON_CLI("spoon CLI");

    private final String label;

    CodeLanguage(String label) {
        this.label = label;
    }

    /** The name shown on the tab. */
    public String label() {
        return label;
    }
}
