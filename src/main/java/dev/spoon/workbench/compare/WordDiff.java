package dev.spoon.workbench.compare;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level diff of two answers (java-diff-utils over word and whitespace tokens). The segments, joined,
 * give the left text with deletions and insertions marked in place: the {@link Kind#EQUAL} and
 * {@link Kind#DELETED} segments rebuild the left text, the {@link Kind#EQUAL} and {@link Kind#INSERTED} ones
 * the right text.
 */
public final class WordDiff {
    private static final Pattern TOKEN = Pattern.compile("\\s+|[^\\s]+");

    /** What a segment is. */
    public enum Kind { EQUAL, DELETED, INSERTED }

    /** A run of text of one kind. */
    public record Segment(Kind kind, String text) {
    }

    /**
     * The result.
     *
     * @param deletedWords  words only in the left text
     * @param insertedWords words only in the right text
     */
    public record Result(List<Segment> segments, int deletedWords, int insertedWords) {
        public boolean identical() {
            return deletedWords == 0 && insertedWords == 0;
        }
    }

    private WordDiff() {
    }

    public static Result diff(String left, String right) {
        List<String> a = tokens(left == null ? "" : left);
        List<String> b = tokens(right == null ? "" : right);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Segment> out = new ArrayList<>();
        int deleted = 0;
        int inserted = 0;
        int pos = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            int at = d.getSource().getPosition();
            add(out, Kind.EQUAL, a.subList(pos, at));
            List<String> del = d.getSource().getLines();
            List<String> ins = d.getTarget().getLines();
            add(out, Kind.DELETED, del);
            add(out, Kind.INSERTED, ins);
            deleted += words(del);
            inserted += words(ins);
            pos = at + del.size();
        }
        add(out, Kind.EQUAL, a.subList(pos, a.size()));
        return new Result(List.copyOf(out), deleted, inserted);
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int words(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            if (!t.isBlank()) {
                n++;
            }
        }
        return n;
    }

    private static void add(List<Segment> out, Kind kind, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == kind) {
            Segment last = out.remove(out.size() - 1);
            text = last.text() + text;
        }
        out.add(new Segment(kind, text));
    }
}
