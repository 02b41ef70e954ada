package dev.spoon.cli;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmException;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugExporter;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.registry.ProviderRegistry;
import dev.spoon.testing.FaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.spoon.llm.providers.ProviderFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret canaries (DESIGN.md "Under bad conditions", Secrets): keys (in the file, from a variable, on the
 * command line), custom header values, a proxy password, and providers whose error bodies and stream error
 * events echo the key, through plain and streamed chats, failures, compare, health, models, providers, every
 * export (JSONL, CSV, HAR, to a file and to standard output), and the core the workbench uses. Every byte
 * printed and every byte of every file written under the data and work folders is searched for every canary,
 * raw and in the encodings a leak could take (URL-encoded, Basic credentials).
 */
class SecretCanaryTest {
    static final String KEY_FILE = "sk-canary-KEYFILE-7a1f9c3e5b";
    static final String KEY_ENV = "canary-KEYENV-2b8d4e6f0a";
    static final String KEY_FLAG = "sk-canary-KEYFLAG-11aa22bb";
    static final String KEY_CLAUDE = "sk-ant-canary-KEYCLAUDE-3c4d";
    static final String KEY_GEMINI = "AIza-canary-KEYGEMINI-5e6f";
    static final String KEY_PROXIED = "sk-canary-KEYPROXIED-9f8e";
    static final String HDR_TOKEN = "canary-HDRTOKEN-91c0ffee";
    static final String HDR_TEAM = "canary-HDRTEAM-5eed5eed";
    static final String PROXY_PASS = "canary-PROXYPW-77aa";
    static final List<String> SECRETS = List.of(KEY_FILE, KEY_ENV, KEY_FLAG, KEY_CLAUDE, KEY_GEMINI, KEY_PROXIED,
            HDR_TOKEN, HDR_TEAM, PROXY_PASS);

    @TempDir
    Path dir;
    final List<FaultServer> servers = new ArrayList<>();
    /** Everything printed, labelled by command. */
    final Map<String, String> printed = new LinkedHashMap<>();

    @AfterEach
    void close() {
        servers.forEach(FaultServer::close);
    }

