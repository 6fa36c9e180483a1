package dev.roadlab.engine.submissions;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Unified diffs between two attempts' files, computed by java-diff-utils (Myers' algorithm). */
final class SubmissionDiffs {

    private static final int CONTEXT_LINES = 3;

    private SubmissionDiffs() {
    }

    /** One diff per file of either attempt, by file name; a file only one side has is diffed against nothing. */
    static List<FileDiff> between(Map<String, String> previous, Map<String, String> current) {
        TreeSet<String> names = new TreeSet<>(previous.keySet());
        names.addAll(current.keySet());
        List<FileDiff> diffs = new ArrayList<>();
        for (String name : names) {
            List<String> before = lines(previous.get(name));
            List<String> after = lines(current.get(name));
            Patch<String> patch = DiffUtils.diff(before, after);
            if (patch.getDeltas().isEmpty()) {
                diffs.add(new FileDiff(name, List.of()));
                continue;
            }
            List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(
                    previous.containsKey(name) ? "previous/" + name : "/dev/null",
                    current.containsKey(name) ? "this/" + name : "/dev/null", before, patch, CONTEXT_LINES);
            diffs.add(new FileDiff(name, unified.stream().map(SubmissionDiffs::line).toList()));
        }
        return diffs;
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : text.lines().toList();
    }

    private static FileDiff.Line line(String text) {
        FileDiff.Kind kind;
        if (text.startsWith("--- ") || text.startsWith("+++ ")) {
            kind = FileDiff.Kind.HEADER;
        } else if (text.startsWith("@@")) {
            kind = FileDiff.Kind.HUNK;
        } else if (text.startsWith("+")) {
            kind = FileDiff.Kind.ADDED;
        } else if (text.startsWith("-")) {
            kind = FileDiff.Kind.REMOVED;
        } else {
            kind = FileDiff.Kind.CONTEXT;
        }
        return new FileDiff.Line(kind, text);
    }
}
