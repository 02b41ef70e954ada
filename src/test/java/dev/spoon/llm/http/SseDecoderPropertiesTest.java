package dev.spoon.llm.http;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Properties of {@link SseDecoder} over generated streams: whatever the split of the bytes into reads, the mix of
 * {@code \n}, {@code \r} and {@code \r\n}, a leading byte order mark, comments between and inside events, huge
 * events or malformed JSON in the data, every complete event comes out exactly once, in order, and the work done
 * (bytes scanned and copied, counted by the decoder) is linear in the input. Arbitrary bytes never make it fail
 * or loop. No timing is measured.
 */
class SseDecoderPropertiesTest {

    /** An event as generated: its name (or null) and its data lines. */
    record Ev(String name, List<String> lines) {
        String data() {
            return String.join("\n", lines);
        }
    }

    /** A generated stream: the events it holds and its bytes. */
    record Stream(List<Ev> events, byte[] bytes) {
    }

    /** Text of a data line or event name: any characters but line breaks (JSON, malformed JSON, unicode…). */
    static Arbitrary<String> lineText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.strings().all().excludeChars('\r', '\n').ofMaxLength(40),
                Arbitraries.of("{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}", "{\"unclosed\": [1, 2",
                        "}{", "[DONE]", "{\"a\":\"\\ud83d\"}", " leading space", "", ":not a comment in data",
                        "data: nested", "\u00e9\u4e2d\ud83d\ude00"));
    }

    static Arbitrary<Ev> event() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.just(null),
                Arbitraries.of("message_start", "content_block_delta", "error", "ping"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12));
        // what survives UTF-8 encoding (a lone surrogate becomes '?'), since that is what the wire carries
        Arbitrary<String> wireText = lineText().map(t -> new String(t.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
        return Combinators.combine(name, wireText.list().ofMinSize(1).ofMaxSize(4)).as(Ev::new);
    }

    /** Builds the bytes of {@code events} with the terminators, comments and BOM chosen by {@code seed}. */
    static Stream encode(List<Ev> events, long seed, boolean bom, boolean finalBlankLine) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (Ev e : events) {
            if (r.nextInt(4) == 0) {
                lines.add(": keep-alive " + r.nextInt(100));
            }
            if (e.name() != null) {
                lines.add("event: " + e.name());
            }
            for (String l : e.lines()) {
                lines.add(r.nextBoolean() ? "data: " + l : "data:" + (l.startsWith(" ") ? " " + l : l));
                if (r.nextInt(6) == 0) {
                    lines.add(":" + "comment inside an event");
                }
                if (r.nextInt(8) == 0) {
                    lines.add("id: " + r.nextInt(1000));
                }
            }
            lines.add("");
        }
        if (!finalBlankLine && !lines.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) {
            out.writeBytes(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        String previous = "\n";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String end = switch (r.nextInt(3)) {
                case 0 -> "\n";
                case 1 -> "\r";
                default -> "\r\n";
            };
            if (previous.equals("\r") && line.isEmpty() && end.equals("\n")) {
                end = "\r\n"; // "\r" then "\n" would be one CRLF, not two line ends
            }
            boolean last = i == lines.size() - 1;
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (!last || finalBlankLine) {
                out.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
            }
            previous = end;
        }
        return new Stream(events, out.toByteArray());
    }

    /** Decodes {@code body} in reads ending at {@code cuts}; returns the events and the decoder. */
    static List<SseDecoder.Event> decode(SseDecoder d, byte[] body, TreeSet<Integer> cuts) {
        List<SseDecoder.Event> out = new ArrayList<>();
        SseDecoder.Handler h = (name, data, len) -> out.add(new SseDecoder.Event(name,
                new String(data, 0, len, StandardCharsets.UTF_8)));
        int prev = 0;
        for (int c : cuts) {
            if (c > prev && c < body.length) {
                d.decode(body, prev, c - prev, h);
                prev = c;
            }
        }
        d.decode(body, prev, body.length - prev, h);
        d.end(h);
        return out;
    }

    static TreeSet<Integer> cuts(byte[] body, long seed, int count) {
        Random r = new Random(seed);
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < count && body.length > 1; i++) {
            cuts.add(1 + r.nextInt(body.length - 1));
        }
        return cuts;
    }

    static List<SseDecoder.Event> expected(List<Ev> events) {
        return events.stream().map(e -> new SseDecoder.Event(e.name(), e.data())).toList();
    }

    static void assertLinear(SseDecoder d, int inputBytes) {
        assertThat(d.work()).as("work for %d input bytes", inputBytes).isLessThanOrEqualTo(10L * inputBytes + 64);
    }

    @Property(tries = 300)
    void everyEventArrivesOnceInOrderWhateverTheSplitAndLineEndings(
            @ForAll("events") List<Ev> events, @ForAll long seed, @ForAll boolean bom,
            @ForAll @IntRange(min = 0, max = 200) int pieces) {
        Stream s = encode(events, seed, bom, true);
        SseDecoder d = new SseDecoder();
        assertThat(decode(d, s.bytes(), cuts(s.bytes(), seed, pieces))).isEqualTo(expected(events));
        assertLinear(d, s.bytes().length);
    }

    @Property(tries = 100)
    void oneByteAtATimeIsTheSameAsAllAtOnce(@ForAll("events") List<Ev> events, @ForAll long seed,
                                            @ForAll boolean bom) {
        Stream s = encode(events, seed, bom, true);
        TreeSet<Integer> everyByte = new TreeSet<>();
        for (int i = 1; i < s.bytes().length; i++) {
            everyByte.add(i);
        }
        SseDecoder d = new SseDecoder();
        assertThat(decode(d, s.bytes(), everyByte)).isEqualTo(expected(events));
        assertLinear(d, s.bytes().length);
    }

    @Property(tries = 100)
    void aStreamClosedWithoutItsLastBlankLineLosesNothing(@ForAll("events") List<Ev> events, @ForAll long seed,
                                                          @ForAll @IntRange(min = 0, max = 50) int pieces) {
        Stream s = encode(events, seed, false, false);
        assertThat(decode(new SseDecoder(), s.bytes(), cuts(s.bytes(), seed, pieces))).isEqualTo(expected(events));
    }

    @Property(tries = 15)
    void hugeEventsArriveWholeWithLinearWork(@ForAll @IntRange(min = 100_000, max = 2_000_000) int size,
                                             @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int pieces) {
        Random r = new Random(seed);
        StringBuilder big = new StringBuilder(size);
        while (big.length() < size) {
            big.append((char) ('a' + r.nextInt(26))).append(r.nextInt(50) == 0 ? "\u00e9" : "");
        }
        List<Ev> events = List.of(new Ev("content_block_delta", List.of("{\"text\":\"" + big + "\"}")),
                new Ev(null, List.of("[DONE]")));
        Stream s = encode(events, seed, false, true);
        SseDecoder d = new SseDecoder();
        assertThat(decode(d, s.bytes(), cuts(s.bytes(), seed, pieces))).isEqualTo(expected(events));
        assertLinear(d, s.bytes().length);
    }

    @Property(tries = 200)
    void arbitraryBytesNeverFailNorLoopAndSplittingChangesNothing(
            @ForAll @Size(max = 2000) byte[] body, @ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int pieces) {
        SseDecoder whole = new SseDecoder();
        List<SseDecoder.Event> once = decode(whole, body, new TreeSet<>());
        SseDecoder split = new SseDecoder();
        assertThat(decode(split, body, cuts(body, seed, pieces))).isEqualTo(once);
        assertLinear(whole, body.length);
        assertLinear(split, body.length);
        long blankLines = countBlankLinesUpperBound(body);
        assertThat((long) once.size()).isLessThanOrEqualTo(blankLines + 1);
    }

    /** Line ends are an upper bound of dispatched events (each needs a line end, or the end of input). */
    private static long countBlankLinesUpperBound(byte[] body) {
        long n = 0;
        for (byte b : body) {
            if (b == '\n' || b == '\r') {
                n++;
            }
        }
        return n;
    }

    @Property(tries = 50)
    void aPathologicalStreamOfTinyLinesOrOneEndlessLineStaysLinear(@ForAll @IntRange(min = 1, max = 200_000) int n,
                                                                   @ForAll boolean tinyLines) {
        byte[] body = new byte[n];
        for (int i = 0; i < n; i++) {
            body[i] = tinyLines ? (byte) (i % 2 == 0 ? '\n' : ':') : (byte) 'x';
        }
        SseDecoder d = new SseDecoder();
        SseDecoder.Handler none = (name, data, len) -> { };
        for (int i = 0; i < n; i++) {
            d.decode(body, i, 1, none); // the worst split: one byte per read
        }
        d.end(none);
        assertLinear(d, n);
    }

    @Property(tries = 30)
    void aLineOverTheLimitIsRefusedNotHeld(@ForAll @IntRange(min = 1, max = 64) int pieces, @ForAll long seed) {
        byte[] body = ("data: " + "x".repeat(5000) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        SseDecoder d = new SseDecoder(4096);
        assertThatThrownBy(() -> decode(d, body, cuts(body, seed, pieces)))
                .isInstanceOf(SseDecoder.EventTooLargeException.class);
    }

    @Provide
    Arbitrary<List<Ev>> events() {
        return event().list().ofMaxSize(25);
    }
}
