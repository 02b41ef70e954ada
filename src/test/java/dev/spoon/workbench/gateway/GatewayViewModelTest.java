package dev.spoon.workbench.gateway;

import dev.spoon.llm.SpoonCore;
import dev.spoon.llm.config.CliOverrides;
import dev.spoon.llm.config.ConfigurationManager;
import dev.spoon.llm.config.SecretStore;
import dev.spoon.llm.debug.DebugSettings;
import dev.spoon.llm.registry.ProviderRegistry;
import dev.spoon.workbench.TaskExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Gateway switch without a stage: start, settings to copy, live count, a port in use, stop. */
class GatewayViewModelTest {
    @TempDir
    Path dir;

    private SpoonCore core(int port) throws Exception {
        Path cfg = dir.resolve("config.toml");
        Files.writeString(cfg, """
                [gateway]
                port = %d
                token = "wb-token-123"
                [providers.sim]
                ttft_ms = 0
                tokens_per_s = 0
                """.formatted(port));
        return new SpoonCore(new ConfigurationManager(cfg, Map.of(), CliOverrides.NONE, SecretStore.NONE),
                ProviderRegistry.global(), DebugSettings.inMemory(100));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void startsShowsTheSettingsCountsCallsAndStops() throws Exception {
        int port = freePort();
        try (SpoonCore core = core(port); GatewayViewModel vm = new GatewayViewModel(core, TaskExecutor.direct())) {
            vm.setOn(true);
            assertThat(vm.stateProperty().get()).isEqualTo(GatewayViewModel.State.RUNNING);
            assertThat(vm.urlProperty().get()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(vm.tokenProperty().get()).isEqualTo("wb-token-123");
            assertThat(vm.clientSettingsProperty().get()).contains("OPENAI_BASE_URL=http://127.0.0.1:" + port + "/v1")
                    .contains("ANTHROPIC_BASE_URL=http://127.0.0.1:" + port).contains("OPENAI_API_KEY=wb-token-123");
            assertThat(vm.activityProperty().get()).startsWith("0 calls");

            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
            try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder()
                    .url(vm.urlProperty().get() + "/v1/messages").header("x-api-key", "wb-token-123")
                    .post(okhttp3.RequestBody.create("{\"model\":\"sim/sim-1\",\"max_tokens\":20,\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"hi\"}]}", okhttp3.MediaType.get("application/json")))
                    .build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
            vm.refresh();
            assertThat(vm.activityProperty().get()).startsWith("1 call \u00B7 0 in flight \u00B7 0 errors");

            vm.stop().get(30, TimeUnit.SECONDS);
            assertThat(vm.stateProperty().get()).isEqualTo(GatewayViewModel.State.STOPPED);
            assertThat(vm.urlProperty().get()).isEmpty();
            assertThat(vm.gateway()).isNull();
        }
    }

    @Test
    @SuppressWarnings("try") // the port is freed in the middle of the test on purpose
    void aPortInUseIsShownAndTheSwitchCanBeTriedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             SpoonCore core = core(taken.getLocalPort());
             GatewayViewModel vm = new GatewayViewModel(core, TaskExecutor.direct())) {
            vm.setOn(true);
            assertThat(vm.stateProperty().get()).isEqualTo(GatewayViewModel.State.FAILED);
            assertThat(vm.messageProperty().get()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
            taken.close();
            vm.setOn(true);
            assertThat(vm.stateProperty().get()).isEqualTo(GatewayViewModel.State.RUNNING);
        }
    }
}