    /** Every form in which a canary could leak. */
    static java.util.Set<String> forms() {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        for (String s : SECRETS) {
            forms.add(s);
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        forms.add(Base64.getEncoder().encodeToString(("canaryuser:" + PROXY_PASS).getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    /** The provider API: what it answers depends on the user's message, and it echoes secrets in its errors. */
    FaultServer api() throws IOException {
        FaultServer s = new FaultServer((c, i) -> {
            String body = c.body;
            String key = c.headers.getOrDefault("authorization", c.headers.getOrDefault("x-api-key",
                    c.headers.getOrDefault("x-goog-api-key", "none"))).replace("Bearer ", "");
            String echo = "key " + key + " team " + c.headers.get("x-team") + " token " + c.headers.get("x-gateway-token");
            if (c.requestLine.startsWith("GET")) {
                c.respond(401, "application/json", openAiError(echo));
            } else if (c.requestLine.contains("/v1/messages")) {
                c.respond(200, "text/event-stream", fixture("anthropic-messages-stream-text.sse"));
            } else if (c.requestLine.contains("generateContent")) {
                c.respond(400, "application/json", "{\"error\":{\"code\":400,\"message\":\"API key not valid: "
                        + echo + "\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}");
            } else if (body.contains("stream-error")) {
                String[] events = fixture("openai-chat-stream-text-include-usage.sse").split("\r?\n\r?\n");
                c.head(200, "Content-Type: text/event-stream");
                c.write(events[0] + "\n\n" + events[1] + "\n\n" + events[2] + "\n\n");
                c.write("data: {\"error\":{\"message\":\"revoked: " + echo + "\",\"type\":\"server_error\"}}\n\n");
                c.fin();
            } else if (body.contains("stream-ok")) {
                c.respond(200, "text/event-stream", fixture("openai-chat-stream-text-include-usage.sse"));
            } else if (body.contains("html")) {
                c.respond(200, "text/html", "<html><head><title>Blocked: " + echo + "</title></head></html>");
            } else if (body.contains("\"ok\"")) {
                c.respond(200, "application/json", fixture("openai-chat-nonstream-text.json"));
            } else {
                c.respond(401, "application/json", openAiError(echo));
            }
        });
        servers.add(s);
        return s;
    }

    static String openAiError(String message) {
        return "{\"error\":{\"message\":\"Incorrect API key provided: " + message + "\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
    }

    /** A proxy that answers every request itself, after checking its credentials arrived. */
    FaultServer proxy() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("canaryuser:" + PROXY_PASS)
                .getBytes(StandardCharsets.UTF_8));
        FaultServer s = new FaultServer((c, i) -> {
            if (expected.equals(c.headers.get("proxy-authorization"))) {
                c.respond(200, "application/json", fixture("openai-chat-nonstream-text.json"));
            } else {
                c.respond(407, "text/plain", "who are you", "Proxy-Authenticate: Basic realm=\"canary\"");
            }
        });
        servers.add(s);
        return s;
    }

    Path config(FaultServer api, FaultServer proxy) throws IOException {
        Path cfg = dir.resolve("config").resolve("config.toml");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, """
                retry_attempts = 0
                fallback_chain = []
                debug = { enabled = true, log_bodies = true }
                [providers.canary]
                type = "openai-compatible"
                base_url = "%1$s/v1"
                api_key = "%2$s"
                model = "gpt-4o-mini"
                headers = { "X-Gateway-Token" = "%3$s", "X-Team" = "%4$s", "X-Title" = "visible-title" }
                [providers.envkey]
                type = "openai-compatible"
                base_url = "%1$s/v1"
                api_key_env = "CANARY_KEY_VAR"
                [providers.claude]
                type = "anthropic"
                base_url = "%1$s"
                api_key = "%5$s"
                [providers.gem]
                type = "gemini"
                base_url = "%1$s/v1beta"
                api_key = "%6$s"
                [providers.viaproxy]
                type = "openai-compatible"
                base_url = "http://api.example.invalid/v1"
                api_key = "%7$s"
                proxy = "http://canaryuser:%8$s@127.0.0.1:%9$s"
                [providers.ollama]
                enabled = false
                [providers.lmstudio]
                enabled = false
                """.formatted(api.url(""), KEY_FILE, HDR_TOKEN, HDR_TEAM, KEY_CLAUDE, KEY_GEMINI, KEY_PROXIED,
                PROXY_PASS, proxy.url("").replaceAll(".*:", "")));
        return cfg;
    }

    /** Runs one command in-process with the data folder under {@code dir}; keeps what it printed. */
    CliRunner.Result run(Path cfg, String... args) {
        String before = System.getProperty("spoon.home");
        System.setProperty("spoon.home", dir.resolve("home").toString());
        try {
            CliRunner.Result r = CliRunner.run(Map.of("SPOON_CONFIG", cfg.toString(), "CANARY_KEY_VAR", KEY_ENV),
                    args);
            printed.put(String.join(" ", args), r.out() + "\n" + r.err());
            return r;
        } finally {
            if (before == null) {
                System.clearProperty("spoon.home");
            } else {
                System.setProperty("spoon.home", before);
            }
        }
    }

    @Test
    void noCanaryIsPrintedOrWrittenByAnyCommand() throws Exception {
        FaultServer api = api();
        FaultServer proxy = proxy();
        Path cfg = config(api, proxy);
        String c = cfg.toString();
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "ok").exit()).isZero();
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "stream-ok", "--stream").exit()).isZero();
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "stream-ok", "--stream", "--json").exit()).isZero();
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "auth", "--json").exit()).isEqualTo(1);
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "auth").err()).contains("Incorrect API key");
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "stream-error", "--stream", "--json").out())
                .contains("\"type\":\"result\"").contains("revoked");
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "stream-error", "--stream").exit()).isEqualTo(1);
        assertThat(run(cfg, "chat", "-p", "canary", "--message", "html").err()).contains("HTML page");
        assertThat(run(cfg, "chat", "-p", "envkey", "--message", "auth", "--json").exit()).isEqualTo(1);
        assertThat(run(cfg, "chat", "-p", "canary", "--api-key", KEY_FLAG, "--message", "auth").exit()).isEqualTo(1);
        assertThat(run(cfg, "chat", "-p", "claude", "--message", "stream-ok", "--stream").exit()).isZero();
        assertThat(run(cfg, "chat", "-p", "gem", "--message", "auth", "--json").exit()).isEqualTo(1);
        assertThat(run(cfg, "chat", "-p", "viaproxy", "--message", "ok", "--json").exit()).isZero();
        run(cfg, "compare", "--target", "canary", "--target", "gem", "--target", "claude", "--message", "auth",
                "--json");
        run(cfg, "compare", "--target", "canary", "--target", "envkey", "--message", "auth");
        run(cfg, "health", "--json");
        run(cfg, "health");
        run(cfg, "models", "-p", "canary", "--json");
        run(cfg, "models", "-p", "envkey");
        run(cfg, "providers", "--json");
        run(cfg, "providers");
        for (String format : List.of("jsonl", "csv", "har")) {
            assertThat(run(cfg, "logs", "export", "--format", format, "--config", c, "--out",
                    dir.resolve("exports").resolve("debug." + format).toString()).exit()).isZero();
            assertThat(run(cfg, "logs", "export", "--format", format, "--config", c).exit()).isZero();
        }
        // one real process too: its own standard streams, its own data folder
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Dspoon.home=" + dir.resolve("process-home"), "-cp",
                System.getProperty("java.class.path"), "dev.spoon.Launcher", "chat", "-p", "canary", "--message",
                "stream-error", "--stream");
        pb.environment().put("SPOON_CONFIG", c);
        pb.environment().put("CANARY_KEY_VAR", KEY_ENV);
        Process process = pb.start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor()).isEqualTo(1);
        printed.put("process", new String(stdout, StandardCharsets.UTF_8) + "\n"
                + new String(stderr, StandardCharsets.UTF_8));
        assertThat(printed.get("process")).contains("revoked: key ***");
        // the commands did reach the servers with the real secrets (only what is stored and shown is masked)
        assertThat(api.requests()).anySatisfy(r -> assertThat(r.headers.get("x-gateway-token")).isEqualTo(HDR_TOKEN));
        assertThat(api.requests()).anySatisfy(r -> assertThat(r.headers.get("authorization")).contains(KEY_ENV));
        assertThat(proxy.requests()).isNotEmpty();
        String jsonl = Files.readString(dir.resolve("exports").resolve("debug.jsonl"));
        assertThat(jsonl.lines().count()).as("records exported").isGreaterThanOrEqualTo(15);
        assertThat(jsonl).contains("visible-title").contains("***");

        assertNoCanary();
    }

    @Test
    void noCanaryReachesTheCoresLogOrItsExports() throws Exception {
        FaultServer api = api();
        FaultServer proxy = proxy();
        Path cfg = config(api, proxy);
        ConfigurationManager cm = new ConfigurationManager(cfg, Map.of("CANARY_KEY_VAR", KEY_ENV), CliOverrides.NONE,
                SecretStore.NONE);
        Path log = dir.resolve("core").resolve("debug.jsonl");
        try (SpoonCore core = new SpoonCore(cm, ProviderRegistry.global(),
                new DebugSettings(true, 100, true, log, null))) {
            for (String[] call : List.of(new String[]{"canary", "ok"}, new String[]{"canary", "auth"},
                    new String[]{"envkey", "auth"}, new String[]{"gem", "auth"}, new String[]{"viaproxy", "ok"})) {
                try {
                    LlmProvider.await(core.manager().chat(ChatRequest.ofUser(call[1]), call[0]));
                } catch (LlmException e) {
                    printed.put("core " + call[0] + " " + call[1], e.displayLine() + "\n" + e.hint() + "\n"
                            + e.guiHint() + "\n" + e);
                }
                try {
                    LlmProvider.await(core.manager().chatStream(ChatRequest.ofUser("stream-error " + call[1]), call[0],
                            ch -> { }));
                } catch (LlmException e) {
                    printed.put("core stream " + call[0], e.displayLine() + "\n" + e);
                }
            }
            assertThat(core.debugLogger().flush(5_000)).isTrue();
            assertThat(core.debugLogger().records()).hasSizeGreaterThanOrEqualTo(10);
            for (DebugExporter.Format f : DebugExporter.Format.values()) {
                try (OutputStream out = Files.newOutputStream(dir.resolve("core").resolve("export." + f))) {
                    DebugExporter.export(core.debugLogger().records(), f, out, null, null);
                }
            }
            printed.put("core records", core.debugLogger().records().toString());
        }
        assertNoCanary();
    }

    /** Searches everything printed and every file under {@code dir} except the configuration itself. */
    void assertNoCanary() throws IOException {
        List<String> leaks = new ArrayList<>();
        printed.forEach((what, text) -> {
            for (String f : forms()) {
                if (text.contains(f)) {
                    leaks.add("printed by '" + what + "': " + f);
                }
            }
        });
        Path configDir = dir.resolve("config");
        int files = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).filter(p -> !p.startsWith(configDir)).toList()) {
                files++;
                String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                for (String f : forms()) {
                    if (text.contains(f)) {
                        leaks.add("written to " + dir.relativize(p) + ": " + f);
                    }
                }
            }
        }
        assertThat(files).as("files written").isGreaterThan(0);
        assertThat(printed).isNotEmpty();
        assertThat(leaks).as("canaries found").isEmpty();
    }

}
