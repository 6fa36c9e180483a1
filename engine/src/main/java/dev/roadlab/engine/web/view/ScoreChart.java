package dev.roadlab.engine.web.view;

import dev.roadlab.engine.submissions.Attempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The score over a learner's attempts as a small SVG line chart, drawn on the server so it needs no script: one
 * point per graded attempt, oldest on the left, full marks at the top. Attempts that were our fault are left out.
 *
 * @param width     the drawing's width in SVG units
 * @param height    its height
 * @param polyline  the line's points, "x,y x,y ..."
 * @param points    each attempt's dot with its label
 */
public record ScoreChart(int width, int height, String polyline, List<Point> points) {

    static final int WIDTH = 320;
    static final int HEIGHT = 80;
    static final int PAD = 8;

    /** @param x, y where; @param label what a reader hears or sees on hover, e.g. "Attempt 2: 8 of 14 points" */
    public record Point(String x, String y, String label) {
    }

    /** The chart of these attempts (newest first, as listed), or null when fewer than one was graded. */
    public static ScoreChart of(List<Attempt> newestFirst) {
        List<Attempt> graded = new ArrayList<>(newestFirst.stream().filter(Attempt::counts).toList()).reversed();
        if (graded.isEmpty()) {
            return null;
        }
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int n = graded.size();
        for (int i = 0; i < n; i++) {
            Attempt a = graded.get(i);
            double x = n == 1 ? WIDTH / 2.0 : PAD + (WIDTH - 2.0 * PAD) * i / (n - 1);
            double fraction = a.maxScore() == 0 ? 0 : (double) a.score().orElse(0) / a.maxScore();
            double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * fraction;
            String sx = String.format(Locale.ROOT, "%.1f", x);
            String sy = String.format(Locale.ROOT, "%.1f", y);
            line.append(i == 0 ? "" : " ").append(sx).append(',').append(sy);
            points.add(new Point(sx, sy, "Attempt " + (i + 1) + ": " + a.score().orElse(0) + " of " + a.maxScore()
                    + " points"));
        }
        return new ScoreChart(WIDTH, HEIGHT, line.toString(), List.copyOf(points));
    }
}
