package dev.spoon.workbench.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spoon.llm.ChatRequest;
import dev.spoon.llm.ContentPart;
import dev.spoon.llm.ImageInput;
import dev.spoon.llm.Message;
import dev.spoon.llm.ReasoningEffort;
import dev.spoon.llm.ResponseFormat;
import dev.spoon.workbench.TaskExecutor;
import dev.spoon.workbench.request.RequestOptionsViewModel.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestOptionsViewModelTest {
    private static final byte[] PNG = TestImages.PNG;

    @TempDir
    Path dir;

    private final RequestOptionsViewModel vm = new RequestOptionsViewModel(TaskExecutor.direct(),
            EnumSet.allOf(Feature.class));

    @Test
    void anAttachedFileBecomesAnInlineImageOfItsType() throws IOException {
        Path png = Files.write(dir.resolve("dot.png"), PNG);
        Path jpeg = Files.write(dir.resolve("photo.bin"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2});
        vm.attach(List.of(png, jpeg)).join();
        assertThat(vm.images()).extracting(ImageAttachment::name).containsExactly("dot.png", "photo.bin");
        ContentPart.Image part = vm.images().get(0).part();
        assertThat(part.mediaType()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(part.base64Data())).isEqualTo(PNG);
        assertThat(vm.images().get(1).part().mediaType()).isEqualTo("image/jpeg");
        assertThat(vm.images().get(0).label()).isEqualTo("dot.png \u00B7 " + PNG.length + " B");
        assertThat(vm.imageProblemProperty().get()).isEmpty();
        assertThat(vm.options().imageParts()).containsExactly(part, vm.images().get(1).part());
    }

    @Test
    void aTooLargeFileIsRefusedWithItsSizeAndTheLimitAndNothingIsAttached() throws IOException {
        Path big = dir.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(PNG);
            f.setLength(ImageInput.MAX_BYTES + 200_000); // sparse: nothing is written or read
        }
        vm.attach(List.of(big)).join();
        assertThat(vm.images()).isEmpty();
        assertThat(vm.imageProblemProperty().get()).isEqualTo("Image file " + big + " is 5.2 MB; the limit is 5 MB"
                + " (make it smaller, or give an http(s) URL instead).");
    }

    @Test
    void aFileThatIsNoImageOrIsGoneIsRefusedByName() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        vm.attach(List.of(text)).join();
        assertThat(vm.imageProblemProperty().get())
                .isEqualTo("Image file " + text + " is not a PNG, JPEG, GIF or WebP image.");
        vm.attach(List.of(dir.resolve("gone.png"))).join();
        assertThat(vm.imageProblemProperty().get()).isEqualTo("Image file " + dir.resolve("gone.png")
                + " does not exist.");
        assertThat(vm.images()).isEmpty();
    }

    @Test
    void removingAndClearingImages() throws IOException {
        Path png = Files.write(dir.resolve("a.png"), PNG);
        vm.attach(List.of(png, png)).join();
        vm.remove(vm.images().get(0));
        assertThat(vm.images()).hasSize(1);
        vm.clearImages();
        assertThat(vm.images()).isEmpty();
    }

    @Test
    void extraBodyIsCheckedAsItIsTypedAndBlocksTheSendUntilFixed() {
        vm.extraBodyTextProperty().set("{\"top_p\": 0.9,\n \"seed\": }");
        assertThat(vm.extraBodyErrorProperty().get()).startsWith("Extra body is not valid JSON (line 2, column 10)");
        assertThat(vm.validBinding().get()).isFalse();
        assertThat(vm.problem()).isEqualTo(vm.extraBodyErrorProperty().get());
        assertThatThrownBy(vm::options).isInstanceOf(IllegalStateException.class);
        vm.extraBodyTextProperty().set("[1, 2]");
        assertThat(vm.extraBodyErrorProperty().get()).isEqualTo("Extra body must be a JSON object, {\u2026}; this is an array.");
        vm.extraBodyTextProperty().set("{\"top_p\": 0.9, \"seed\": 7}");
        assertThat(vm.extraBodyErrorProperty().get()).isNull();
        assertThat(vm.validBinding().get()).isTrue();
        ObjectNode body = vm.options().extraBody();
        assertThat(body.get("seed").asInt()).isEqualTo(7);
        ChatRequest r = vm.options().applyTo(ChatRequest.builder().message(Message.user("hi"))).build();
        assertThat(r.extra()).containsKeys("top_p", "seed");
        assertThat(r.options()).isEqualTo(dev.spoon.llm.RequestOptions.NONE);
        assertThat(vm.summaryBinding().get()).isEqualTo("2 body fields");
    }

    @Test
    void headersAreNameColonValueLines() {
        vm.headersTextProperty().set("X-Request-Id: 42\n\n# a comment\nOpenAI-Beta: assistants=v2");
        assertThat(vm.headersErrorProperty().get()).isNull();
        assertThat(vm.options().options().headers()).containsEntry("X-Request-Id", "42").containsEntry("OpenAI-Beta",
                "assistants=v2").hasSize(2);
        vm.headersTextProperty().set("X-Ok: 1\nnot a header");
        assertThat(vm.headersErrorProperty().get()).startsWith("Headers, line 2: write it as 'Name: value'");
        vm.headersTextProperty().set("Bad Name: 1");
        assertThat(vm.headersErrorProperty().get()).startsWith("Headers, line 1:");
    }

    @Test
    void aJsonSchemaIsRequiredAndCheckedOnlyForTheSchemaFormat() {
        vm.schemaTextProperty().set("{ not json");
        assertThat(vm.schemaErrorProperty().get()).isNull(); // the format is text: the editor is not in use
        vm.formatProperty().set(ResponseFormatChoice.JSON_SCHEMA);
        assertThat(vm.schemaErrorProperty().get()).startsWith("The JSON Schema is not valid JSON (line 1");
        vm.schemaTextProperty().set("");
        assertThat(vm.schemaErrorProperty().get()).startsWith("Write the JSON Schema the answer must match");
        vm.schemaTextProperty().set("{\"type\": \"objekt\"}");
        assertThat(vm.schemaErrorProperty().get()).startsWith("The JSON Schema is not valid: $.type: ");
        assertThat(vm.validBinding().get()).isFalse();
        vm.schemaTextProperty().set("{\"type\": \"object\", \"required\": [\"name\"]}");
        assertThat(vm.schemaErrorProperty().get()).isNull();
        vm.reasoningEffortProperty().set("high");
        vm.cachePromptProperty().set(true);
        dev.spoon.llm.RequestOptions o = vm.options().options();
        assertThat(o.responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
        assertThat(((ResponseFormat.JsonSchema) o.responseFormat()).schema().get("required").get(0).asText())
                .isEqualTo("name");
        assertThat(o.reasoningEffort()).isEqualTo(ReasoningEffort.HIGH);
        assertThat(o.cachePrompt()).isTrue();
        assertThat(vm.summaryBinding().get()).isEqualTo("JSON Schema \u00B7 effort high \u00B7 cache prompt");
        vm.formatProperty().set(ResponseFormatChoice.JSON);
        assertThat(vm.options().options().responseFormat()).isEqualTo(ResponseFormat.JSON);
    }

    @Test
    void unsupportedGroupsAreNeverSent() {
        RequestOptionsViewModel imagesOnly = new RequestOptionsViewModel(TaskExecutor.direct(),
                EnumSet.of(Feature.IMAGES));
        imagesOnly.formatProperty().set(ResponseFormatChoice.JSON);
        imagesOnly.reasoningEffortProperty().set("low");
        imagesOnly.headersTextProperty().set("X-A: 1");
        imagesOnly.extraBodyTextProperty().set("{\"seed\": 1}");
        SendOptions o = imagesOnly.options();
        assertThat(o.options()).isEqualTo(dev.spoon.llm.RequestOptions.NONE);
        assertThat(o.extraBody()).isNull();
        assertThat(imagesOnly.summaryBinding().get()).isEmpty();
    }

    @Test
    void aMessageWithImagesIsTextThenImages() {
        ContentPart.Image img = ContentPart.Image.ofBase64("image/png", "AAAA");
        Message m = SendOptions.userMessage("what is this?", List.of(img));
        assertThat(m.parts()).containsExactly(new ContentPart.Text("what is this?"), img);
        assertThat(SendOptions.userMessage("plain", List.of()).content()).isEqualTo("plain");
    }

    @Test
    void usageInWords() {
        assertThat(UsageText.of(new dev.spoon.llm.Usage(1200, 300, 1500, 800, 100, 120)))
                .isEqualTo("1200 in (800 cached, 100 cache write) / 300 out (120 reasoning)");
        assertThat(UsageText.of(new dev.spoon.llm.Usage(20, 2, 22, 0, null, 0))).isEqualTo("20 in / 2 out");
        assertThat(UsageText.of(null)).isEqualTo("not reported");
    }
}
