package dev.roadlab.engine.submissions;

import java.util.List;

/**
 * How one file changed from the previous attempt, as a unified diff.
 *
 * @param name   the file
 * @param lines  the unified diff's lines ("--- a", "+++ b", "@@ ... @@", then context, removals and additions);
 *               empty when the file did not change
 */
public record FileDiff(String name, List<Line> lines) {

    public FileDiff {
        lines = List.copyOf(lines);
    }

    public boolean unchanged() {
        return lines.isEmpty();
    }

    /** What a line of a unified diff is, so a page can colour it. */
    public enum Kind {
        HEADER, HUNK, CONTEXT, ADDED, REMOVED;

        public String cssClass() {
            return "diff-" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param kind what the line is; @param text the line as the diff prints it, its +, - or space included */
    public record Line(Kind kind, String text) {
    }
}
