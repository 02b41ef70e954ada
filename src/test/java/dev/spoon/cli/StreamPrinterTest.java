package dev.spoon.cli;

import dev.spoon.llm.ResponseChunk;
import dev.spoon.llm.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The flush policy: prompt for a person watching, few writes for a fast stream. Time is the test's. */
class StreamPrinterTest {
    /** Counts the writes that reach "standard output". */
    static final class CountingOut extends ByteArrayOutputStream {
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final CountingOut out = new CountingOut();

    private void advanceMs(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void theFirstTokenAndAnyTokenAfterAPauseShowAtOnceOthersWithinOneTick() {
        StreamPrinter p = new StreamPrinter(out, false, now::get, false);
        p.onChunk(ResponseChunk.text("Hel"));
        assertThat(out.text()).isEqualTo("Hel");
        advanceMs(1);
        p.onChunk(ResponseChunk.text("lo"));
        assertThat(out.text()).as("buffered: the previous flush was 1 ms ago").isEqualTo("Hel");
        p.tick();
        assertThat(out.text()).isEqualTo("Hello");
        advanceMs(500);
        p.onChunk(ResponseChunk.text(" world"));
        assertThat(out.text()).as("after a pause the token shows at once").isEqualTo("Hello world");
        p.finish();
        assertThat(p.endedWithNewline()).isFalse();
    }

    @Test
    void aFastStreamIsWrittenInFewLargeWritesAndNothingIsLost() {
        StreamPrinter p = new StreamPrinter(out, true, now::get, false);
        for (int i = 0; i < 10_000; i++) {
            p.onChunk(ResponseChunk.text("token" + i + " \"q\" é\n"));
        }
        p.finish();
        String[] lines = out.text().split("\n");
        assertThat(lines).hasSize(10_000);
        assertThat(Json.tryParse(lines[9_999]).get("content").asText()).isEqualTo("token9999 \"q\" é\n");
        assertThat(Json.tryParse(lines[0]).get("type").asText()).isEqualTo("delta");
        assertThat(out.writes).as("writes for 10,000 chunks").isLessThan(20);
    }

    @Test
    void eventsAreWrittenAtOnceBetweenTheDeltas() {
        StreamPrinter p = new StreamPrinter(out, true, now::get, false);
        p.onChunk(ResponseChunk.text("a"));
        advanceMs(1);
        p.onChunk(ResponseChunk.text("b"));
        p.event(Json.MAPPER.createObjectNode().put("type", "retry"));
        assertThat(out.text()).isEqualTo("{\"type\":\"delta\",\"content\":\"a\"}\n{\"type\":\"delta\",\"content\":\"b\"}\n"
                + "{\"type\":\"retry\"}\n");
        p.finish();
    }
}
