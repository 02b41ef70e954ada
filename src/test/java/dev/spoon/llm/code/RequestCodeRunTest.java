package dev.spoon.llm.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The snippets run for real: the curl command is executed by {@code bash} against a loopback server, which
 * must receive the original body and the key from the environment; the Java snippets compile against the
 * official SDKs.
 */
class RequestCodeRunTest {
    private static final String OPENAI = dev.spoon.llm.providers.openai.OpenAiProvider.DEFAULT_BASE_URL;
    private static final String ANTHROPIC = dev.spoon.llm.providers.anthropic.AnthropicProvider.DEFAULT_BASE_URL;

    @TempDir
    Path dir;
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCurlCommandSendsTheRecordedRequestWithTheKeyFromTheEnvironment() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "curl is not installed");
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"chatcmpl-1\",\"choices\":[]}").build());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "***");
        h.put("X-Team", "***");
        h.put("OpenAI-Beta", "assistants=v2");
        CodeRequest r = CodeRequest.fromRecord(RequestCodeTest.record("openai",
                server.url("/v1/chat/completions").toString(), h, RequestCodeTest.OPENAI_BODY, false));
        String code = RequestCode.render(r, CodeLanguage.CURL);
        assertThat(code).doesNotContain("sk-live");

        ProcessBuilder pb = new ProcessBuilder("bash", "-c", code.replace("curl ", "curl -sS "));
        pb.environment().put("OPENAI_API_KEY", "sk-live-123456");
        pb.environment().put("X_TEAM", "team-7");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("chatcmpl-1");

        RecordedRequest got = server.takeRequest();
        assertThat(got.getMethod()).isEqualTo("POST");
        assertThat(got.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(got.getHeaders().get("Authorization")).isEqualTo("Bearer sk-live-123456");
        assertThat(got.getHeaders().get("X-Team")).isEqualTo("team-7");
        assertThat(got.getHeaders().get("OpenAI-Beta")).isEqualTo("assistants=v2");
        JsonNode sent = Json.tryParse(got.getBody().utf8());
        assertThat(sent).isEqualTo(Json.tryParse(RequestCodeTest.OPENAI_BODY));
    }

    @Test
    void theJavaSnippetsCompileAgainstTheOfficialSdks() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no compiler in this JVM");
        CodeRequest responses = CodeRequest.fromRecord(RequestCodeTest.record("openai",
                OPENAI + "/responses", Map.of("Authorization", "***"),
                "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}", false));
        CodeRequest responsesStream = CodeRequest.fromRecord(RequestCodeTest.record("openai",
                OPENAI + "/responses", Map.of("Authorization", "***"),
                "{\"model\":\"gpt-4o-mini\",\"input\":\"hi\",\"stream\":true}", true));
        CodeRequest anthropicPlain = CodeRequest.fromRecord(RequestCodeTest.record("anthropic",
                ANTHROPIC + "/v1/messages", Map.of("x-api-key", "***"),
                "{\"model\":\"claude-sonnet-4-0\",\"max_tokens\":10,\"messages\":[]}", false));
        CodeRequest[] all = {RequestCodeTest.openAi(false), RequestCodeTest.openAi(true), RequestCodeTest.anthropic(),
                anthropicPlain, RequestCodeTest.gemini(), responses, responsesStream};
        // one compiler run for all: each snippet in a package of its own (the only line added to it)
        List<String> args = new ArrayList<>(List.of("-proc:none", "-d", dir.resolve("classes").toString(), "-cp",
                System.getProperty("java.class.path")));
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            String code = RequestCode.render(all[i], CodeLanguage.JAVA);
            Path src = dir.resolve("s" + i).resolve("Request.java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, "package s" + i + ";\n" + code);
            args.add(src.toString());
            shown.append(code).append('\n');
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        assertThat(rc).as(shown + "\n" + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void thePythonSnippetsParse() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "python3 is not installed");
        for (CodeRequest r : new CodeRequest[]{RequestCodeTest.openAi(false), RequestCodeTest.openAi(true),
                RequestCodeTest.anthropic(), RequestCodeTest.gemini()}) {
            String code = RequestCode.render(r, CodeLanguage.PYTHON);
            Process p = new ProcessBuilder(python.toString(), "-c", "import ast, sys; ast.parse(sys.stdin.read())")
                    .redirectErrorStream(true).start();
            p.getOutputStream().write(code.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(code + "\n" + out).isZero();
        }
    }
}
