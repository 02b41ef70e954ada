package dev.spoon.workbench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FramePacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void cheapDrawsHappenEveryFrame() {
        FramePacer p = new FramePacer();
        long t = 1_000 * MS;
        for (int i = 0; i < 10; i++) {
            assertThat(p.beginFrame(t)).isTrue();
            t += 16 * MS;
        }
    }

    @Test
    void aDrawThatOverrunsItsFrameIsFollowedByAPauseAsLongAsTheOverrun() {
        FramePacer p = new FramePacer();
        long t = 1_000 * MS;
        assertThat(p.beginFrame(t)).isTrue();
        t += 60 * MS; // that draw took 60 ms: 43 ms more than a frame
        assertThat(p.beginFrame(t)).isFalse();
        assertThat(p.lastCostNanos()).isEqualTo(60 * MS);
        assertThat(p.beginFrame(t + 16 * MS)).isFalse();
        assertThat(p.beginFrame(t + 32 * MS)).isFalse();
        assertThat(p.beginFrame(t + 44 * MS)).isTrue();
    }

    @Test
    void resetForgetsAnExpensiveDraw() {
        FramePacer p = new FramePacer();
        assertThat(p.beginFrame(0)).isTrue();
        assertThat(p.beginFrame(500 * MS)).isFalse();
        p.reset();
        assertThat(p.beginFrame(501 * MS)).isTrue();
    }
}
