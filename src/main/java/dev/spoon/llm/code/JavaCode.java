package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.Redactor;
import dev.spoon.llm.providers.anthropic.AnthropicProvider;
import dev.spoon.llm.providers.openai.OpenAiProvider;

import java.util.Map;

/**
 * The request as a Java program: through the official openai-java SDK (any OpenAI-compatible server, Chat
 * Completions or Responses) or anthropic-java SDK, the body read whole into the SDK's {@code Body} so every field
 * is sent as is; for Gemini, which has no SDK among ours, through {@code java.net.http}. Keys come from
 * {@code System.getenv}.
 */
final class JavaCode {
    private JavaCode() {
    }

    static String of(CodeRequest r) {
        return switch (r.api()) {
            case OPENAI_CHAT, SIM, OPENAI_RESPONSES -> openAi(r);
            case ANTHROPIC -> anthropic(r);
            case GEMINI -> http(r);
        };
    }

    private static String openAi(CodeRequest r) {
        boolean responses = r.api() == WireApi.OPENAI_RESPONSES;
        String params = responses ? "ResponseCreateParams" : "ChatCompletionCreateParams";
        String pkg = responses ? "com.openai.models.responses." : "com.openai.models.chat.completions.";
        StringBuilder sb = new StringBuilder();
        sb.append("import com.openai.client.OpenAIClient;\n")
                .append("import com.openai.client.okhttp.OpenAIOkHttpClient;\n")
                .append("import com.openai.core.ObjectMappers;\n");
        if (r.stream()) {
            sb.append("import com.openai.core.http.StreamResponse;\n");
            sb.append("import ").append(pkg).append(responses ? "ResponseStreamEvent;\n" : "ChatCompletionChunk;\n");
        } else {
            sb.append("import ").append(pkg).append(responses ? "Response;\n" : "ChatCompletion;\n");
        }
        sb.append("import ").append(pkg).append(params).append(";\n\n");
        if (r.api() == WireApi.SIM) {
            sb.append("// the offline simulator, through the local gateway (`spoon serve`); no key needed\n");
        }
        sb.append("public class Request {\n");
        body(sb, r);
        sb.append("    public static void main(String[] args) throws Exception {\n");
        sb.append("        OpenAIClient client = OpenAIOkHttpClient.builder()\n");
        sb.append("                .apiKey(").append(r.keyVariable() == null ? "\"spoon\"" : env(r.keyVariable()))
                .append(")\n");
        if (!r.baseUrl().equals(OpenAiProvider.DEFAULT_BASE_URL)) {
            sb.append("                .baseUrl(").append(Literals.string(r.baseUrl())).append(")\n");
        }
        headers(sb, r);
        sb.append("                .build();\n");
        sb.append("        ").append(params).append(" params = ").append(params).append(".builder()\n")
                .append("                .body(ObjectMappers.jsonMapper().readValue(BODY, ").append(params)
                .append(".Body.class))\n                .build();\n");
        String call = responses ? "client.responses()" : "client.chat().completions()";
        if (r.stream()) {
            String event = responses ? "ResponseStreamEvent" : "ChatCompletionChunk";
            sb.append("        try (StreamResponse<").append(event).append("> stream = ").append(call)
                    .append(".createStreaming(params)) {\n");
            sb.append(responses
                    ? "            stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> System.out.print(d.delta())));\n"
                    : "            stream.stream().forEach(chunk -> chunk.choices().forEach(\n"
                    + "                    c -> c.delta().content().ifPresent(System.out::print)));\n");
            sb.append("        }\n        System.out.println();\n");
        } else if (responses) {
            sb.append("        Response response = ").append(call).append(".create(params);\n")
                    .append("        response.output().forEach(item -> item.message().ifPresent(m -> m.content().forEach(\n")
                    .append("                c -> c.outputText().ifPresent(t -> System.out.println(t.text())))));\n");
        } else {
            sb.append("        ChatCompletion completion = ").append(call).append(".create(params);\n")
                    .append("        completion.choices().get(0).message().content().ifPresent(System.out::println);\n");
        }
        sb.append("    }\n}\n");
        return sb.toString();
    }

