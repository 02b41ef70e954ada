package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.anthropic.AnthropicProvider;
import dev.spoon.llm.providers.gemini.GeminiProvider;
import dev.spoon.llm.providers.openai.OpenAiProvider;

import java.util.Map;
import java.util.Set;

/**
 * The request through the provider's official Python SDK: {@code openai} (any OpenAI-compatible server, with
 * its base URL), {@code anthropic}, {@code google-genai}. Body fields the SDK method has no parameter for go in
 * {@code extra_body}; secrets are read with {@code os.environ}.
 */
final class PythonCode {
    private PythonCode() {
    }

    static String of(CodeRequest r) {
        return switch (r.api()) {
            case OPENAI_CHAT, SIM, OPENAI_RESPONSES -> openAi(r);
            case ANTHROPIC -> anthropic(r);
            case GEMINI -> gemini(r);
        };
    }

    private static String openAi(CodeRequest r) {
        boolean env = r.keyVariable() != null || r.extraHeaders().values().stream().anyMatch(HeaderValue::isSecret);
        StringBuilder sb = new StringBuilder(env ? "import os\n\nfrom openai import OpenAI\n\n"
                : "from openai import OpenAI\n\n"); // the simulator through the gateway reads no key
        if (r.api() == WireApi.SIM) {
            sb.append("# the offline simulator, through the local gateway (`spoon serve`); no key needed\n");
        }
        sb.append("client = OpenAI(\n");
        sb.append("    api_key=").append(r.keyVariable() == null ? "\"spoon\"" : env(r.keyVariable())).append(",\n");
        if (!r.baseUrl().equals(OpenAiProvider.DEFAULT_BASE_URL)) {
            sb.append("    base_url=").append(Literals.string(r.baseUrl())).append(",\n");
        }
        headers(sb, r, "default_headers");
        sb.append(")\n\n");
        boolean responses = r.api() == WireApi.OPENAI_RESPONSES;
        Set<String> known = responses ? SdkParams.OPENAI_RESPONSES : SdkParams.OPENAI_CHAT;
        String var = r.stream() ? "stream" : responses ? "response" : "completion";
        sb.append(var).append(" = client.").append(responses ? "responses" : "chat.completions").append(".create(\n");
        kwargs(sb, (ObjectNode) r.body(), known);
        sb.append(")\n");
        if (!r.stream()) {
            sb.append(responses ? "print(response.output_text)\n" : "print(completion.choices[0].message.content)\n");
        } else if (responses) {
            sb.append("for event in stream:\n    if event.type == \"response.output_text.delta\":\n")
                    .append("        print(event.delta, end=\"\", flush=True)\nprint()\n");
        } else {
            sb.append("for chunk in stream:\n    if chunk.choices and chunk.choices[0].delta.content:\n")
                    .append("        print(chunk.choices[0].delta.content, end=\"\", flush=True)\nprint()\n");
        }
        return sb.toString();
    }

    private static String anthropic(CodeRequest r) {
        StringBuilder sb = new StringBuilder("import os\n\nimport anthropic\n\n");
        sb.append("client = anthropic.Anthropic(\n    api_key=").append(env(r.keyVariable())).append(",\n");
        if (!r.baseUrl().equals(AnthropicProvider.DEFAULT_BASE_URL)) {
            sb.append("    base_url=").append(Literals.string(r.baseUrl())).append(",\n");
        }
        headers(sb, r, "default_headers");
        sb.append(")\n\n");
        sb.append(r.stream() ? "stream" : "message").append(" = client.messages.create(\n");
        kwargs(sb, (ObjectNode) r.body(), SdkParams.ANTHROPIC);
        sb.append(")\n");
        if (r.stream()) {
            sb.append("for event in stream:\n")
                    .append("    if event.type == \"content_block_delta\" and event.delta.type == \"text_delta\":\n")
                    .append("        print(event.delta.text, end=\"\", flush=True)\nprint()\n");
        } else {
            sb.append("print(\"\".join(block.text for block in message.content if block.type == \"text\"))\n");
        }
        return sb.toString();
    }

    private static String gemini(CodeRequest r) {
        StringBuilder sb = new StringBuilder("import os\n\nfrom google import genai\n\n");
        sb.append("client = genai.Client(\n    api_key=").append(env(r.keyVariable())).append(",\n");
        Map<String, HeaderValue> extra = r.extraHeaders();
        boolean customBase = !r.baseUrl().equals(GeminiProvider.DEFAULT_BASE_URL);
        if (customBase || !extra.isEmpty()) {
            sb.append("    http_options={\n");
            if (customBase) {
                sb.append("        \"base_url\": ").append(Literals.string(r.baseUrl())).append(",\n");
            }
            if (!extra.isEmpty()) {
                sb.append("        \"headers\": {\n");
                extra.forEach((k, v) -> sb.append("            ").append(Literals.string(k)).append(": ")
                        .append(headerValue(v)).append(",\n"));
                sb.append("        },\n");
            }
            sb.append("    },\n");
        }
        sb.append(")\n\n");
        ObjectNode config = GeminiConfig.of(r.body(), true);
        sb.append(r.stream() ? "stream = client.models.generate_content_stream(\n"
                : "response = client.models.generate_content(\n");
        sb.append("    model=").append(Literals.string(r.model())).append(",\n");
        sb.append("    contents=").append(Literals.value(r.body().path("contents"), Literals.Dialect.PYTHON, 4))
                .append(",\n");
        if (!config.isEmpty()) {
            sb.append("    config=").append(Literals.value(config, Literals.Dialect.PYTHON, 4)).append(",\n");
        }
        sb.append(")\n");
        sb.append(r.stream() ? "for chunk in stream:\n    print(chunk.text or \"\", end=\"\", flush=True)\nprint()\n"
                : "print(response.text)\n");
        return sb.toString();
    }

    private static void headers(StringBuilder sb, CodeRequest r, String param) {
        Map<String, HeaderValue> extra = r.extraHeaders();
        if (extra.isEmpty()) {
            return;
        }
        sb.append("    ").append(param).append("={\n");
        extra.forEach((k, v) -> sb.append("        ").append(Literals.string(k)).append(": ").append(headerValue(v))
                .append(",\n"));
        sb.append("    },\n");
    }

    private static String headerValue(HeaderValue v) {
        if (!v.isSecret()) {
            return Literals.string(v.literal());
        }
        return v.prefix().isEmpty() ? env(v.envVar()) : Literals.string(v.prefix()) + " + " + env(v.envVar());
    }

    private static String env(String var) {
        return "os.environ[" + Literals.string(var) + "]";
    }

    /** The body's fields as keyword arguments; those the method does not name go in {@code extra_body}. */
    private static void kwargs(StringBuilder sb, ObjectNode body, Set<String> known) {
        ObjectNode extra = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (known.contains(e.getKey())) {
                sb.append("    ").append(e.getKey()).append('=')
                        .append(Literals.value(e.getValue(), Literals.Dialect.PYTHON, 4)).append(",\n");
            } else {
                extra.set(e.getKey(), e.getValue());
            }
        }
        if (!extra.isEmpty()) {
            sb.append("    extra_body=").append(Literals.value(extra, Literals.Dialect.PYTHON, 4)).append(",\n");
        }
    }
}
