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
}
