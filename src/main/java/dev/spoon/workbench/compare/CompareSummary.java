package dev.spoon.workbench.compare;

import java.util.List;

/**
 * Which columns stand out in the latest turn: indexes into the column list, -1 when no column qualifies
 * (nothing finished, or no prices known for "cheapest").
 */
public record CompareSummary(int fastest, int cheapest, int longest) {
    public static final CompareSummary NONE = new CompareSummary(-1, -1, -1);

    /** Computes the summary over the columns' latest finished, successful answers. */
    static CompareSummary of(List<CompareColumn> columns) {
        int fastest = -1;
        int cheapest = -1;
        int longest = -1;
        long bestTime = Long.MAX_VALUE;
        double bestCost = Double.MAX_VALUE;
        long bestLength = -1;
        for (int i = 0; i < columns.size(); i++) {
            CompareColumn c = columns.get(i);
            ColumnFigures f = c.figuresProperty().get();
            if (f == null || f.failed() || c.stateProperty().get() != CompareColumn.State.DONE) {
                continue;
            }
            if (f.totalMs() != null && f.totalMs() < bestTime) {
                bestTime = f.totalMs();
                fastest = i;
            }
            if (f.costUsd() != null && f.costUsd() < bestCost) {
                bestCost = f.costUsd();
                cheapest = i;
            }
            long len = f.completionTokens() != null ? f.completionTokens() : c.latestAnswer().length();
            if (len > bestLength) {
                bestLength = len;
                longest = i;
            }
        }
        return new CompareSummary(fastest, cheapest, longest);
    }

    /** The marks of column {@code i} ("fastest", "cheapest", "longest"), possibly empty. */
    public List<String> marksOf(int i) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        if (i == fastest) {
            out.add("fastest");
        }
        if (i == cheapest) {
            out.add("cheapest");
        }
        if (i == longest) {
            out.add("longest");
        }
        return out;
    }
}
