package dev.spoon.llm.http;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.providers.ProviderFixtures;
import dev.spoon.llm.providers.openai.OpenAiCompatibleProvider;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider speaks TLS to an {@code https://} base URL and plain HTTP to an {@code http://} one (whose client is
 * built without TLS, to save start-up). A raw loopback socket reads the first bytes the client sends.
 */
class TransportTlsTest {
    private static byte[] firstBytes(String scheme) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String base = scheme + "://127.0.0.1:" + server.getLocalPort() + "/v1";
            OpenAiCompatibleProvider p = ProviderFixtures.init(new OpenAiCompatibleProvider(), "openai-compatible",
                    base, "test-key-1234", Map.of());
            CompletableFuture<LlmResponse> call = p.chat(ChatRequest.ofUser("hi"));
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                byte[] b = in.readNBytes(5);
                call.cancel(true);
                return b;
            } finally {
                p.cleanup();
            }
        }
    }

    @Test
    void anHttpsBaseUrlStartsATlsHandshake() throws Exception {
        byte[] b = firstBytes("https");
        assertThat(b[0]).as("TLS handshake record").isEqualTo((byte) 0x16);
        assertThat(b[1]).as("TLS major version").isEqualTo((byte) 0x03);
    }

    @Test
    void anHttpBaseUrlSendsPlainHttp() throws Exception {
        assertThat(new String(firstBytes("http"), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("POST ");
    }

    @Test
    void onlyClientsThatMayUseHttpsAreSetUpForTls() {
        var cfg = new dev.spoon.llm.ProviderConfig("x", "openai-compatible", "k", "http://127.0.0.1:9/v1", null,
                null, null, null, null, null, 1.0, Map.of());
        assertThat(TransportClients.forProvider(cfg, true).connectionSpecs())
                .containsExactly(okhttp3.ConnectionSpec.CLEARTEXT);
        assertThat(TransportClients.forProvider(cfg, false).connectionSpecs())
                .contains(okhttp3.ConnectionSpec.MODERN_TLS);
    }
}
