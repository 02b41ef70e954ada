package dev.spoon.workbench.tools;

import java.util.List;

/**
 * One card of a tool run's transcript.
 *
 * @param title    e.g. "weather(call_1)" for a tool call
 * @param body     the text (pretty-printed JSON for arguments and results)
 * @param problems what is wrong with a model's tool call (invalid JSON, schema violations); empty otherwise
 * @param raw      the raw wire fragments the call arrived in, or null
 */
public record TranscriptEntry(Kind kind, String title, String body, List<String> problems, String raw) {

    /** What the card shows. */
    public enum Kind { SYSTEM, USER, ASSISTANT, TOOL_CALL, TOOL_RESULT, ERROR, INFO }

    public TranscriptEntry {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    static TranscriptEntry of(Kind kind, String title, String body) {
        return new TranscriptEntry(kind, title, body, List.of(), null);
    }
}
