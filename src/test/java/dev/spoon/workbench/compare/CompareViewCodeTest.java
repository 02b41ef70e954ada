package dev.spoon.workbench.compare;

import dev.spoon.llm.code.CodeLanguage;
import dev.spoon.llm.code.RequestCode;
import dev.spoon.llm.code.WireApi;
import dev.spoon.llm.code.CodeRequest;
import dev.spoon.llm.debug.DebugRecord;
import dev.spoon.llm.json.Json;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** "View code" of a Compare column: the request the column sent, as its provider logged it. */
class CompareViewCodeTest {
    @TempDir
    Path dir;
    private WorkbenchContext ctx;

    @AfterEach
    void close() {
        ctx.core().close();
    }

    @Test
    void aColumnsCodeIsTheRequestItsProviderLogged() throws Exception {
        ctx = TestWorkbench.context(dir, CompareFixture.TOML, TaskExecutor.direct());
        CompareViewModel vm = new CompareViewModel(ctx);
        vm.columns().get(0).providerProperty().set("fast");
        vm.columns().get(0).modelProperty().set("sim-1");
        vm.columns().get(0).temperatureProperty().set(0.7);
        vm.promptProperty().set("Describe a fox.");
        vm.send().get(10, TimeUnit.SECONDS);
        ctx.debugLogger().flush(5000);

        CodeRequest code = vm.code(vm.columns().get(0));
        assertThat(code.api()).isEqualTo(WireApi.SIM);
        List<DebugRecord> logged = ctx.debugLogger().records().stream()
                .filter(r -> "fast".equals(r.provider())).toList();
        assertThat(logged).hasSize(1);
        // the same body as logged, the model named for the gateway (provider/model)
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tryParse(logged.get(0).requestBody());
        body.put("model", "fast/sim-1");
        assertThat(code.body()).isEqualTo(body);
        assertThat(RequestCode.render(code, CodeLanguage.SPOON_CLI))
                .startsWith("spoon chat -p 'fast' -m 'sim-1' --message 'Describe a fox.' --temperature 0.7")
                .contains("--stream --json");
    }
}
