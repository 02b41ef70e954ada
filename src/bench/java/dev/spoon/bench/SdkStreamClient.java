package dev.spoon.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The official OpenAI Java SDK doing what {@code spoon chat --stream --json} does, for {@link CliStreamBench}:
 * one streamed chat completion from {@code BASE_URL}, one {@code {"type":"delta","content":...}} line per chunk
 * with content on standard output (the same 64 KB-buffered Jackson generator our CLI uses), then exit. Its
 * figure includes JVM start, like ours.
 *
 * <p>Run: {@code java -cp <test class path> dev.spoon.bench.SdkStreamClient BASE_URL}
 */
public final class SdkStreamClient {
    private SdkStreamClient() {
    }

    public static void main(String[] args) throws IOException {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("x").maxRetries(0).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                .addUserMessage("hi").build();
        BufferedOutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        JsonGenerator gen = new JsonFactory().createGenerator(out);
        gen.setRootValueSeparator(null);
        long[] lines = new long[1];
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().stream().findFirst()
                    .flatMap(c -> c.delta().content()).filter(s -> !s.isEmpty()).ifPresent(text -> {
                        try {
                            gen.writeStartObject();
                            gen.writeStringField("type", "delta");
                            gen.writeStringField("content", text);
                            gen.writeEndObject();
                            gen.writeRaw('\n');
                            lines[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        }
        gen.flush();
        out.flush();
        System.err.println("sdk: " + lines[0] + " delta lines");
        client.close();
        System.exit(0);
    }
}
