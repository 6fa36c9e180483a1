package dev.roadlab.engine.web.view;

import dev.roadlab.engine.cohorts.LabStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lab's charts for its cohort, drawn on the server as SVG (no script, styled by class from app.css): the
 * distribution of the learners' best scores, and per check the share of learners it stops.
 */
public final class CohortCharts {

    private CohortCharts() {
    }

    /**
     * A histogram of best scores: one bar per score up to 10 points, ten equal ranges above.
     *
     * @param bars   left to right, lowest scores first
     * @param axis   the baseline's y
     * @param labels the x axis's labels under the bars
     */
    public record Histogram(int width, int height, int axis, List<Bar> bars, List<Label> labels, String summary) {
    }

    /** @param label what a reader hears or sees on hover: "4 to 5 points: 3 learners" */
    public record Bar(String x, String y, String width, String height, String label, int count) {
    }

    public record Label(String x, String y, String text) {
    }

    /** Per check, one row: its title over a bar as long as the share it stops. */
    public record CheckBars(int width, int height, List<CheckRow> rows) {
    }

    public record CheckRow(String titleY, String title, String barY, String barWidth, String valueX, String valueY,
                           String value, String label) {
    }

    static final int WIDTH = 480;
    static final int HEIGHT = 180;
    static final int PAD = 8;
    static final int LABEL_SPACE = 22;

    public static Histogram histogram(LabStatistics stats) {
        int max = stats.lab().maxScore();
        int binCount = max <= 10 ? max + 1 : 10;
        int[] counts = new int[binCount];
        for (int score : stats.bestScores()) {
            counts[bin(score, max, binCount)]++;
        }
        int highest = 1;
        for (int c : counts) {
            highest = Math.max(highest, c);
        }
        int axis = HEIGHT - LABEL_SPACE;
        double slot = (WIDTH - 2.0 * PAD) / binCount;
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < binCount; i++) {
            double h = (axis - PAD) * (double) counts[i] / highest;
            double x = PAD + slot * i + slot * 0.1;
            int low = low(i, max, binCount);
            int high = high(i, max, binCount);
            String range = low == high ? low + (low == 1 ? " point" : " points")
                    : low + " to " + high + " points";
            bars.add(new Bar(f(x), f(axis - h), f(slot * 0.8), f(h), range + ": " + counts[i]
                    + (counts[i] == 1 ? " learner" : " learners"), counts[i]));
            if (max <= 10 || i % 2 == 0 || i == binCount - 1) {
                labels.add(new Label(f(PAD + slot * i + slot / 2), String.valueOf(HEIGHT - 6),
                        low == high ? String.valueOf(low) : low + "–" + high));
            }
        }
        String summary = stats.submitted() + " of " + stats.learners() + " learners submitted; "
                + stats.passed() + " passed (" + percent(stats.passRate()) + ").";
        return new Histogram(WIDTH, HEIGHT, axis, List.copyOf(bars), List.copyOf(labels), summary);
    }

    /** The bin of a score: its own below 11 points; tenths of the maximum above, full marks in the last. */
    static int bin(int score, int max, int binCount) {
        if (max <= 10) {
            return Math.max(0, Math.min(score, max));
        }
        return Math.max(0, Math.min(binCount - 1, score * binCount / max));
    }

    /** The lowest score {@link #bin} puts in this bin. */
    static int low(int bin, int max, int binCount) {
        int score = 0;
        while (score < max && bin(score, max, binCount) < bin) {
            score++;
        }
        return score;
    }

    /** The highest score {@link #bin} puts in this bin. */
    static int high(int bin, int max, int binCount) {
        int score = max;
        while (score > 0 && bin(score, max, binCount) > bin) {
            score--;
        }
        return score;
    }

    static final int CHECKS_WIDTH = 560;
    static final int ROW = 38;

    public static CheckBars checks(LabStatistics stats) {
        List<CheckRow> rows = new ArrayList<>();
        int barSpace = CHECKS_WIDTH - 2 * PAD - 56;
        for (int i = 0; i < stats.checks().size(); i++) {
            LabStatistics.CheckShare check = stats.checks().get(i);
            int top = PAD + ROW * i;
            double w = Math.max(check.stopped() > 0 ? 2 : 0, barSpace * check.share());
            String title = check.title().length() > 80 ? check.title().substring(0, 79) + "…" : check.title();
            rows.add(new CheckRow(String.valueOf(top + 12), title, String.valueOf(top + 17), f(w),
                    f(PAD + w + 6), String.valueOf(top + 28), percent(check.share()),
                    check.title() + ": stops " + check.stopped() + " of " + check.of() + " learners ("
                            + percent(check.share()) + ")"));
        }
        return new CheckBars(CHECKS_WIDTH, PAD * 2 + ROW * Math.max(1, rows.size()), List.copyOf(rows));
    }

    public static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
