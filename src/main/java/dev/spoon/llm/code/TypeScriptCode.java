package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.providers.anthropic.AnthropicProvider;
import dev.spoon.llm.providers.gemini.GeminiProvider;
import dev.spoon.llm.providers.openai.OpenAiProvider;

import java.util.Map;

/**
 * The request through the provider's official TypeScript SDK ({@code openai}, {@code @anthropic-ai/sdk},
 * {@code @google/genai}), as an ES module with top-level {@code await}; secrets come from {@code process.env}.
 * The body is passed whole, cast to the SDK's parameter type, so fields the types do not list still reach the API.
 */
final class TypeScriptCode {
    private TypeScriptCode() {
    }

    static String of(CodeRequest r) {
        return switch (r.api()) {
            case OPENAI_CHAT, SIM, OPENAI_RESPONSES -> openAi(r);
            case ANTHROPIC -> anthropic(r);
            case GEMINI -> gemini(r);
        };
    }

    private static String openAi(CodeRequest r) {
        StringBuilder sb = new StringBuilder("import OpenAI from \"openai\";\n\n");
        if (r.api() == WireApi.SIM) {
            sb.append("// the offline simulator, through the local gateway (`spoon serve`); no key needed\n");
        }
        sb.append("const client = new OpenAI({\n");
        sb.append("  apiKey: ").append(r.keyVariable() == null ? "\"spoon\"" : env(r.keyVariable())).append(",\n");
        if (!r.baseUrl().equals(OpenAiProvider.DEFAULT_BASE_URL)) {
            sb.append("  baseURL: ").append(Literals.string(r.baseUrl())).append(",\n");
        }
        headers(sb, r, "defaultHeaders");
        sb.append("});\n\n");
        boolean responses = r.api() == WireApi.OPENAI_RESPONSES;
        String type = responses ? "OpenAI.Responses.ResponseCreateParams" : "OpenAI.Chat.ChatCompletionCreateParams";
        type += r.stream() ? "Streaming" : "NonStreaming";
        String var = r.stream() ? "stream" : responses ? "response" : "completion";
        sb.append("const ").append(var).append(" = await client.").append(responses ? "responses" : "chat.completions")
                .append(".create(").append(body(r)).append(" as ").append(type).append(");\n");
        if (!r.stream()) {
            sb.append(responses ? "console.log(response.output_text);\n"
                    : "console.log(completion.choices[0].message.content);\n");
        } else if (responses) {
            sb.append("for await (const event of stream) {\n  if (event.type === \"response.output_text.delta\") {\n")
                    .append("    process.stdout.write(event.delta);\n  }\n}\n");
        } else {
            sb.append("for await (const chunk of stream) {\n")
                    .append("  process.stdout.write(chunk.choices[0]?.delta?.content ?? \"\");\n}\n");
        }
        return sb.toString();
    }

    private static String anthropic(CodeRequest r) {
        StringBuilder sb = new StringBuilder("import Anthropic from \"@anthropic-ai/sdk\";\n\n");
        sb.append("const client = new Anthropic({\n  apiKey: ").append(env(r.keyVariable())).append(",\n");
        if (!r.baseUrl().equals(AnthropicProvider.DEFAULT_BASE_URL)) {
            sb.append("  baseURL: ").append(Literals.string(r.baseUrl())).append(",\n");
        }
        headers(sb, r, "defaultHeaders");
        sb.append("});\n\n");
        String type = "Anthropic.MessageCreateParams" + (r.stream() ? "Streaming" : "NonStreaming");
        sb.append("const ").append(r.stream() ? "stream" : "message").append(" = await client.messages.create(")
                .append(body(r)).append(" as ").append(type).append(");\n");
        if (r.stream()) {
            sb.append("for await (const event of stream) {\n")
                    .append("  if (event.type === \"content_block_delta\" && event.delta.type === \"text_delta\") {\n")
                    .append("    process.stdout.write(event.delta.text);\n  }\n}\n");
        } else {
            sb.append("for (const block of message.content) {\n  if (block.type === \"text\") {\n")
                    .append("    console.log(block.text);\n  }\n}\n");
        }
        return sb.toString();
    }

    private static String gemini(CodeRequest r) {
        StringBuilder sb = new StringBuilder("import { GoogleGenAI } from \"@google/genai\";\n\n");
        sb.append("const ai = new GoogleGenAI({\n  apiKey: ").append(env(r.keyVariable())).append(",\n");
        Map<String, HeaderValue> extra = r.extraHeaders();
        boolean customBase = !r.baseUrl().equals(GeminiProvider.DEFAULT_BASE_URL);
        if (customBase || !extra.isEmpty()) {
            sb.append("  httpOptions: {\n");
            if (customBase) {
                sb.append("    baseUrl: ").append(Literals.string(r.baseUrl())).append(",\n");
            }
            if (!extra.isEmpty()) {
                sb.append("    headers: {\n");
                extra.forEach((k, v) -> sb.append("      ").append(Literals.string(k)).append(": ")
                        .append(headerValue(v)).append(",\n"));
                sb.append("    },\n");
            }
            sb.append("  },\n");
        }
        sb.append("});\n\n");
        ObjectNode params = Json.MAPPER.createObjectNode();
        params.put("model", r.model());
        params.set("contents", r.body().path("contents"));
        ObjectNode config = GeminiConfig.of(r.body(), false);
        if (!config.isEmpty()) {
            params.set("config", config);
        }
        String json = Literals.value(params, Literals.Dialect.JSON, 0);
        if (r.stream()) {
            sb.append("const stream = await ai.models.generateContentStream(").append(json).append(");\n")
                    .append("for await (const chunk of stream) {\n  process.stdout.write(chunk.text ?? \"\");\n}\n");
        } else {
            sb.append("const response = await ai.models.generateContent(").append(json).append(");\n")
                    .append("console.log(response.text);\n");
        }
        return sb.toString();
    }

    private static String body(CodeRequest r) {
        return Literals.value(r.body(), Literals.Dialect.JSON, 0);
    }

    private static void headers(StringBuilder sb, CodeRequest r, String option) {
        Map<String, HeaderValue> extra = r.extraHeaders();
        if (extra.isEmpty()) {
            return;
        }
        sb.append("  ").append(option).append(": {\n");
        extra.forEach((k, v) -> sb.append("    ").append(Literals.string(k)).append(": ").append(headerValue(v))
                .append(",\n"));
        sb.append("  },\n");
    }

    private static String headerValue(HeaderValue v) {
        if (!v.isSecret()) {
            return Literals.string(v.literal());
        }
        return v.prefix().isEmpty() ? env(v.envVar()) : Literals.string(v.prefix()) + " + " + env(v.envVar());
    }

    private static String env(String var) {
        return "process.env." + var;
    }
}