    private static String anthropic(CodeRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append("import com.anthropic.client.AnthropicClient;\n")
                .append("import com.anthropic.client.okhttp.AnthropicOkHttpClient;\n")
                .append("import com.anthropic.core.ObjectMappers;\n");
        sb.append(r.stream() ? "import com.anthropic.core.http.StreamResponse;\n" : "")
                .append(r.stream() ? "import com.anthropic.models.messages.RawMessageStreamEvent;\n"
                        : "import com.anthropic.models.messages.Message;\n")
                .append("import com.anthropic.models.messages.MessageCreateParams;\n\n");
        sb.append("public class Request {\n");
        body(sb, r);
        sb.append("    public static void main(String[] args) throws Exception {\n");
        sb.append("        AnthropicClient client = AnthropicOkHttpClient.builder()\n")
                .append("                .apiKey(").append(env(r.keyVariable())).append(")\n");
        if (!r.baseUrl().equals(AnthropicProvider.DEFAULT_BASE_URL)) {
            sb.append("                .baseUrl(").append(Literals.string(r.baseUrl())).append(")\n");
        }
        headers(sb, r);
        sb.append("                .build();\n");
        sb.append("        MessageCreateParams params = MessageCreateParams.builder()\n")
                .append("                .body(ObjectMappers.jsonMapper().readValue(BODY, MessageCreateParams.Body.class))\n")
                .append("                .build();\n");
        if (r.stream()) {
            sb.append("        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {\n")
                    .append("            stream.stream().forEach(e -> e.contentBlockDelta().flatMap(d -> d.delta().text())\n")
                    .append("                    .ifPresent(t -> System.out.print(t.text())));\n")
                    .append("        }\n        System.out.println();\n");
        } else {
            sb.append("        Message message = client.messages().create(params);\n")
                    .append("        message.content().forEach(block -> block.text().ifPresent(t -> System.out.println(t.text())));\n");
        }
        sb.append("    }\n}\n");
        return sb.toString();
    }

    /** Gemini: the exact HTTP request with {@code java.net.http}. */
    private static String http(CodeRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append("import java.net.URI;\nimport java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n")
                .append("import java.net.http.HttpResponse;\n\n");
        sb.append("// Gemini over plain HTTP (the google-genai Java SDK takes the same contents and config)\n");
        sb.append("public class Request {\n");
        bodyOf(sb, r.body());
        sb.append("    public static void main(String[] args) throws Exception {\n");
        String url = Literals.string(r.url());
        if (r.url().contains(Redactor.MASK)) {
            url = url.replace(Redactor.MASK, "\" + " + env(r.keyVariable()) + " + \"");
        }
        sb.append("        HttpRequest request = HttpRequest.newBuilder(URI.create(").append(url).append("))\n");
        r.headers().forEach((k, v) -> sb.append("                .header(").append(Literals.string(k)).append(", ")
                .append(headerValue(v)).append(")\n"));
        String publisher = "HttpRequest.BodyPublishers.ofString(BODY)";
        sb.append("                .").append(r.method().equals("POST") ? "POST(" + publisher + ")"
                : "method(" + Literals.string(r.method()) + ", " + publisher + ")").append("\n");
        sb.append("                .build();\n");
        sb.append("        HttpResponse<String> response = HttpClient.newHttpClient()\n")
                .append("                .send(request, HttpResponse.BodyHandlers.ofString());\n")
                .append("        System.out.println(response.body());\n    }\n}\n");
        return sb.toString();
    }

    /** The body as a text block, without {@code stream} (the SDK's create or createStreaming sets it). */
    private static void body(StringBuilder sb, CodeRequest r) {
        ObjectNode b = ((ObjectNode) r.body()).deepCopy();
        b.remove("stream");
        bodyOf(sb, b);
    }

    private static void bodyOf(StringBuilder sb, com.fasterxml.jackson.databind.JsonNode b) {
        String json = Literals.value(b, Literals.Dialect.JSON, 0);
        sb.append("    static final String BODY = \"\"\"\n");
        for (String line : Literals.textBlock(json).split("\n", -1)) {
            sb.append("            ").append(line).append('\n');
        }
        sb.setLength(sb.length() - 1);
        sb.append("\"\"\";\n\n");
    }

    private static void headers(StringBuilder sb, CodeRequest r) {
        for (Map.Entry<String, HeaderValue> e : r.extraHeaders().entrySet()) {
            sb.append("                .putHeader(").append(Literals.string(e.getKey())).append(", ")
                    .append(headerValue(e.getValue())).append(")\n");
        }
    }

    private static String headerValue(HeaderValue v) {
        if (!v.isSecret()) {
            return Literals.string(v.literal());
        }
        return v.prefix().isEmpty() ? env(v.envVar()) : Literals.string(v.prefix()) + " + " + env(v.envVar());
    }

    private static String env(String var) {
        return "System.getenv(" + Literals.string(var) + ")";
    }
}
