package dev.spoon.workbench.tools;

import dev.spoon.llm.Message;
import dev.spoon.llm.Role;
import dev.spoon.workbench.QueuedTaskExecutor;
import dev.spoon.workbench.TestWorkbench;
import dev.spoon.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ToolInspectorViewModelTest {
    static final String TOML = """
            default_provider = "toolsim"
            retry_attempts = 0
            [providers.toolsim]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            tool_calls = [{ name = "weather", arguments = { location = "Paris" } }]
            [providers.other]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            tool_calls = [{ name = "weather", arguments = { location = "Rome", unit = "celsius" } }]
            [providers.badargs]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            tool_calls = [{ name = "weather", arguments = { city = "Paris" } }]
            [providers.brokenjson]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            tool_calls = [{ name = "weather", arguments = '{"location": "Par' }]
            [providers.calc]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            tool_calls = [{ name = "calculator", arguments = { expression = "(2+3)*4^2" } }]
            [providers.thinker]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            reasoning = "I should look it up."
            tool_calls = [{ name = "weather", arguments = { location = "Oslo" } }]
            """;

    @TempDir
    Path dir;
    private WorkbenchContext ctx;
    private ToolInspectorViewModel vm;
    private final QueuedTaskExecutor executor = new QueuedTaskExecutor();

    @BeforeEach
    void setUp() {
        ctx = TestWorkbench.context(dir, TOML, executor);
        vm = new ToolInspectorViewModel(ctx);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.core().close();
    }

    private ToolRun.State awaitPause() {
        executor.runUntil(() -> vm.currentProperty().get().stateProperty().get() != ToolRun.State.RUNNING);
        return vm.currentProperty().get().stateProperty().get();
    }

    @Test
    void theReasoningOfATurnThatCalledToolsIsSentBackWithItsCalls() {
        vm.providerProperty().set("thinker");
        vm.promptProperty().set("Weather in Oslo?");
        assertThat(vm.start()).isTrue();
        assertThat(awaitPause()).isEqualTo(ToolRun.State.AWAITING_RESULTS);
        vm.pending().get(0).resultProperty().set("{\"temperature\": -3}");
        assertThat(vm.continueRun()).isTrue();
        awaitPause();
        Message assistant = vm.currentProperty().get().messages().get(1);
        assertThat(assistant.toolCalls()).hasSize(1);
        assertThat(assistant.reasoning()).isEqualTo("I should look it up.");
    }

    @Test
    void aToolCallPausesTheRunAndTheEditedResultReachesTheModel() {
        vm.promptProperty().set("What's the weather in Paris?");
        assertThat(vm.start()).isTrue();
        assertThat(awaitPause()).isEqualTo(ToolRun.State.AWAITING_RESULTS);
        assertThat(vm.pending()).hasSize(1);
        ToolCallItem call = vm.pending().get(0);
        assertThat(call.name()).isEqualTo("weather");
        assertThat(call.argumentsProperty().get()).isEqualTo("{\n  \"location\" : \"Paris\"\n}");
        assertThat(call.problems()).isEmpty();
        assertThat(call.raw()).contains("tool_calls").contains("weather");
        assertThat(vm.statusProperty().get()).isEqualTo("Paused: 1 tool call to answer.");

        assertThat(vm.continueRun()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Type or paste a result for weather (" + call.id()
                + "), or use the built-in example tool.");
        call.argumentsProperty().set("{\"location\": \"Paris\", \"unit\": \"fahrenheit\"}");
        call.resultProperty().set("{\"temperature\": 88, \"conditions\": \"heatwave\"}");
        assertThat(vm.continueRun()).isTrue();
        assertThat(awaitPause()).isEqualTo(ToolRun.State.DONE);

        ToolRun run = vm.currentProperty().get();
        assertThat(run.messages()).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(run.messages().get(1).toolCalls().get(0).arguments())
                .isEqualTo("{\"location\":\"Paris\",\"unit\":\"fahrenheit\"}");
        assertThat(run.messages().get(3).text()).contains("The weather tool returned: {\"temperature\":88,"
                + "\"conditions\":\"heatwave\"}");
        assertThat(run.entries()).extracting(TranscriptEntry::kind).containsExactly(TranscriptEntry.Kind.USER,
                TranscriptEntry.Kind.TOOL_CALL, TranscriptEntry.Kind.TOOL_RESULT, TranscriptEntry.Kind.ASSISTANT);
        assertThat(run.entries().get(2).title()).endsWith("(arguments edited)");
        // the transcript shows the arguments that were sent, and what the model had sent
        assertThat(run.entries().get(1).body()).contains("\"unit\" : \"fahrenheit\"");
        assertThat(run.entries().get(1).title()).contains("arguments edited (the model sent {\"location\":\"Paris\"})");
    }

    @Test
    void missingRequiredFieldsAndInvalidJsonAreFlagged() {
        vm.providerProperty().set("badargs");
        vm.promptProperty().set("weather?");
        vm.start();
        awaitPause();
        assertThat(vm.pending().get(0).modelProblems()).containsExactly("$: required property 'location' not found");
        assertThat(vm.currentProperty().get().entries().get(1).problems())
                .containsExactly("$: required property 'location' not found");
        assertThat(vm.statusProperty().get()).contains("(1 with malformed arguments)");
        vm.stop();

        vm.providerProperty().set("brokenjson");
        vm.start();
        awaitPause();
        ToolCallItem broken = vm.pending().get(0);
        assertThat(broken.problems()).singleElement().asString().startsWith("not valid JSON");
        broken.resultProperty().set("{}");
        assertThat(vm.continueRun()).isFalse();
        assertThat(vm.statusProperty().get()).contains("are not a JSON object: fix them before continuing");
        broken.argumentsProperty().set("{\"location\": \"Paris\"}");
        assertThat(broken.problems()).isEmpty();
    }

    @Test
    void autoContinueLetsTheBuiltInCalculatorAnswer() {
        vm.addExample(BuiltInTools.Example.CALCULATOR);
        vm.providerProperty().set("calc");
        vm.autoContinueProperty().set(true);
        vm.promptProperty().set("What is (2+3)*4^2?");
        vm.start();
        executor.runUntil(() -> vm.currentProperty().get().stateProperty().get() == ToolRun.State.DONE);
        ToolRun run = vm.currentProperty().get();
        assertThat(run.messages().get(2).text()).isEqualTo("{\"expression\":\"(2+3)*4^2\",\"result\":80}");
        assertThat(run.messages().get(3).text()).contains("\"result\":80");
    }

    @Test
    void replayRunsTheSameOpeningOnAnotherProviderAndKeepsBothRuns() {
        vm.systemProperty().set("Use tools.");
        vm.promptProperty().set("Weather in Rome?");
        vm.start();
        awaitPause();
        vm.pending().get(0).useBuiltIn();
        vm.continueRun();
        awaitPause();
        assertThat(vm.replay("other", "")).isTrue();
        assertThat(awaitPause()).isEqualTo(ToolRun.State.AWAITING_RESULTS);
        assertThat(vm.runs()).hasSize(2);
        ToolRun second = vm.runs().get(1);
        assertThat(second.provider()).isEqualTo("other");
        assertThat(second.messages().subList(0, 2)).extracting(Message::text)
                .containsExactly("Use tools.", "Weather in Rome?");
        assertThat(vm.pending().get(0).argumentsProperty().get()).contains("\"Rome\"");
        assertThat(vm.runs().get(0).stateProperty().get()).isEqualTo(ToolRun.State.DONE);
    }

    @Test
    void invalidToolDefinitionsBlockARunWithTheReason() throws Exception {
        vm.toolsTextProperty().set("[{\"type\":\"function\",\"function\":{\"name\":\"x\",\"parameters\":{\"type\":"
                + "\"object\",\"required\":[\"q\"]}}}]");
        vm.promptProperty().set("hi");
        assertThat(vm.start()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Fix the tool definitions first: x.parameters.required "
                + "names 'q', which is not in properties");
        Path file = dir.resolve("tools.json");
        Files.writeString(file, "[{\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}]");
        executor.await(vm.loadTools(file));
        assertThat(vm.definitionsProperty().get().tools()).extracting(dev.spoon.llm.Tool::name)
                .containsExactly("lookup");
        assertThat(vm.statusProperty().get()).isEqualTo("Loaded 1 tools from " + file);
    }
}
