package dev.spoon.workbench.chat;

/** Simulator configurations shared by the chat tests. */
final class ChatFixtures {
    private ChatFixtures() {
    }

    static final String CONFIG = """
            [providers.sim]
            ttft_ms = 0
            tokens_per_s = 0

            [providers.sim-slow]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 40
            mode = "lorem"
            answer_tokens = 400

            [providers.sim-drop]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            answer = "one two three four five six seven eight nine ten"
            disconnect_after = 4

            [providers.sim-auth]
            type = "sim"
            fail_type = "auth"

            [providers.sim-think]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 0
            reasoning = "First I consider the question."
            answer = "## Answer\\n\\nUse **this**:\\n\\n```java\\nint x = 1;\\n```\\n"
            tool_calls = [{ name = "weather", arguments = { location = "Florence" } }]

            [prices."sim-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            """;
}
