package dev.spoon.workbench.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTest {

    private static List<String> texts(List<StyledLine> lines) {
        return lines.stream().map(StyledLine::text).toList();
    }

    @Test
    void headingsEmphasisAndInlineCodeLoseTheirMarkup() {
        List<StyledLine> lines = MarkdownRenderer.render("## Title\n\nSome **bold**, *em* and `code`.\n");
        assertThat(texts(lines)).containsExactly("Title", "Some bold, em and code.");
        assertThat(lines.get(0).runs().get(1).styles()).contains("md-h2");
        assertThat(lines.get(1).runs()).anySatisfy(r -> {
            assertThat(r.text()).isEqualTo("bold");
            assertThat(r.styles()).contains("md-strong");
        });
        assertThat(lines.get(1).runs()).anySatisfy(r -> assertThat(r.styles()).contains("md-inline-code"));
    }

    @Test
    void blocksAreSeparatedByTheLastLinesStyleNotByBlankLines() {
        List<StyledLine> lines = MarkdownRenderer.render("First line\nsecond line\n\n- a\n- b\n\n```\ncode\n```\n");
        assertThat(texts(lines)).containsExactly("First line", "second line", "\u2022 a", "\u2022 b", "code", "code");
        assertThat(lines).extracting(l -> l.parStyles().contains(MarkdownRenderer.BLOCK_END))
                .containsExactly(false, true, false, true, false, true);
    }

    @Test
    void fencedCodeBlockHasALanguageHeaderThenItsLines() {
        List<StyledLine> lines = MarkdownRenderer.render("```python\nprint(1)\nprint(2)\n```\n");
        assertThat(lines.get(0).text()).isEqualTo("python");
        assertThat(lines.get(0).parStyles()).contains("md-code-header");
        assertThat(texts(lines).subList(1, 3)).containsExactly("print(1)", "print(2)");
        assertThat(lines.get(1).parStyles()).contains("md-code-block");
    }

    @Test
    void unclosedFenceWhileStreamingRendersAsCode() {
        List<StyledLine> lines = MarkdownRenderer.render("```\nint x = 1;");
        assertThat(lines.get(0).parStyles()).contains("md-code-header");
        assertThat(lines.get(1).text()).isEqualTo("int x = 1;");
    }

    @Test
    void listsGetBulletsAndNumbers() {
        assertThat(texts(MarkdownRenderer.render("- a\n- b\n"))).containsExactly("\u2022 a", "\u2022 b");
        assertThat(texts(MarkdownRenderer.render("3. c\n4. d\n"))).containsExactly("3. c", "4. d");
    }

    @Test
    void blankInputRendersNothing() {
        assertThat(MarkdownRenderer.render("  \n")).isEmpty();
    }
}
