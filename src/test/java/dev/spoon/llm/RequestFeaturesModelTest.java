package dev.spoon.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request-feature records: response formats, structured answers, images, usage names and sums. */
class RequestFeaturesModelTest {
    @TempDir
    Path dir;

    @Test
    void aSchemaFileMayBeTheSchemaOrOpenAisWrapper() {
        ResponseFormat.JsonSchema bare = ResponseFormat.JsonSchema.fromJson(Json.tryParse("{\"type\":\"object\"}"));
        assertThat(bare.name()).isEqualTo("answer");
        assertThat(bare.strict()).isFalse();
        ResponseFormat.JsonSchema wrapped = ResponseFormat.JsonSchema.fromJson(Json.tryParse(
                "{\"name\":\"person\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{}}}"));
        assertThat(wrapped.name()).isEqualTo("person");
        assertThat(wrapped.strict()).isTrue();
        assertThat(wrapped.schema().path("type").asText()).isEqualTo("object");
        // a schema that merely has a property called "schema" is a schema, not a wrapper
        JsonNode withSchemaProperty = Json.tryParse("{\"type\":\"object\",\"name\":\"x\",\"schema\":{}}");
        assertThat(ResponseFormat.JsonSchema.fromJson(withSchemaProperty).schema()).isEqualTo(withSchemaProperty);
        assertThatThrownBy(() -> ResponseFormat.JsonSchema.fromJson(Json.tryParse("[1]")))
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void structuredOutputReadsFencedJsonAndSaysWhyItDoesNotFit() {
        JsonNode schema = Json.tryParse("{\"type\":\"object\",\"required\":[\"ok\"]}");
        StructuredOutput fenced = StructuredOutput.of(ResponseFormat.JsonSchema.of(schema), "```json\n{\"ok\":true}\n```");
        assertThat(fenced.valid()).isTrue();
        assertThat(fenced.parsed().path("ok").asBoolean()).isTrue();
        assertThat(StructuredOutput.of(ResponseFormat.JsonSchema.of(schema), "{}").schemaErrors())
                .containsExactly("$: required property 'ok' not found");
        assertThat(StructuredOutput.of(ResponseFormat.JSON, "").schemaErrors()).containsExactly(
                "the answer is empty, not JSON");
        assertThat(StructuredOutput.of(ResponseFormat.JSON, "[1,2]").valid()).isTrue();
        assertThat(StructuredOutput.of(ResponseFormat.TEXT, "{}")).isNull();
    }

    @Test
    void imageFilesAreTypedByTheirFirstBytesAndUrlsPassThrough() throws IOException {
        Path jpeg = dir.resolve("photo.bin");
        Files.write(jpeg, new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16});
        ContentPart.Image img = ImageInput.load(jpeg.toString());
        assertThat(img.mediaType()).isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(img.base64Data())).hasSize(6);
        assertThat(img.asUrl()).startsWith("data:image/jpeg;base64,/9j/");
        Path gif = dir.resolve("a.gif");
        Files.write(gif, "GIF89a\u0001\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(ImageInput.load(gif).mediaType()).isEqualTo("image/gif");
        Path webp = dir.resolve("a.webp");
        Files.write(webp, "RIFF\u0000\u0000\u0000\u0000WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(ImageInput.load(webp).mediaType()).isEqualTo("image/webp");

        assertThat(ImageInput.load("https://example.org/cat.jpg").url()).isEqualTo("https://example.org/cat.jpg");
        ContentPart.Image data = ImageInput.load("data:image/png;base64,AAAA");
        assertThat(data.mediaType()).isEqualTo("image/png");
        assertThat(data.base64Data()).isEqualTo("AAAA");
        assertThatThrownBy(() -> ImageInput.load(dir.resolve("missing.png").toString()))
                .hasMessage("image file " + dir.resolve("missing.png") + " does not exist");
        assertThatThrownBy(() -> ImageInput.load(" ")).hasMessageContaining("no image given");
    }

    @Test
    void usageIsWrittenWithTheContractNamesAndReadWithOldOnesToo() {
        Usage u = new Usage(1532, 33, 1565, 1111, 418, null);
        assertThat(LlmJson.usage(u).toString()).isEqualTo("{\"prompt_tokens\":1532,\"completion_tokens\":33,"
                + "\"total_tokens\":1565,\"cached_prompt_tokens\":1111,\"cache_creation_tokens\":418}");
        assertThat(LlmJson.parseUsage(LlmJson.usage(u))).isEqualTo(u);
        assertThat(LlmJson.parseUsage(Json.tryParse("{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,"
                + "\"cache_read_tokens\":4,\"cache_write_tokens\":2,\"reasoning_tokens\":3}")))
                .isEqualTo(new Usage(10, 5, 15, 4, 2, 3));
        assertThat(LlmJson.parseUsage(Json.MAPPER.nullNode())).isNull();
    }

    @Test
    void usagesAddUpKeepingUnknownCountsUnknown() {
        Usage a = new Usage(10, 5, 15, 4, null, null);
        Usage b = new Usage(20, 7, 27, null, null, 3);
        assertThat(a.plus(b)).isEqualTo(new Usage(30, 12, 42, 4, null, 3));
        assertThat(a.plus(null)).isSameAs(a);
    }

    @Test
    void optionsAreSharedByTheBuilderAndPartOfTheCacheKeyJson() {
        ChatRequest r = ChatRequest.builder().message(Message.user("hi")).responseFormat(ResponseFormat.JSON)
                .reasoningEffort(ReasoningEffort.LOW).cachePrompt(true).header("X-A", "1").header("x-a", "2").build();
        assertThat(r.options().headers()).containsExactly(java.util.Map.entry("x-a", "2"));
        assertThat(r.toBuilder().build()).isEqualTo(r);
        assertThat(LlmJson.optionsJson(r.options()).toString()).isEqualTo("{\"response_format\":\"json\","
                + "\"reasoning_effort\":\"low\",\"cache_prompt\":true,\"headers\":{\"x-a\":\"2\"}}");
        assertThat(LlmJson.optionsJson(RequestOptions.NONE).toString()).isEqualTo("{}");
        assertThat(ChatRequest.ofUser("hi").options().isDefault()).isTrue();
        assertThatThrownBy(() -> ReasoningEffort.parse("max")).hasMessage(
                "'max' is not a reasoning effort; use minimal, low, medium or high");
        assertThat(ReasoningEffort.parse(" HIGH ")).isEqualTo(ReasoningEffort.HIGH);
    }

    @Test
    void rememberedRequestSecretsOutliveConfigurationUpdatesAndAreBounded() {
        Redactor core = new Redactor();
        Redactor provider = core.with(new Redactor.Secrets().secret("provider-key-1"));
        provider.remember(new Redactor.Secrets().headers(java.util.Map.of("X-Tenant", "tenant-secret-1",
                "anthropic-version", "2023-06-01")));
        core.set(new Redactor.Secrets().secret("other-key-2"));
        assertThat(core.redact("tenant-secret-1 2023-06-01 other-key-2")).isEqualTo("*** 2023-06-01 ***");
        assertThat(core.headers(java.util.Map.of("X-Tenant", java.util.List.of("tenant-secret-1"))).get("X-Tenant"))
                .containsExactly(Redactor.MASK);
        for (int i = 0; i < Redactor.MAX_REMEMBERED; i++) {
            core.remember(new Redactor.Secrets().headers(java.util.Map.of("X-Tenant", "later-secret-" + i)));
        }
        assertThat(core.redact("tenant-secret-1")).as("the oldest is forgotten").isEqualTo("tenant-secret-1");
        assertThat(core.redact("later-secret-7")).isEqualTo("***");
    }
}
