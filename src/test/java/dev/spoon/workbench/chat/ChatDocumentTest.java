package dev.spoon.workbench.chat;

import dev.spoon.workbench.markdown.MarkdownRenderer;
import dev.spoon.workbench.markdown.StyledLine;
import dev.spoon.workbench.StreamBuffer;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed document (re-rendering only the lines of the open tail that changed) must end up exactly as a
 * finished answer rendered in one go: same text, same paragraph styles, same segment styles.
 */
@ExtendWith(ApplicationExtension.class)
class ChatDocumentTest {
    private static final String ANSWER = """
            ## Plan

            First we read the **config**, then we *stream*.
            A soft break keeps the paragraph.

            - one item with `code`
            - two
              continued

            ```java
            int x = 1;
            System.out.println(x);
            ```

            > a quote
            > over two lines

            1. first
            2. second

            | Provider | Latency | Notes |
            |:---|---:|:-:|
            | openai | 412 ms | **fast**, with a note long enough to wrap in its column |
            | sim | 3 ms | `local` |

            - [x] ~~old~~ done
            - [ ] see https://example.org/docs

            Setext heading
            --------------

            Done, with a [link](http://localhost/) and a trailing line""";

    private final ChatDocument.Actions none = ChatDocument.Actions.NONE;
    private ChatDocument streamed;

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()); // the colours markdown.css uses
        streamed = new ChatDocument(none);
        StackPane root = new StackPane();
        stage.setScene(new Scene(root, 600, 400));
        root.applyCss(); // the theme's colours first, then the document (see WorkbenchApp.install)
        root.getChildren().add(new VirtualizedScrollPane<>(streamed.area()));
        stage.show();
    }

    @Test
    void anAnswerStreamedInRandomPiecesEndsAsTheWholeAnswerRendered(FxRobot robot) {
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            robot.interact(() -> {
                ChatTurn user = ChatTurn.user("hi");
                ChatTurn live = ChatTurn.streaming("sim", "m");
                streamed.reset(List.of());
                streamed.begin(user, 0);
                streamed.begin(live, 1);
                for (int at = 0; at < ANSWER.length(); ) {
                    int n = Math.min(ANSWER.length() - at, 1 + random.nextInt(12));
                    String piece = ANSWER.substring(at, at + n);
                    streamed.delta(live, new StreamBuffer.Delta(piece, "", System.nanoTime()));
                    at += n;
                    // mid-stream, the text shown is always the text so far, rendered (no stale or doubled lines)
                    if (random.nextInt(8) == 0) {
                        assertThat(styledParagraphs(streamed)).isEqualTo(expectedSoFar(ANSWER.substring(0, at), streamed.tableChars()));
                    }
                }
                live.finish(ChatTurn.Status.DONE, null, "m", List.of(), 10L, 100, null, null, 50);
                streamed.finish(live);

            });
            List<String> fromStream = styledParagraphs(streamed);
            assertThat(streamed.text()).contains("Plan\nFirst we read the config, then we stream.\n")
                    .contains("int x = 1;\nSystem.out.println(x);\n").doesNotContain("**").doesNotContain("```");
            assertThat(answerPart(fromStream)).isEqualTo(expectedSoFar(ANSWER, streamed.tableChars()));
        }
    }

    /** The paragraphs of the answer as rendered in one go (what the stream must show after {@code text}). */
    private static List<String> expectedSoFar(String text, int tableChars) {
        List<String> out = new ArrayList<>();
        for (StyledLine l : MarkdownRenderer.render(text, tableChars)) {
            // the document merges neighbouring runs of the same style into one segment
            List<StyledLine.Run> merged = new ArrayList<>();
            for (StyledLine.Run r : l.runs()) {
                if (r.text().isEmpty()) {
                    continue;
                }
                StyledLine.Run last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && last.styles().equals(r.styles())) {
                    merged.set(merged.size() - 1, new StyledLine.Run(last.text() + r.text(), r.styles()));
                } else {
                    merged.add(r);
                }
            }
            out.add(describe(l.text(), l.parStyles(), merged.stream().map(r -> r.text() + r.styles()).toList()));
        }
        return out;
    }

    /** Every paragraph of {@code doc} from the answer's first line (after the two header lines and user text). */
    private static List<String> styledParagraphs(ChatDocument doc) {
        return answerPart(allParagraphs(doc));
    }

    private static List<String> allParagraphs(ChatDocument doc) {
        List<String> out = new ArrayList<>();
        var area = doc.area();
        for (int i = 0; i < area.getParagraphs().size(); i++) {
            var p = area.getParagraph(i);
            List<String> segs = new ArrayList<>();
            p.getStyledSegments().forEach(s -> {
                if (!s.getSegment().isEmpty()) {
                    segs.add(s.getSegment() + List.copyOf(s.getStyle()));
                }
            });
            out.add(describe(p.getText(), List.copyOf(p.getParagraphStyle()), segs));
        }
        return out;
    }

    /** Drops the user turn and the answer header before the answer, and the footer and trailing line after. */
    private static List<String> answerPart(List<String> paragraphs) {
        int start = 0;
        int seen = 0;
        for (int i = 0; i < paragraphs.size(); i++) {
            if (paragraphs.get(i).contains("turn-header")) {
                seen++;
                if (seen == 2) {
                    start = i + 1;
                    break;
                }
            }
        }
        int end = paragraphs.size();
        for (int i = start; i < paragraphs.size(); i++) {
            if (paragraphs.get(i).contains("turn-footer") || paragraphs.get(i).contains("turn-error")) {
                end = i;
                break;
            }
        }
        List<String> out = new ArrayList<>(paragraphs.subList(start, end));
        while (!out.isEmpty() && out.get(out.size() - 1).startsWith("'' []")) {
            out.remove(out.size() - 1); // the document's trailing empty line
        }
        return out;
    }

    private static String describe(String text, List<String> parStyles, List<String> segments) {
        return "'" + text + "' " + parStyles + " " + segments;
    }
}
