package dev.spoon.gateway;

import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.GatewayConfig;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.registry.ProviderRegistry;
import mockwebserver3.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A running gateway on loopback for tests, over a core configured with: the simulator ({@code sim}, no
 * delays), and three upstreams on MockWebServers, one per wire format: {@code upanthropic} (Anthropic
 * Messages), {@code upopenai} (OpenAI-compatible) and {@code upgemini} (Gemini). No retries, so an upstream
 * error comes straight back. The debug log is in memory.
 */
final class GatewayHarness implements AutoCloseable {
    static final String TOKEN = "gw-test-token-4711";
    static final String ANTHROPIC_KEY = "sk-ant-upstream-SECRET-111";
    static final String OPENAI_KEY = "sk-upstream-SECRET-222";
    static final String GEMINI_KEY = "AIza-upstream-SECRET-333";

    final MockWebServer anthropic = new MockWebServer();
    final MockWebServer openai = new MockWebServer();
    final MockWebServer gemini = new MockWebServer();
    final SpoonCore core;
    final Gateway gateway;

    GatewayHarness(Path dir, String token, int maxRequestMb) {
        try {
            anthropic.start();
            openai.start();
            gemini.start();
            Path cfg = dir.resolve("config.toml");
            Files.writeString(cfg, """
                    retry_attempts = 0
                    [providers.sim]
                    ttft_ms = 0
                    tokens_per_s = 0
                    [providers.upanthropic]
                    type = "anthropic"
                    base_url = "%s"
                    api_key = "%s"
                    model = "claude-sonnet-4-20250514"
                    [providers.upopenai]
                    type = "openai-compatible"
                    base_url = "%s"
                    api_key = "%s"
                    model = "gpt-4o-mini"
                    [providers.upgemini]
                    type = "gemini"
                    base_url = "%s"
                    api_key = "%s"
                    model = "gemini-2.5-flash"
                    """.formatted(base(anthropic), ANTHROPIC_KEY, base(openai) + "/v1", OPENAI_KEY,
                    base(gemini) + "/v1beta", GEMINI_KEY));
            ConfigurationManager cm = new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE);
            core = new SpoonCore(cm, ProviderRegistry.global(), DebugSettings.inMemory(1000));
            gateway = Gateway.start(core, new GatewayConfig("127.0.0.1", 0, token, maxRequestMb));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base(MockWebServer s) {
        String u = s.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    /** The base URL an OpenAI client is given ({@code …/v1}). */
    String openAiBase() {
        return gateway.url() + "/v1";
    }

    /** The base URL an Anthropic client is given (it adds {@code /v1/messages} itself). */
    String anthropicBase() {
        return gateway.url().toString();
    }

    /** The debug-log records written so far that match {@code which} (after the log caught up). */
    List<DebugRecord> records(Predicate<DebugRecord> which) {
        core.debugLogger().flush(5_000);
        return core.debugLogger().records().stream().filter(which).toList();
    }

    @Override
    public void close() {
        gateway.close();
        core.close();
        for (MockWebServer s : List.of(anthropic, openai, gemini)) {
            s.close();
        }
    }
}
