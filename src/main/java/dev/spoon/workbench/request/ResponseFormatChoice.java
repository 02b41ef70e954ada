package dev.spoon.workbench.request;

/** The answer shape the user asks for: free text, any JSON object, or JSON matching a schema. */
public enum ResponseFormatChoice {
    TEXT("Text"), JSON("JSON"), JSON_SCHEMA("JSON Schema");

    private final String label;

    ResponseFormatChoice(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
