package dev.spoon.workbench.compare;

/** Simulator targets with different speeds (and one that always fails) for the Compare tests. */
final class CompareFixture {
    static final String FAST_ANSWER = "The quick brown fox jumps over the lazy dog near the river bank.";
    static final String MEDIUM_ANSWER = "The quick red fox jumps over the sleepy dog near the river bank.";
    static final String SLOW_ANSWER = "A slow answer that takes its time, word after word, until it ends.";

    /** A Markdown answer with a GitHub table, emphasis and code. */
    static final String MARKDOWN_ANSWER = "## Latency\\n\\n| Provider | ms |\\n|---|---:|\\n| openai | 412 |\\n| sim | 3 |"
            + "\\n\\nThe **simulator** is ~~slow~~ fast; see `sim`.";

    static final String TOML = """
            default_provider = "fast"
            retry_attempts = 0
            [providers.fast]
            type = "sim"
            answer = "%s"
            ttft_ms = 0
            tokens_per_s = 0
            [providers.medium]
            type = "sim"
            answer = "%s"
            ttft_ms = 20
            tokens_per_s = 300
            [providers.slow]
            type = "sim"
            answer = "%s"
            ttft_ms = 60
            tokens_per_s = 150
            [providers.md]
            type = "sim"
            answer = "%s"
            ttft_ms = 0
            tokens_per_s = 400
            [providers.broken]
            type = "sim"
            fail_type = "rate_limit"
            [prices."sim-1"]
            input_per_mtok = 1.0
            output_per_mtok = 2.0
            """.formatted(FAST_ANSWER, MEDIUM_ANSWER, SLOW_ANSWER, MARKDOWN_ANSWER);

    private CompareFixture() {
    }
}
