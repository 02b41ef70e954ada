package dev.spoon.llm.registry;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ConfigurationException;
import dev.spoon.llm.HealthStatus;
import dev.spoon.llm.LlmProvider;
import dev.spoon.llm.LlmResponse;
import dev.spoon.llm.ProviderCapability;
import dev.spoon.llm.ProviderConfig;
import dev.spoon.llm.ProviderMetadata;
import dev.spoon.llm.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {

    /** A minimal provider used to test discovery. */
    public abstract static class Base implements LlmProvider {
        ProviderConfig config;

        public void initialize(ProviderConfig c, dev.spoon.llm.ProviderContext context) {
            config = c;
        }

        public ProviderConfig config() {
            return config;
        }

        public CompletableFuture<LlmResponse> chat(ChatRequest r) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }

        public CompletableFuture<LlmResponse> chatStream(ChatRequest r, StreamHandler h) {
            return chat(r);
        }

        public ProviderMetadata metadata() {
            return new ProviderMetadata("x", "1", Set.of(), 1, true, "m", null);
        }

        public CompletableFuture<HealthStatus> healthCheck() {
            return CompletableFuture.completedFuture(HealthStatus.healthy("x", 0));
        }

        public void cleanup() {
        }
    }

    @Provider(name = "dup", capabilities = {ProviderCapability.CHAT})
    public static class DupA extends Base {
    }

    @Provider(name = "dup", capabilities = {ProviderCapability.CHAT, ProviderCapability.STREAMING})
    public static class DupB extends Base {
    }

    @Provider(name = "extra", capabilities = {ProviderCapability.CHAT, ProviderCapability.TOOLS})
    public static class Extra extends Base {
    }

    public static class Unannotated extends Base {
    }

    private ClassLoader loaderListing(Path dir, Class<?>... classes) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder sb = new StringBuilder();
        for (Class<?> c : classes) {
            sb.append(c.getName()).append('\n');
        }
        Files.writeString(services.resolve(LlmProvider.class.getName()), sb.toString());
        return new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void globalRegistryDiscoversTheSimulatorThroughServiceLoader() {
        ProviderRegistry r = ProviderRegistry.global();
        assertThat(r.names()).contains("sim");
        assertThat(r.entry("sim").capabilities()).contains(ProviderCapability.STREAMING, ProviderCapability.TOOLS);
        LlmProvider sim = r.create(ProviderConfig.minimal("sim", "sim"));
        assertThat(sim.config().name()).isEqualTo("sim");
    }

    @Test
    void discoversAdditionalAnnotatedProviders(@TempDir Path dir) throws IOException {
        ProviderRegistry r = ProviderRegistry.discover(loaderListing(dir, Extra.class));
        assertThat(r.names()).contains("sim", "extra");
        assertThat(r.entry("extra").capabilities()).containsExactlyInAnyOrder(ProviderCapability.CHAT,
                ProviderCapability.TOOLS);
        assertThat(r.create("extra")).isInstanceOf(Extra.class);
    }

    @Test
    void duplicateNamesFailLoudlyAtStartUp(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, DupA.class, DupB.class);
        assertThatThrownBy(() -> ProviderRegistry.discover(loader))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate provider name 'dup'")
                .hasMessageContaining(DupB.class.getName());
    }

    @Test
    void aProviderClassWithoutTheAnnotationIsRejected(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, Unannotated.class);
        assertThatThrownBy(() -> ProviderRegistry.discover(loader))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no @Provider annotation");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        ProviderRegistry r = new ProviderRegistry();
        r.register("alpha", EnumSet.of(ProviderCapability.CHAT), "", Extra::new);
        r.register("beta", EnumSet.of(ProviderCapability.CHAT), "", Extra::new);
        assertThatThrownBy(() -> r.create("gamma"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Provider 'gamma' not found")
                .hasMessageContaining("alpha, beta");
    }

    @Test
    void runtimeRegistrationRejectsATakenName() {
        ProviderRegistry r = new ProviderRegistry();
        r.register(Extra.class, Extra::new);
        assertThatThrownBy(() -> r.register("extra", Set.of(), "", Extra::new))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate provider name 'extra'");
    }
}
