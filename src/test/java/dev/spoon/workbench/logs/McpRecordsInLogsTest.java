package dev.spoon.workbench.logs;

import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.mcp.McpDebugRecords;
import dev.spoon.llm.mcp.McpExchange;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MCP JSON-RPC records sit next to the LLM calls in the Logs pane, filter by kind, and export. */
class McpRecordsInLogsTest {
    @TempDir
    Path dir;

    @Test
    void mcpRecordsAreShownFilteredByKindAndExported() throws Exception {
        WorkbenchContext ctx = TestWorkbench.context(dir, "default_provider = \"sim\"\n", TaskExecutor.direct());
        try {
            ctx.manager().chat(ChatRequest.ofUser("hello"), "sim").get(30, TimeUnit.SECONDS);
            ctx.debugLogger().record(McpDebugRecords.record(new McpExchange(Instant.now(), "everything", false,
                    "c-1", "tools/call", Json.tryParse("{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}"),
                    Json.tryParse("{\"content\":[{\"type\":\"text\",\"text\":\"Echo: hi\"}]}"), null, 12, null),
                    "workbench"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> ctx.debugLogger().records().size() == 2);
            LogsViewModel vm = new LogsViewModel(ctx);
            assertThat(vm.records()).hasSize(2);
            assertThat(vm.providers()).contains("sim", "everything");
            vm.kindProperty().set(LogsViewModel.KindFilter.MCP);
            assertThat(vm.filtered()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(dev.spoon.llm.debug.DebugRecord.Kind.MCP);
                assertThat(r.method()).isEqualTo("tools/call");
                assertThat(RecordDetail.status(r)).isEqualTo("ok");
                assertThat(r.responseBody()).contains("Echo: hi");
            });
            vm.kindProperty().set(LogsViewModel.KindFilter.LLM);
            assertThat(vm.filtered()).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(dev.spoon.llm.debug.DebugRecord.Kind.LLM));
            vm.kindProperty().set(LogsViewModel.KindFilter.ALL);
            vm.textProperty().set("Echo: hi");
            assertThat(vm.filtered()).hasSize(1);
            vm.textProperty().set("");
            vm.kindProperty().set(LogsViewModel.KindFilter.MCP);
            Path out = dir.resolve("mcp.jsonl");
            assertThat(vm.export(out, dev.spoon.llm.debug.DebugExporter.Format.JSONL).get(30, TimeUnit.SECONDS))
                    .isEqualTo(1);
            var line = Json.tryParse(java.nio.file.Files.readString(out).strip());
            assertThat(line.get("kind").asText()).isEqualTo("mcp");
            assertThat(line.get("provider").asText()).isEqualTo("everything");
            assertThat(Json.tryParse(line.get("request").get("body").asText()).get("method").asText())
                    .isEqualTo("tools/call");
            vm.close();
        } finally {
            ctx.core().close();
        }
    }
}
