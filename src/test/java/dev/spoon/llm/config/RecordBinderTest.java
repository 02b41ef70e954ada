package dev.spoon.llm.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand binder gives exactly what Jackson's data binding gives, for every section and value kind. */
class RecordBinderTest {
    static final String EVERYTHING = """
            default_provider = "mylocal"
            fallback_chain = ["openai", "sim"]
            load_balancing = "weighted"
            retry_attempts = 2
            retry_delay_ms = 250
            retry_max_wait_s = 30
            max_concurrent_requests = 4
            health_check_interval_s = 0
            connect_timeout_s = 5
            read_timeout_s = 12.5
            timeout_s = 300
            cache = { enabled = true, ttl_s = 60, max_entries = 10 }
            debug = { enabled = true, max_records = 500, log_bodies = false, file = "/tmp/d.jsonl", keep_days = 3 }

            [providers.openai]
            api_key = "sk-test-123456"
            model = "gpt-4o-mini"
            max_tokens = 4096
            temperature = 0.3
            timeout_s = 60
            proxy = "http://user:pw@127.0.0.1:3128"
            headers = { "X-Extra" = "1", "X-Other" = "two" }
            weight = 2
            models = ["a", "b"]
            reasoning_effort = "low"

            [providers.mylocal]
            type = "openai-compatible"
            base_url = "http://127.0.0.1:1234/v1"
            enabled = false
            max_concurrent_requests = 3
            api = "responses"

            [providers.fastsim]
            type = "sim"
            ttft_ms = 0
            tokens_per_s = 1000.5
            mode = "lorem"
            answer_tokens = 20
            seed = 7
            reasoning = true
            usage = false
            tool_calls = [{ name = "weather", arguments = { location = "Paris", days = [1, 2] } }]
            retry_after_s = 1.5

            [llm_providers.legacy]
            type = "sim"

            [prices."gpt-4o-mini"]
            input_per_mtok = 0.15
            output_per_mtok = 0.6
            cached_input_per_mtok = 0.075

            [mcp_servers.everything]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-everything"]
            env = { DEBUG = "1" }
            cwd = "/tmp"
            timeout_s = 30
            enabled = true

            [mcp_servers.remote]
            url = "http://127.0.0.1:3001/mcp"
            headers = { Authorization = "Bearer x" }

            [gateway]
            host = "127.0.0.1"
            port = 8787
            token = "t"
            max_request_mb = 16
            """;

    @Test
    void everySectionOfATomlFileBindsAsJacksonBindsIt() throws Exception {
        JsonNode tree = new TomlMapper().readTree(EVERYTHING);
        FileConfig mine = RecordBinder.bind(tree, FileConfig.class);
        assertThat(mine).isEqualTo(Json.MAPPER.treeToValue(tree, FileConfig.class));
        assertThat(mine.provider("fastsim").options()).containsKeys("ttft_ms", "tool_calls", "seed");
        assertThat(mine.provider("openai").options()).isEmpty();
        assertThat(mine.provider("legacy").type()).isEqualTo("sim");
        assertThat(mine.gateway().port()).isEqualTo(8787);
        assertThat(mine.readTimeoutS()).isEqualTo(12.5);
    }

    @Test
    void theSameFileAsJsonBindsAsJacksonBindsIt() throws Exception {
        JsonNode tree = Json.MAPPER.readTree(Json.write(new TomlMapper().readTree(EVERYTHING)));
        assertThat(RecordBinder.bind(tree, FileConfig.class)).isEqualTo(Json.MAPPER.treeToValue(tree,
                FileConfig.class));
    }

    @Test
    void anEmptyFileBindsToEmptySections() throws Exception {
        JsonNode tree = Json.MAPPER.createObjectNode();
        FileConfig mine = RecordBinder.bind(tree, FileConfig.class);
        assertThat(mine).isEqualTo(Json.MAPPER.treeToValue(tree, FileConfig.class));
        assertThat(mine.providers()).isEmpty();
    }
}
