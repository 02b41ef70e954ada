package dev.spoon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.json.Json;
import dev.spoon.llm.http.SseDecoder;
import dev.spoon.llm.providers.openai.OpenAiStream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE decoder path (framing + JSON → {@link ResponseChunk}, exactly what a provider stream does) against
 * plain Jackson {@code readTree} over the same JSON payloads, in the same run, on a realistic OpenAI stream;
 * then single events of growing size to show the cost is linear (a 2 MB event is not quadratic).
 * Run: {@code java -cp "target/classes:target/test-classes:target/lib/*" dev.spoon.bench.SseDecoderBench}
 */
public final class SseDecoderBench {
    private static final String[] WORDS = ("Olá the quick brown fox jumps over the lazy dog while streaming tokens "
            + "from a large language model into a desktop workbench, one small delta at a time 😊").split(" ");

    public static void main(String[] args) {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        byte[] stream = openAiStream(chunks);
        List<byte[]> payloads = payloads(stream);
        System.out.printf("realistic OpenAI stream: %,d chunks, %.1f MB (%d bytes/event avg)%n", payloads.size(),
                stream.length / 1e6, stream.length / payloads.size());
        double decoder = 0;
        double jackson = 0;
        for (int round = 0; round < 7; round++) {
            double d = decoderRate(stream, 16 * 1024);
            double j = readTreeRate(payloads);
            if (round >= 2) { // after warm-up: best of the remaining rounds
                decoder = Math.max(decoder, d);
                jackson = Math.max(jackson, j);
            }
        }
        double mb = stream.length / 1e6;
        double n = payloads.size();
        System.out.printf("decoder  (SSE framing + JSON -> ResponseChunk): %7.1f MB/s  %,10.0f chunks/s%n",
                mb / decoder, n / decoder);
        System.out.printf("Jackson readTree on the same JSON payloads   : %7.1f MB/s  %,10.0f chunks/s%n",
                mb / jackson, n / jackson);
        System.out.printf("ratio decoder / readTree: %.2fx (target >= 0.5x)%n", jackson / decoder);

        System.out.println("single event of growing size (fed in 16 KB reads):");
        for (int size : new int[]{250_000, 500_000, 1_000_000, 2_000_000, 4_000_000}) {
            byte[] big = bigEvent(size);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 6; i++) {
                best = Math.min(best, decoderRate(big, 16 * 1024));
            }
            System.out.printf("  %,9d bytes: %7.2f ms  (%.2f ms per MB)%n", big.length, best * 1000,
                    best * 1000 / (big.length / 1e6));
        }
    }

    /** Seconds to decode {@code body} fed in reads of {@code readSize}, through the real OpenAI stream reader. */
    static double decoderRate(byte[] body, int readSize) {
        long[] count = new long[1];
        OpenAiStream reader = new OpenAiStream("openai", "gpt-4o-mini", c -> count[0]++);
        SseDecoder decoder = new SseDecoder();
        SseDecoder.Handler h = (name, data, len) -> reader.onEvent(name, data, len, 0);
        long t0 = System.nanoTime();
        for (int off = 0; off < body.length; off += readSize) {
            decoder.decode(body, off, Math.min(readSize, body.length - off), h);
        }
        decoder.end(h);
        double s = (System.nanoTime() - t0) / 1e9;
        if (count[0] == 0 || !reader.complete()) {
            throw new AssertionError("decoder produced nothing");
        }
        return s;
    }

    static double readTreeRate(List<byte[]> payloads) {
        long t0 = System.nanoTime();
        long fields = 0;
        try {
            for (byte[] p : payloads) {
                JsonNode n = Json.MAPPER.readTree(p);
                fields += n.size();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (fields == 0) {
            throw new AssertionError();
        }
        return s;
    }

    /** The JSON payloads of every event except {@code [DONE]}. */
    static List<byte[]> payloads(byte[] stream) {
        List<byte[]> out = new ArrayList<>();
        for (SseDecoder.Event e : SseDecoder.decodeAll(stream)) {
            if (!e.data().equals("[DONE]")) {
                out.add(e.data().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A stream shaped like OpenAI's real one (see fixtures/openai-chat-stream-text-include-usage.sse). */
    public static byte[] openAiStream(int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 330);
        String head = "data: {\"id\":\"chatcmpl-DuLdOuviL2tiVxMim6HmX4YMnCorK\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1782321902,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_bbc23ca3d7\",\"choices\":[{\"index\":0,\"delta\":";
        write(out, head + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
                + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"yS7A7FhhV\"}\n\n");
        for (int i = 0; i < chunks; i++) {
            String word = (i == 0 ? "" : " ") + WORDS[i % WORDS.length];
            write(out, head + "{\"content\":" + Json.write(word) + "},\"logprobs\":null,\"finish_reason\":null}],"
                    + "\"usage\":null,\"obfuscation\":\"" + "TuWnytCa1C".substring(0, 3 + i % 8) + "\"}\n\n");
        }
        write(out, head + "{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null,\"obfuscation\":\"cw1RS\"}\n\n");
        write(out, "data: {\"id\":\"chatcmpl-DuLdOuviL2tiVxMim6HmX4YMnCorK\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1782321902,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_bbc23ca3d7\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,"
                + "\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (chunks + 20) + ",\"prompt_tokens_details\":"
                + "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
                + "\"obfuscation\":\"k\"}\n\ndata: [DONE]\n\n");
        return out.toByteArray();
    }

    /** One OpenAI chunk event whose content is about {@code size} bytes, then the finish and [DONE]. */
    static byte[] bigEvent(int size) {
        StringBuilder sb = new StringBuilder(size + 400);
        sb.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"");
        while (sb.length() < size) {
            sb.append("lorem ipsum dolor sit amet \\\"quoted\\\" ");
        }
        sb.append("\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
