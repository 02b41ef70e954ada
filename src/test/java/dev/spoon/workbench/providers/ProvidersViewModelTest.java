package dev.spoon.workbench.providers;

import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProvidersViewModelTest {
    static final String CONFIG = """
            default_provider = "sim"
            retry_attempts = 0

            [providers.sim]
            ttft_ms = 0
            tokens_per_s = 0
            seed = 7

            [providers.sim-auth]
            type = "sim"
            fail_type = "auth"

            [prices."sim-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            """;

    @TempDir
    Path dir;
    private WorkbenchContext ctx;
    private ProvidersViewModel vm;

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, CONFIG, TaskExecutor.direct());
        vm = new ProvidersViewModel(ctx);
    }

    @AfterEach
    void tearDown() {
        vm.dispose();
        ctx.core().close();
    }

    private String configText() throws Exception {
        return Files.readString(dir.resolve("config.toml"));
    }

    @Test
    void listsEveryProviderWithCapabilitiesAndConfiguredState() {
        assertThat(vm.rows()).extracting(ProviderRow::name).contains("openai", "anthropic", "sim", "sim-auth");
        ProviderRow sim = vm.rows().stream().filter(r -> r.name().equals("sim")).findFirst().orElseThrow();
        assertThat(sim.configured()).isTrue();
        assertThat(sim.capabilities()).contains(dev.spoon.llm.ProviderCapability.STREAMING);
        ProviderRow openai = vm.rows().stream().filter(r -> r.name().equals("openai")).findFirst().orElseThrow();
        assertThat(openai.configured()).isFalse();
        assertThat(openai.localDefault()).isFalse(); // shown as "no key"
        assertThat(vm.rows().stream().filter(ProviderRow::custom)).extracting(ProviderRow::name)
                .containsExactly("sim-auth");
        // Ollama and LM Studio exist by default, but nobody set them up and no server was found running
        for (String local : List.of("ollama", "lmstudio")) {
            ProviderRow row = vm.rows().stream().filter(r -> r.name().equals(local)).findFirst().orElseThrow();
            assertThat(row.configured()).as(local).isFalse();
            assertThat(row.localDefault()).as(local).isTrue(); // shown as "not running"
        }
    }

    @Test
    void fieldsAreValidatedAsTypedAndAnInvalidEditIsNotSaved() throws Exception {
        vm.select("sim");
        ProviderEditor ed = vm.editor();
        ed.baseUrlProperty().set("localhost:8080");
        ed.temperatureProperty().set("3");
        ed.maxTokensProperty().set("many");
        ed.headersProperty().set("X-Good: 1\nbroken line");
        assertThat(ed.errors()).containsOnlyKeys(ProviderEditor.BASE_URL, ProviderEditor.TEMPERATURE,
                ProviderEditor.MAX_TOKENS, ProviderEditor.HEADERS);
        assertThat(ed.errors().get(ProviderEditor.TEMPERATURE))
                .isEqualTo("Temperature: value 3 is out of range; expected 0 to 2");
        assertThat(ed.errors().get(ProviderEditor.MAX_TOKENS))
                .isEqualTo("Max tokens: expected a whole number from 1 to 10000000, found a string \"many\"");
        assertThat(ed.errors().get(ProviderEditor.HEADERS)).contains("line 2");
        assertThat(ed.validProperty().get()).isFalse();
        String before = configText();
        vm.save().join();
        assertThat(vm.messageProperty().get()).startsWith("Not saved: Base URL: 'localhost:8080' is not a valid URL");
        assertThat(configText()).isEqualTo(before);
        ed.baseUrlProperty().set("http://127.0.0.1:9/v1");
        ed.temperatureProperty().set("0.5");
        ed.maxTokensProperty().set("");
        ed.headersProperty().set("X-Good: 1\nX Bad: 2");
        assertThat(ed.errors().get(ProviderEditor.HEADERS)).isEqualTo("Headers line 2: 'X Bad' is not a valid HTTP"
                + " header name: use letters, digits and - (no spaces, colons or line breaks), e.g. X-Extra");
        ed.headersProperty().set("X-Good: 1");
        assertThat(ed.validProperty().get()).isTrue();
    }

    @Test
    void saveWritesOnlyTheEditedKeysAndKeepsTheRest() throws Exception {
        vm.select("sim");
        ProviderEditor ed = vm.editor();
        ed.modelProperty().set("sim-fast");
        ed.maxTokensProperty().set("100");
        ed.temperatureProperty().set("0.7");
        ed.headersProperty().set("X-Team: blue");
        assertThat(ed.dirtyProperty().get()).isTrue();
        vm.save().join();
        String text = configText();
        assertThat(text).contains("sim-fast").contains("X-Team").contains("seed = 7").contains("fail_type")
                .contains("input_per_mtok").contains("retry_attempts = 0");
        var pc = ctx.configuration().loadProviderConfig("sim");
        assertThat(pc.model()).isEqualTo("sim-fast");
        assertThat(pc.maxTokens()).isEqualTo(100);
        assertThat(pc.temperature()).isEqualTo(0.7);
        assertThat(pc.headers()).containsEntry("X-Team", "blue");
        assertThat(vm.messageProperty().get()).startsWith("Saved sim to");
        assertThat(ed.dirtyProperty().get()).isFalse();
    }

    @Test
    void keysGoToTheKeyStoreNotTheConfigFile() throws Exception {
        vm.select("openai");
        assertThat(vm.keySourceProperty().get()).contains("needs one");
        vm.editor().apiKeyProperty().set("sk-live-abcdef123456");
        vm.save().join();
        assertThat(configText()).doesNotContain("sk-live-abcdef123456");
        assertThat(Files.readString(dir.resolve("keys.json"))).contains("sk-live-abcdef123456");
        assertThat(ctx.configuration().loadProviderConfig("openai").apiKey()).isEqualTo("sk-live-abcdef123456");
        assertThat(vm.keySourceProperty().get()).contains("key file");
        assertThat(vm.editor().apiKeyProperty().get()).isEqualTo("sk-live-abcdef123456");
        if (!System.getProperty("os.name").toLowerCase().contains("win")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve("keys.json")))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void aKeyGoesToTheConfigFileOnlyWhenTheUserChoosesSo() throws Exception {
        vm.select("openai");
        vm.editor().apiKeyProperty().set("sk-file-987654");
        vm.editor().keyInConfigFileProperty().set(true);
        vm.save().join();
        assertThat(ctx.configuration().fileConfig().provider("openai").apiKey()).isEqualTo("sk-file-987654");
        assertThat(dir.resolve("keys.json")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.readString(p)).doesNotContain("sk-file-987654"));
        assertThat(vm.keySourceProperty().get()).contains("config file");
        // and back into the key store
        vm.editor().keyInConfigFileProperty().set(false);
        vm.save().join();
        assertThat(configText()).doesNotContain("sk-file-987654");
        assertThat(Files.readString(dir.resolve("keys.json"))).contains("sk-file-987654");
    }

    @Test
    void testConnectionShowsLatencyOrTheProvidersRealError() {
        vm.select("sim").join();
        vm.testConnection().join();
        assertThat(vm.testOkProperty().get()).isTrue();
        assertThat(vm.testResultProperty().get()).startsWith("\u2713 Connected in").contains("sim-1 answered");
        vm.select("sim-auth").join();
        vm.testConnection().join();
        assertThat(vm.testOkProperty().get()).isFalse();
        assertThat(vm.testResultProperty().get()).startsWith("\u2717 AuthenticationError (sim-auth, HTTP 401): ")
                .contains("Incorrect API key provided").contains("Check the API key");
        assertThat(vm.rows().stream().filter(r -> r.name().equals("sim-auth")).findFirst().orElseThrow().health())
                .startsWith("\u2717 AuthenticationError");
        assertThat(vm.stateProperty().get()).isEqualTo(ProvidersViewModel.State.FAILED);
    }

    @Test
    void testConnectionIsTheProvidersHealthCheckAndSaysWhenALocalServerIsNotRunning() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // nobody listens there once it is closed
        }
        assertThat(vm.addCustom("mylocal", "openai-compatible", "http://127.0.0.1:" + port + "/v1")).isNull();
        assertThat(vm.selectedProperty().get()).isEqualTo("mylocal");
        vm.testConnection().join();
        assertThat(vm.testOkProperty().get()).isFalse();
        assertThat(vm.testResultProperty().get())
                .isEqualTo("\u2717 Not running: nothing listens at http://127.0.0.1:" + port + "/v1. Start the server,"
                        + " then test again.");
        assertThat(vm.rows().stream().filter(r -> r.name().equals("mylocal")).findFirst().orElseThrow().health())
                .isEqualTo("not running");
    }

    @Test
    void liveModelListFillsThePicker() {
        vm.select("sim").join();
        vm.loadModels().join();
        assertThat(vm.models()).contains("sim-1", "sim-fast");
    }

    @Test
    void customEndpointsAreValidatedAddedAndRemoved() throws Exception {
        assertThat(vm.addCustom("My Local", "openai-compatible", "http://127.0.0.1:1234/v1"))
                .contains("lowercase");
        assertThat(vm.addCustom("sim", "openai-compatible", "http://127.0.0.1:1234/v1")).contains("already exists");
        assertThat(vm.addCustom("mylocal", "openai-compatible", "127.0.0.1:1234"))
                .startsWith("Base URL: '127.0.0.1:1234' is not a valid URL");
        assertThat(vm.addCustom("mylocal", "openai-compatible", "http://127.0.0.1:1234/v1")).isNull();
        var table = ctx.configuration().fileConfig().provider("mylocal");
        assertThat(table.type()).isEqualTo("openai-compatible");
        assertThat(table.baseUrl()).isEqualTo("http://127.0.0.1:1234/v1");
        assertThat(vm.rows()).extracting(ProviderRow::name).contains("mylocal");
        assertThat(vm.selectedProperty().get()).isEqualTo("mylocal");

        vm.routing().fallbackChain().setAll("mylocal", "sim");
        vm.saveRouting().join();
        vm.remove("mylocal").join();
        assertThat(configText()).doesNotContain("mylocal");
        assertThat(vm.rows()).extracting(ProviderRow::name).doesNotContain("mylocal");
        assertThat(ctx.configuration().config().fallbackChain()).containsExactly("sim");
        vm.remove("openai");
        assertThat(vm.messageProperty().get()).contains("cannot be removed");
    }

    @Test
    void routingIsSavedInOrder() throws Exception {
        RoutingViewModel r = vm.routing();
        assertThat(r.defaultProviderProperty().get()).isEqualTo("sim");
        assertThat(r.dirtyProperty().get()).isFalse();
        r.fallbackChain().setAll("sim", "sim-auth", "openai");
        r.moveInChain(2, 0);
        r.loadBalancingProperty().set("round_robin");
        r.defaultProviderProperty().set("sim-auth");
        assertThat(r.dirtyProperty().get()).isTrue();
        vm.saveRouting().join();
        assertThat(ctx.configuration().config().fallbackChain()).containsExactly("openai", "sim", "sim-auth");
        assertThat(ctx.configuration().config().loadBalancing()).isEqualTo("round_robin");
        assertThat(ctx.configuration().defaultProvider()).isEqualTo("sim-auth");
        assertThat(configText()).contains("seed = 7").contains("fail_type");
        assertThat(r.dirtyProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("Saved routing: default sim-auth, fallback openai \u2192 sim"
                + " \u2192 sim-auth, load balancing round_robin");
    }

    @Test
    void localServersAreDetectedThroughTheirOwnProviderAndModelList() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:3b\",\"object\":\"model\"},"
                            + "{\"id\":\"qwen3:8b\",\"object\":\"model\"}]}").build());
            server.start();
            vm.dispose();
            ctx.core().close();
            ctx = TestWorkbench.context(dir, CONFIG + "\n[providers.ollama]\nbase_url = \"" + server.url("/v1")
                    + "\"\n[providers.lmstudio]\nbase_url = \"http://127.0.0.1:9/v1\"\n", TaskExecutor.direct());
            vm = new ProvidersViewModel(ctx);
            vm.detectLocal(List.of("ollama", "lmstudio")).get(10, TimeUnit.SECONDS);
            assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models");
            ProviderRow ollama = vm.rows().stream().filter(r -> r.name().equals("ollama")).findFirst().orElseThrow();
            assertThat(ollama.detected()).isEqualTo("running on " + server.getHostName() + ":" + server.getPort() + ", 2 models");
            ProviderRow lm = vm.rows().stream().filter(r -> r.name().equals("lmstudio")).findFirst().orElseThrow();
            assertThat(lm.detected()).isEqualTo("not running at 127.0.0.1:9");
        }
    }

    @Test
    void detectionGoesThroughTheProvidersOwnTransportIncludingItsProxy() throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3:8b\",\"object\":\"model\"}]}").build());
            proxy.start();
            vm.dispose();
            ctx.core().close();
            ctx = TestWorkbench.context(dir, CONFIG + "\n[providers.ollama]\nbase_url = \"http://ollama.invalid:11434/v1\""
                    + "\nproxy = \"" + proxy.url("/").toString().replaceAll("/$", "") + "\"\n", TaskExecutor.direct());
            vm = new ProvidersViewModel(ctx);
            vm.detectLocal(List.of("ollama")).get(10, TimeUnit.SECONDS);
            var request = proxy.takeRequest();
            assertThat(request.getRequestLine()).isEqualTo("GET http://ollama.invalid:11434/v1/models HTTP/1.1");
            assertThat(vm.rows().stream().filter(r -> r.name().equals("ollama")).findFirst().orElseThrow().detected())
                    .isEqualTo("running on ollama.invalid:11434, 1 model");
        }
    }

    @Test
    void theKeyLineSaysWhereTheKeyIsAndWhatSaveWillDoToIt() throws Exception {
        vm.select("openai").join();
        assertThat(vm.keySourceProperty().get()).startsWith("Key: none \u2014 this provider needs one")
                .contains("key file");
        vm.editor().apiKeyProperty().set("sk-live-abcdef123456");
        assertThat(vm.keySourceProperty().get()).startsWith("Save will keep the key in the key file");
        vm.save().join();
        assertThat(vm.messageProperty().get()).contains("; key saved in the key file");
        assertThat(vm.keySourceProperty().get()).startsWith("Key: kept in the key file");
        vm.editor().apiKeyProperty().set("");
        assertThat(vm.keySourceProperty().get()).startsWith("Save will delete the key stored in the key file");
        // Test connection tests what Save would leave: no key at all
        vm.testConnection().join();
        assertThat(vm.testResultProperty().get()).startsWith("\u2717 ConfigurationError (openai)")
                .contains("No API key configured for provider 'openai'");
        assertThat(Files.readString(dir.resolve("keys.json"))).contains("sk-live-abcdef123456");
        vm.save().join();
        assertThat(vm.messageProperty().get()).contains("; stored key deleted from the key file");
        assertThat(Files.readString(dir.resolve("keys.json"))).doesNotContain("sk-live-abcdef123456");
        assertThat(ctx.configuration().loadProviderConfig("openai").apiKey()).isNull();
    }
}
