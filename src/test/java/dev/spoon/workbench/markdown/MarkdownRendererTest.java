package dev.spoon.workbench.markdown;

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

    @Test
    void tablesHaveAlignedColumnsAHeaderRowAndARule() {
        List<StyledLine> lines = MarkdownRenderer.render("""
                | Provider | Latency | Notes |
                |:---|---:|:-:|
                | openai | 412 ms | **fast** |
                | sim | 3 ms | `local` |
                """);
        assertThat(texts(lines)).containsExactly(
                "Provider \u2502 Latency \u2502 Notes",
                "openai   \u2502  412 ms \u2502 fast ",
                "sim      \u2502    3 ms \u2502 local");
        assertThat(lines).allSatisfy(l -> assertThat(l.parStyles()).contains(MarkdownRenderer.TABLE));
        assertThat(lines.get(0).parStyles()).contains("md-table-head", "md-table-head-end");
        assertThat(lines.get(0).runs()).filteredOn(r -> r.text().equals("Provider"))
                .allSatisfy(r -> assertThat(r.styles()).contains("md-strong", "md-table-cell"));
        assertThat(lines.get(1).runs()).filteredOn(r -> r.text().equals("fast"))
                .allSatisfy(r -> assertThat(r.styles()).contains("md-strong", "md-table-cell"));
        assertThat(lines.get(2).runs()).filteredOn(r -> r.text().equals("local"))
                .allSatisfy(r -> assertThat(r.styles()).contains("md-inline-code"));
        assertThat(lines.get(2).parStyles()).contains(MarkdownRenderer.BLOCK_END);
        assertThat(String.join("\n", texts(lines))).doesNotContain("|").doesNotContain("---");
    }

    @Test
    void aTableWiderThanTheViewWrapsItsWideColumnsWithinTheirWidth() {
        String long1 = "the provider answered with a long explanation of what went wrong";
        List<StyledLine> lines = MarkdownRenderer.render("| # | What |\n|---|---|\n| 1 | " + long1 + " |\n", 30);
        assertThat(lines).allSatisfy(l -> assertThat(l.text().length()).isLessThanOrEqualTo(30));
        List<String> body = texts(lines).subList(1, lines.size());
        assertThat(body).hasSizeGreaterThan(2);
        assertThat(body).allSatisfy(l -> assertThat(l.indexOf('\u2502')).isEqualTo(2)); // columns stay aligned
        assertThat(String.join(" ", body.stream().map(l -> l.substring(4).strip()).toList())).isEqualTo(long1);
    }

    @Test
    void strikethroughTaskListsAndAutolinks() {
        List<StyledLine> lines = MarkdownRenderer.render("""
                - [x] ~~old~~ done
                - [ ] see https://example.org/docs
                """);
        assertThat(texts(lines)).containsExactly("\u2611 old done", "\u2610 see https://example.org/docs");
        assertThat(lines.get(0).runs()).anySatisfy(r -> {
            assertThat(r.text()).isEqualTo("old");
            assertThat(r.styles()).contains("md-strike");
        });
        assertThat(lines.get(0).runs().get(0).styles()).contains("md-task-done");
        assertThat(lines.get(1).runs().get(0).styles()).contains("md-task");
        assertThat(lines.get(1).runs()).anySatisfy(r -> {
            assertThat(r.text()).isEqualTo("https://example.org/docs");
            assertThat(r.styles()).contains("md-link");
        });
    }
}
