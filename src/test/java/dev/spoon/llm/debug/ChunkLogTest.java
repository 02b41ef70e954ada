package dev.spoon.llm.debug;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkLogTest {
    @Test
    void smallLogsStayPlainAndLargeOnesAreDeflatedWithoutLoss() {
        ChunkLog small = ChunkLog.of(List.of("{\"a\":1}", "[DONE]"), List.of(10L, 20L));
        assertThat(small.events()).containsExactly("{\"a\":1}", "[DONE]");
        assertThat(small.storedBytes()).isEqualTo(small.totalChars());

        List<String> events = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":"
                    + "{\"content\":\"Olá wörld ✓ " + i + "\"}}]}");
            offsets.add(i * 1000L);
        }
        ChunkLog big = ChunkLog.of(events, offsets);
        assertThat(big.size()).isEqualTo(300);
        assertThat(big.events()).isEqualTo(events);
        assertThat(big.event(157)).isEqualTo(events.get(157));
        assertThat(big.offsetMicros(299)).isEqualTo(299_000L);
        assertThat(big.storedBytes()).isLessThan(big.totalChars() / 4);
    }

    @Test
    void aLongStreamIsSealedInBlocksAndEveryEventReadsBackTheSameWay() {
        List<String> events = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        ChunkLog.Builder b = new ChunkLog.Builder();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String e = i == 2_500 ? "x".repeat(ChunkLog.BLOCK_CHARS * 2) // one event larger than a block
                    : "{\"choices\":[{\"delta\":{\"content\":\"Olá wörld ✓ \uD83D\uDE00 " + i + "\"}}]}";
            events.add(e);
            offsets.add(i * 10L);
            all.append(e);
            b.add(e, i * 10L);
        }
        ChunkLog log = b.build();
        assertThat(log.size()).isEqualTo(5_000);
        assertThat(log.totalChars()).isEqualTo(all.length());
        assertThat(log.text()).isEqualTo(all.toString());
        assertThat(log.events()).isEqualTo(events);
        for (int i : new int[]{0, 1, 999, 1_000, 1_001, 2_499, 2_500, 2_501, 4_999}) {
            assertThat(log.event(i)).as("event %d", i).isEqualTo(events.get(i));
            assertThat(all.substring(log.start(i), log.end(i))).isEqualTo(events.get(i));
        }
        List<String> visited = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        log.forEachEvent((i, text, start, end) -> {
            indexes.add(i);
            visited.add(text.substring(start, end));
        });
        assertThat(visited).isEqualTo(events);
        assertThat(indexes).hasSize(5_000).isSorted().startsWith(0).endsWith(4_999);
        assertThat(log.offsetMicros(4_999)).isEqualTo(49_990L);
        assertThat(log.storedBytes()).isLessThan(log.totalChars() / 4);
        assertThat(b.build().events()).as("building twice gives the same log").isEqualTo(events);
    }
}
