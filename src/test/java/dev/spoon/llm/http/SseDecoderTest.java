package dev.spoon.llm.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SseDecoderTest {

    private static List<SseDecoder.Event> decode(String body) {
        return SseDecoder.decodeAll(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds {@code body} in pieces whose boundaries are given by {@code cuts}. */
    private static List<SseDecoder.Event> decodeSplit(byte[] body, int[] cuts) {
        List<SseDecoder.Event> out = new ArrayList<>();
        SseDecoder d = new SseDecoder();
        SseDecoder.Handler h = (name, data, len) -> out.add(new SseDecoder.Event(name,
                new String(data, 0, len, StandardCharsets.UTF_8)));
        int prev = 0;
        for (int c : cuts) {
            d.decode(body, prev, c - prev, h);
            prev = c;
        }
        d.decode(body, prev, body.length - prev, h);
        d.end(h);
        return out;
    }

    static byte[] fixture(String name) {
        try (InputStream in = SseDecoderTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name, e);
        }
    }

    @Test
    void dataLinesEventNamesAndDone() {
        assertThat(decode("event: message_start\ndata: {\"a\":1}\n\ndata: [DONE]\n\n")).containsExactly(
                new SseDecoder.Event("message_start", "{\"a\":1}"), new SseDecoder.Event(null, "[DONE]"));
        byte[] done = "[DONE]".getBytes(StandardCharsets.US_ASCII);
        assertThat(SseDecoder.isDone(done, done.length)).isTrue();
        assertThat(SseDecoder.isDone("[DONE] ".getBytes(StandardCharsets.US_ASCII), 7)).isFalse();
    }

    @Test
    void multiLineDataIsJoinedWithNewlines() {
        assertThat(decode("data: first\ndata:second\ndata:  third\n\n")).containsExactly(
                new SseDecoder.Event(null, "first\nsecond\n third"));
    }

    @Test
    void commentsAndKeepAlivesAreSkipped() {
        assertThat(decode(": OPENROUTER PROCESSING\n\n:\n\ndata: x\n: ping\n\n")).containsExactly(
                new SseDecoder.Event(null, "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everyLineEndingWorks(String eol) {
        String body = "event: e" + eol + "data: one" + eol + eol + "data: two" + eol + "data: 2b" + eol + eol;
        assertThat(decode(body)).containsExactly(new SseDecoder.Event("e", "one"),
                new SseDecoder.Event(null, "two\n2b"));
    }

    @Test
    void eventsWithoutDataAreNotDispatchedAndIdRetryAreIgnored() {
        assertThat(decode("event: ping\n\nid: 7\nretry: 100\ndata: y\n\n")).containsExactly(
                new SseDecoder.Event(null, "y"));
    }

    @Test
    void emptyDataLineDispatchesAnEmptyEvent() {
        assertThat(decode("data:\n\n")).containsExactly(new SseDecoder.Event(null, ""));
    }

    @Test
    void aLastEventWithoutTheBlankLineIsDispatchedAtEnd() {
        assertThat(decode("data: a\n\ndata: b")).containsExactly(new SseDecoder.Event(null, "a"),
                new SseDecoder.Event(null, "b"));
    }

    @Test
    void crLfSplitBetweenReadsIsOneLineEnding() {
        byte[] body = "data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        // cut right after every '\r'
        assertThat(decodeSplit(body, new int[]{8, 10, 19, 21})).containsExactly(new SseDecoder.Event(null, "a"),
                new SseDecoder.Event(null, "b"));
    }

    @Test
    void utf8SequenceSplitAcrossReadsIsDecodedIntact() {
        byte[] body = "data: Olá 😊\n\n".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < body.length; cut++) {
            assertThat(decodeSplit(body, new int[]{cut})).as("cut at %d", cut)
                    .containsExactly(new SseDecoder.Event(null, "Olá 😊"));
        }
    }

    @Test
    void sameEventsHoweverTheBytesAreSplit() {
        String[] names = {"openai-chat-stream-text-include-usage.sse", "openai-chat-stream-tool-call.sse",
                "anthropic-messages-stream-text.sse", "gemini-streamgeneratecontent-text.sse",
                "openrouter-chat-stream-text-keepalive.sse", "ollama-chat-stream-reasoning-include-usage.sse"};
        Random random = new Random(42);
        for (String name : names) {
            byte[] body = fixture(name);
            List<SseDecoder.Event> whole = SseDecoder.decodeAll(body);
            assertThat(whole).as(name).isNotEmpty();
            for (int round = 0; round < 60; round++) {
                int n = 1 + random.nextInt(Math.min(body.length - 1, round < 5 ? body.length - 1 : 40));
                int[] cuts = random.ints(n, 1, body.length).sorted().distinct().toArray();
                assertThat(decodeSplit(body, cuts)).as("%s split at %d places", name, cuts.length)
                        .isEqualTo(whole);
            }
            int[] everyByte = new int[body.length - 1];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i + 1;
            }
            assertThat(decodeSplit(body, everyByte)).as(name + " one byte at a time").isEqualTo(whole);
        }
    }

    @Test
    void randomStreamsDecodeTheSameWhole() {
        Random random = new Random(7);
        String[] eols = {"\n", "\r\n", "\r"};
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            List<SseDecoder.Event> expected = new ArrayList<>();
            int events = 1 + random.nextInt(6);
            for (int e = 0; e < events; e++) {
                String eol = eols[random.nextInt(3)];
                if (random.nextInt(4) == 0) {
                    sb.append(": keep-alive").append(eol);
                }
                String name = random.nextBoolean() ? null : "ev" + random.nextInt(3);
                if (name != null) {
                    sb.append("event: ").append(name).append(eol);
                }
                int lines = 1 + random.nextInt(3);
                List<String> data = new ArrayList<>();
                for (int l = 0; l < lines; l++) {
                    String v = "é{\"k\":" + random.nextInt(1000) + ",\"t\":\"😊 x\"}";
                    data.add(v);
                    sb.append("data: ").append(v).append(eol);
                }
                sb.append(eol);
                expected.add(new SseDecoder.Event(name, String.join("\n", data)));
            }
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            int[] cuts = random.ints(random.nextInt(body.length), 1, body.length).sorted().distinct().toArray();
            assertThat(decodeSplit(body, cuts)).isEqualTo(expected);
        }
    }

    @Test
    void aTwoMegabyteEventArrivesWhole() {
        StringBuilder sb = new StringBuilder("{\"content\":\"");
        while (sb.length() < 2_000_000) {
            sb.append("abcdefghij");
        }
        sb.append("\"}");
        String payload = sb.toString();
        byte[] body = ("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
        int[] cuts = new int[body.length / 1000];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * 1000 - 1;
        }
        List<SseDecoder.Event> events = decodeSplit(body, cuts);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data()).isEqualTo(payload);
    }
}
