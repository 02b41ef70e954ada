package dev.spoon.llm;

/**
 * One provider wire format read back: request bodies into neutral {@link ChatRequest}s, and recorded stream
 * events into the deltas they carry. Each provider family has one, next to its wire classes (OpenAI chat
 * completions, Anthropic messages, Gemini generateContent); {@link LlmProvider#wireFormat()} gives the one a
 * provider speaks. The workbench replays logged requests and shows logged events through it; the gateway
 * reads its clients' requests with it. Implementations are stateless and thread-safe.
 */
public interface WireFormat {

    /**
     * The wire format named {@code name} ({@link #name()}), found among those the provider families register
     * (META-INF/services): how a provider that speaks another family's format gives it without depending on
     * that family (the simulator records OpenAI chat completions).
     */
    static java.util.Optional<WireFormat> named(String name) {
        return Registered.ALL.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The registered wire formats, loaded once. */
    final class Registered {
        static final java.util.List<WireFormat> ALL = java.util.ServiceLoader.load(WireFormat.class,
                WireFormat.class.getClassLoader()).stream().map(java.util.ServiceLoader.Provider::get).toList();

        private Registered() {
        }
    }

    /** A short stable name ({@code openai-chat}, {@code anthropic-messages}, {@code gemini-generate-content}). */
    String name();

    /**
     * Reads a request body: messages (system, user with text and images, assistant with tool calls and
     * reasoning, tool results), tools, tool choice, temperature, max tokens, model, stream. Body fields the
     * neutral request has no place for go to {@link ChatRequest#extra()}.
     *
     * @param body the request body (JSON)
     * @param url  the request URL, or null when unknown (Gemini keeps the model and the stream flag there)
     * @throws IllegalArgumentException naming what cannot be read and where ({@code messages[2].content[0]: …})
     */
    WireRequest parseRequest(String body, String url);

    /**
     * What one recorded stream event carries: answer text, reasoning, tool-call fragments (other fields may be
     * set too). An event that carries none of them, or cannot be read, gives a chunk without content.
     *
     * @param event the event as the debug log records it: its data, preceded by {@code "event: NAME\n data: "}
     *              when the event had a name
     */
    ResponseChunk readEvent(String event);

    /** The data of a recorded event (the part after a {@code data: } line prefix, when there is one). */
    static String eventData(String event) {
        if (event == null) {
            return "";
        }
        int at = event.startsWith("event:") ? event.indexOf("\ndata:") : -1;
        if (at >= 0) {
            return event.substring(at + "\ndata:".length()).strip();
        }
        return event.startsWith("data:") ? event.substring("data:".length()).strip() : event.strip();
    }

    /** A chunk without content (an event that carries no deltas). */
    static ResponseChunk nothing() {
        return new ResponseChunk(null, null, null, null, null, null, null, null, 0);
    }
}
