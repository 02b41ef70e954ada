package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden snippets per provider and language: the body, the env-var use, and no secret anywhere. */
class RequestCodeTest {
    private static final String OPENAI = dev.spoon.llm.providers.openai.OpenAiProvider.DEFAULT_BASE_URL;
    private static final String ANTHROPIC = dev.spoon.llm.providers.anthropic.AnthropicProvider.DEFAULT_BASE_URL;
    private static final String GEMINI = dev.spoon.llm.providers.gemini.GeminiProvider.DEFAULT_BASE_URL;

    static final String OPENAI_BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"Be brief.\"},{\"role\":\"user\",\"content\":\"It's 20\\u00b0C \\\"outside\\\"\\nnow?\"}],"
            + "\"max_tokens\":50,\"temperature\":0.2,\"seed\":7}";

    static DebugRecord record(String provider, String endpoint, Map<String, String> headers, String body,
                              boolean stream) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return DebugRecord.builder().requestId("req_1").provider(provider).model("m").method("POST")
                .endpoint(endpoint).stream(stream).requestHeaders(h).requestBody(body).build();
    }

    static CodeRequest openAi(boolean stream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "***");
        h.put("X-Team", "***");
        h.put("OpenAI-Beta", "assistants=v2");
        h.put("User-Agent", "spoon/1.0");
        h.put("Content-Type", "application/json; charset=utf-8");
        return CodeRequest.fromRecord(record("openai", OPENAI + "/chat/completions", h,
                OPENAI_BODY, stream));
    }

    static CodeRequest anthropic() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-api-key", "***");
        h.put("anthropic-version", "2023-06-01");
        h.put("anthropic-beta", "prompt-caching-2024-07-31");
        return CodeRequest.fromRecord(record("anthropic", ANTHROPIC + "/v1/messages", h,
                "{\"model\":\"claude-sonnet-4-0\",\"max_tokens\":1024,\"system\":\"Be brief.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}", true));
    }

    static CodeRequest gemini() {
        return CodeRequest.fromRecord(record("gemini",
                GEMINI + "/models/gemini-2.5-flash:generateContent",
                Map.of("x-goog-api-key", "***"),
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                        + "\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
                        + "\"generationConfig\":{\"maxOutputTokens\":64,\"temperature\":0.5}}", false));
    }

    private static void noSecret(String code) {
        assertThat(code).doesNotContain("***").doesNotContain("sk-");
    }

    @Test
    void curlForOpenAiSendsTheBodyAndReadsTheKeyFromTheEnvironment() {
        String code = RequestCode.render(openAi(false), CodeLanguage.CURL);
        assertThat(code).isEqualTo("""
                curl '%s/chat/completions' \\
                  -H "Authorization: Bearer $OPENAI_API_KEY" \\
                  -H "X-Team: $X_TEAM" \\
                  -H 'OpenAI-Beta: assistants=v2' \\
                  -H 'Content-Type: application/json; charset=utf-8' \\
                  --data-binary @- <<'JSON'
                {
                    "model": "gpt-4o-mini",
                    "messages": [
                        {
                            "role": "system",
                            "content": "Be brief."
                        },
                        {
                            "role": "user",
                            "content": "It's 20°C \\"outside\\"\\nnow?"
                        }
                    ],
                    "max_tokens": 50,
                    "temperature": 0.2,
                    "seed": 7
                }
                JSON
                """.formatted(OPENAI));
        noSecret(code);
    }

    @Test
    void curlForAnthropicAndGemini() {
        String a = RequestCode.render(anthropic(), CodeLanguage.CURL);
        assertThat(a).startsWith("curl -N '" + ANTHROPIC + "/v1/messages' \\\n"
                + "  -H \"x-api-key: $ANTHROPIC_API_KEY\" \\\n"
                + "  -H 'anthropic-version: 2023-06-01' \\\n"
                + "  -H 'anthropic-beta: prompt-caching-2024-07-31' \\\n"
                + "  -H 'Content-Type: application/json' \\\n");
        assertThat(body(a)).isEqualTo(anthropic().body());
        String g = RequestCode.render(gemini(), CodeLanguage.CURL);
        assertThat(g).startsWith("curl '" + GEMINI + "/models/gemini-2.5-flash"
                + ":generateContent' \\\n  -H \"x-goog-api-key: $GEMINI_API_KEY\" \\\n");
        assertThat(body(g)).isEqualTo(gemini().body());
        noSecret(a);
        noSecret(g);
    }

    @Test
    void aMaskedKeyInTheQueryIsReadFromTheEnvironmentToo() {
        CodeRequest r = CodeRequest.fromRecord(record("gemini",
                GEMINI + "/models/gemini-2.5-flash:generateContent?key=***",
                Map.of(), "{\"contents\":[]}", false));
        assertThat(RequestCode.render(r, CodeLanguage.CURL)).startsWith("curl \"" + GEMINI
                + "/models/gemini-2.5-flash:generateContent?key=${GEMINI_API_KEY}\" \\\n");
        assertThat(RequestCode.render(r, CodeLanguage.JAVA)).contains("generateContent?key=\" + "
                + "System.getenv(\"GEMINI_API_KEY\") + \"\"");
    }

    @Test
    void pythonOpenAiIsTheOfficialSdkWithUnknownFieldsInExtraBody() {
        String code = RequestCode.render(openAi(false), CodeLanguage.PYTHON);
        assertThat(code).isEqualTo("""
                import os

                from openai import OpenAI

                client = OpenAI(
                    api_key=os.environ["OPENAI_API_KEY"],
                    default_headers={
                        "X-Team": os.environ["X_TEAM"],
                        "OpenAI-Beta": "assistants=v2",
                    },
                )

                completion = client.chat.completions.create(
                    model="gpt-4o-mini",
                    messages=[
                        {
                            "role": "system",
                            "content": "Be brief."
                        },
                        {
                            "role": "user",
                            "content": "It's 20°C \\"outside\\"\\nnow?"
                        }
                    ],
                    max_tokens=50,
                    temperature=0.2,
                    seed=7,
                )
                print(completion.choices[0].message.content)
                """);
        noSecret(code);
    }

    @Test
    void pythonStreamsAndOtherProvidersUseTheirOwnSdk() {
        String s = RequestCode.render(openAi(true), CodeLanguage.PYTHON);
        assertThat(s).contains("stream = client.chat.completions.create(").contains("for chunk in stream:");
        String a = RequestCode.render(anthropic(), CodeLanguage.PYTHON);
        assertThat(a).contains("import anthropic").contains("api_key=os.environ[\"ANTHROPIC_API_KEY\"]")
                .contains("\"anthropic-beta\": \"prompt-caching-2024-07-31\"")
                .doesNotContain("anthropic-version").contains("    system=\"Be brief.\",\n")
                .contains("    stream=True,\n").contains("content_block_delta");
        String g = RequestCode.render(gemini(), CodeLanguage.PYTHON);
        assertThat(g).contains("from google import genai").contains("api_key=os.environ[\"GEMINI_API_KEY\"]")
                .contains("model=\"gemini-2.5-flash\"").contains("\"max_output_tokens\": 64")
                .contains("\"system_instruction\": {").contains("print(response.text)");
        noSecret(s);
        noSecret(a);
        noSecret(g);
    }

    @Test
    void typeScriptPassesTheWholeBodyToTheOfficialSdk() {
        String code = RequestCode.render(openAi(true), CodeLanguage.TYPESCRIPT);
        assertThat(code).startsWith("import OpenAI from \"openai\";\n\nconst client = new OpenAI({\n"
                + "  apiKey: process.env.OPENAI_API_KEY,\n  defaultHeaders: {\n"
                + "    \"X-Team\": process.env.X_TEAM,\n");
        assertThat(code).contains("as OpenAI.Chat.ChatCompletionCreateParamsStreaming);")
                .contains("for await (const chunk of stream)");
        String json = code.substring(code.indexOf(".create(") + 8, code.indexOf(" as OpenAI"));
        assertThat(Json.tryParse(json)).isEqualTo(openAi(true).body());
        String a = RequestCode.render(anthropic(), CodeLanguage.TYPESCRIPT);
        assertThat(a).contains("import Anthropic from \"@anthropic-ai/sdk\"")
                .contains("apiKey: process.env.ANTHROPIC_API_KEY").contains("MessageCreateParamsStreaming");
        String g = RequestCode.render(gemini(), CodeLanguage.TYPESCRIPT);
        assertThat(g).contains("import { GoogleGenAI } from \"@google/genai\"")
                .contains("\"maxOutputTokens\": 64").contains("ai.models.generateContent(");
        noSecret(code);
        noSecret(a);
        noSecret(g);
    }

    @Test
    void javaUsesTheOfficialSdksWithTheBodyReadWhole() {
        String code = RequestCode.render(openAi(false), CodeLanguage.JAVA);
        assertThat(code).contains("OpenAIOkHttpClient.builder()")
                .contains(".apiKey(System.getenv(\"OPENAI_API_KEY\"))")
                .contains(".putHeader(\"X-Team\", System.getenv(\"X_TEAM\"))")
                .contains("ChatCompletionCreateParams.Body.class")
                .contains("\"content\": \"It's 20°C \\\\\"outside\\\\\"\\\\nnow?\""); // escaped for the text block
        String a = RequestCode.render(anthropic(), CodeLanguage.JAVA);
        assertThat(a).contains("AnthropicOkHttpClient.builder()").contains("createStreaming(params)")
                .doesNotContain("\"stream\": true");
        noSecret(code);
        noSecret(a);
    }

    @Test
    void theCommandLineRebuildsTheSameChat() {
        String code = RequestCode.render(openAi(true), CodeLanguage.SPOON_CLI);
        assertThat(code).isEqualTo("""
                # the key comes from OPENAI_API_KEY or the provider's entry in your spoon config
                spoon chat -p 'openai' -m 'gpt-4o-mini' --system 'Be brief.' \\
                  --message 'It'\\''s 20°C "outside"
                now?' --max-tokens 50 --temperature 0.2 --extra-body '{"seed":7}' \\
                  --header "X-Team: $X_TEAM" --header 'OpenAI-Beta: assistants=v2' --stream \\
                  --json
                """);
        String a = RequestCode.render(anthropic(), CodeLanguage.SPOON_CLI);
        assertThat(a).contains("spoon chat -p 'anthropic' -m 'claude-sonnet-4-0' --system 'Be brief.'")
                .contains("--max-tokens 1024");
        assertThat(RequestCode.render(gemini(), CodeLanguage.SPOON_CLI)).startsWith("# spoon chat cannot express");
    }

    @Test
    void aSimulatorRecordGoesThroughTheLocalGateway() {
        CodeRequest r = CodeRequest.fromRecord(record("alpha", "sim://alpha/chat/completions",
                Map.of("Content-Type", "application/json"),
                "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", false));
        assertThat(r.api()).isEqualTo(WireApi.SIM);
        String curl = RequestCode.render(r, CodeLanguage.CURL);
        assertThat(curl).contains("curl 'http://127.0.0.1:8787/v1/chat/completions'")
                .contains("\"model\": \"alpha/sim-1\"");
        assertThat(RequestCode.render(r, CodeLanguage.PYTHON)).contains("base_url=\"http://127.0.0.1:8787/v1\"")
                .doesNotContain("import os"); // no key to read
        assertThat(RequestCode.render(r, CodeLanguage.SPOON_CLI)).contains("spoon chat -p 'alpha' -m 'sim-1'");
    }

    @Test
    void anMcpRecordHasNoCode() {
        DebugRecord mcp = DebugRecord.mcp("everything", "tools/call").requestId("req_2").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CodeRequest.fromRecord(mcp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("req_2");
    }

    /** The here-document's JSON of a curl snippet. */
    static JsonNode body(String curl) {
        int start = curl.indexOf("<<'JSON'\n") + 9;
        return Json.tryParse(curl.substring(start, curl.lastIndexOf("\nJSON")));
    }
}
