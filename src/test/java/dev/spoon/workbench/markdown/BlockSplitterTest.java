package dev.spoon.workbench.markdown;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockSplitterTest {

    @Test
    void blocksEndAtBlankLinesOutsideFences() {
        BlockSplitter s = new BlockSplitter(false);
        StringBuilder text = new StringBuilder("para one\n");
        assertThat(s.advance(text)).isZero();
        text.append("\n");
        assertThat(s.advance(text)).isEqualTo(10);
        text.append("```\ncode\n\nmore code\n");
        assertThat(s.advance(text)).as("a blank line inside a fence does not end the block").isEqualTo(10);
        text.append("```\n");
        assertThat(s.advance(text)).isEqualTo(text.length());
    }

    @Test
    void tokensArrivingMidLineAreScannedOnce() {
        BlockSplitter s = new BlockSplitter(false);
        StringBuilder text = new StringBuilder();
        for (String piece : new String[] {"Hel", "lo\n", "\n", "wor", "ld"}) {
            text.append(piece);
            s.advance(text);
        }
        assertThat(s.committed()).isEqualTo(7);
    }

    @Test
    void longParagraphWithoutBreaksIsCutAtASpace() {
        BlockSplitter s = new BlockSplitter(false);
        String text = "word ".repeat(BlockSplitter.MAX_OPEN);
        int committed = s.advance(text);
        assertThat(committed).isGreaterThan(0);
        assertThat(text.charAt(committed - 1)).isEqualTo(' ');
        assertThat(text.length() - committed).isLessThanOrEqualTo(BlockSplitter.MAX_OPEN);
    }

    @Test
    void plainModeCommitsEveryLine() {
        BlockSplitter s = new BlockSplitter(true);
        assertThat(s.advance("a\nb\nc")).isEqualTo(4);
    }

    @Test
    void aLongTableIsNeverCutSoItsColumnsStayAligned() {
        BlockSplitter s = new BlockSplitter(false);
        StringBuilder text = new StringBuilder("| a | b |\n|---|---|\n");
        while (text.length() < 3 * BlockSplitter.MAX_OPEN) {
            text.append("| some cell text | more text here |\n");
            assertThat(s.advance(text)).isZero();
        }
        text.append("\nafter\n");
        assertThat(s.advance(text)).isEqualTo(text.length() - "after\n".length());
    }
}
